"""Reviewing: drafts, submission and revision of a review with its scores."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from grants import services as grant_services
from grants.models import Application, Cycle, TransitionRefused
from grants.workflow import REVIEWABLE_STATES, State
from reviews import signals, stored_scores
from reviews.models import (
    Assignment,
    AssignmentStatus,
    Criterion,
    Recommendation,
    Review,
    ReviewRevision,
    Score,
)
from reviews.services._common import _locked_assignment, _require_reviewer


@dataclass(frozen=True)
class ScoreInput:
    value: int | None = None
    is_na: bool = False
    comment: str = ""


def _check_may_score(assignment: Assignment, by) -> None:
    _require_reviewer(assignment, by)
    if assignment.status == AssignmentStatus.CONFLICT:
        raise TransitionRefused("You declared a conflict with this application.")
    if assignment.no_conflict_declared_at is None:
        raise TransitionRefused(
            "First confirm that you have no conflict of interest with this application."
        )
    if assignment.application.state not in REVIEWABLE_STATES:
        raise TransitionRefused(
            f"This application is {assignment.application.get_state_display().lower()}; "
            "reviews can no longer change."
        )


def _validate_scores(
    criteria: Sequence[Criterion], scores: Mapping[int, ScoreInput], *, complete: bool
) -> list[str]:
    problems = []
    known = {c.pk for c in criteria}
    if set(scores) - known:
        problems.append("Some scores are for criteria that are not in this rubric.")
    for criterion in criteria:
        given = scores.get(criterion.pk, ScoreInput())
        if given.is_na and not criterion.allows_na:
            problems.append(f"{criterion.name}: N/A is not allowed; choose a score.")
        elif given.value is not None and not (
            criterion.scale_min <= given.value <= criterion.scale_max
        ):
            problems.append(
                f"{criterion.name}: choose a score from {criterion.scale_min} "
                f"to {criterion.scale_max}."
            )
        elif complete and given.value is None and not given.is_na:
            or_na = " or N/A" if criterion.allows_na else ""
            problems.append(f"{criterion.name}: choose a score{or_na}.")
    if complete and criteria and all(scores.get(c.pk, ScoreInput()).is_na for c in criteria):
        problems.append("Score at least one criterion: a review of only N/A has no score.")
    return problems


def _score_snapshot(review: Review) -> dict[str, int | str | None]:
    return {str(s.criterion_id): ("N/A" if s.is_na else s.value) for s in review.scores.all()}


def _write(review: Review, criteria, scores, overall_comment, recommendation) -> None:
    review.overall_comment = overall_comment
    review.recommendation = recommendation
    review.save()
    by_criterion = {s.criterion_id: s for s in review.scores.all()}
    for criterion in criteria:
        given = scores.get(criterion.pk, ScoreInput())
        score = by_criterion.get(criterion.pk) or Score(review=review, criterion=criterion)
        score.value = None if given.is_na else given.value
        score.is_na = given.is_na
        score.comment = given.comment
        score.save()
    stored_scores.store_review_score(review)


def _criteria_for(assignment: Assignment) -> list[Criterion]:
    return list(Criterion.objects.of_cycle(assignment.application.cycle_id))


def _check_recommendation(assignment, recommendation: str, *, complete: bool) -> list[str]:
    if recommendation and recommendation not in Recommendation.values:
        return ["Choose one of the recommendations offered."]
    rubric = getattr(assignment.application.cycle, "rubric", None)
    if complete and rubric is not None and rubric.asks_recommendation and not recommendation:
        return ["Choose an overall recommendation."]
    return []


def may_revise(assignment: Assignment, *, at=None) -> bool:
    """A submitted review may change until the cycle's review deadline (always, when the
    cycle has none) while the application is still in review."""
    cycle = assignment.application.cycle
    at = at or timezone.now()
    in_time = cycle.reviews_due_at is None or at < cycle.reviews_due_at
    return in_time and assignment.application.state in REVIEWABLE_STATES


@transaction.atomic
def save_review_draft(
    *,
    assignment: Assignment,
    by,
    scores: Mapping[int, ScoreInput],
    overall_comment: str = "",
    recommendation: str = "",
) -> Review:
    """Keep what the reviewer has so far; nothing needs to be complete yet."""
    # The application first, then the assignment, as submitting does: saving the review
    # refreshes the application's totals, which locks its row (reviews.application_totals).
    Application.objects.select_for_update().get(pk=assignment.application_id)
    assignment = _locked_assignment(assignment)
    _check_may_score(assignment, by)
    if assignment.status == AssignmentStatus.SUBMITTED:
        raise TransitionRefused(
            "This review is already submitted. Change it with “Submit review” to save a revision."
        )
    criteria = _criteria_for(assignment)
    problems = _validate_scores(criteria, scores, complete=False)
    problems += _check_recommendation(assignment, recommendation, complete=False)
    if problems:
        raise TransitionRefused(problems)
    review, _ = Review.objects.get_or_create(assignment=assignment)
    _write(review, criteria, scores, overall_comment, recommendation)
    return review


@transaction.atomic
def submit_review(
    *,
    assignment: Assignment,
    by,
    scores: Mapping[int, ScoreInput],
    overall_comment: str = "",
    recommendation: str = "",
) -> Review:
    """Submit (or revise) a review. A revision is allowed until the cycle's review
    deadline and is kept with the scores before and after. When this brings the
    application to its required number of reviews, it moves to reviewed."""
    # Lock the application first: two reviewers submitting at once queue here, so the
    # count of submitted reviews below is exact.
    application = Application.objects.select_for_update().get(pk=assignment.application_id)
    assignment = _locked_assignment(assignment)
    _check_may_score(assignment, by)
    cycle = assignment.application.cycle
    revising = assignment.status == AssignmentStatus.SUBMITTED
    now = timezone.now()
    if revising and not may_revise(assignment, at=now):
        raise TransitionRefused(
            f"Reviews could be changed until {cycle.format_local(cycle.reviews_due_at)}; "
            "your submitted review stays as it is."
        )
    criteria = _criteria_for(assignment)
    if not criteria:
        raise TransitionRefused(
            "This cycle's rubric has no criteria yet, so there is nothing to score. "
            "The grants office has been asked to add them; please come back later."
        )
    problems = _validate_scores(criteria, scores, complete=True)
    problems += _check_recommendation(assignment, recommendation, complete=True)
    if problems:
        raise TransitionRefused(problems)

    review, _ = Review.objects.get_or_create(assignment=assignment)
    if revising:
        before, before_recommendation = _score_snapshot(review), review.recommendation
    _write(review, criteria, scores, overall_comment, recommendation)
    if revising:
        ReviewRevision.objects.create(
            review=review,
            revised_by=by,
            revised_at=now,
            old_scores=before,
            new_scores=_score_snapshot(review),
            old_recommendation=before_recommendation,
            new_recommendation=recommendation,
        )
    else:
        review.submitted_at = now
        review.save(update_fields=["submitted_at", "updated_at"])
        assignment.status = AssignmentStatus.SUBMITTED
        assignment.save(update_fields=["status"])
        _complete_if_enough(application, cycle, by=by)
    signals.review_submitted.send(sender=Review, review=review, by=by, revised=revising)
    return review


def _complete_if_enough(application: Application, cycle: Cycle, *, by) -> None:
    submitted = Assignment.objects.filter(
        application=application, status=AssignmentStatus.SUBMITTED
    ).count()
    if submitted >= cycle.reviewers_per_application and application.state == State.UNDER_REVIEW:
        grant_services.complete_review(
            application,
            by=by,
            note=f"{submitted} reviews submitted.",
            check_permission=False,
        )
