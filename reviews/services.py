"""Write side of the review process: one function per use case, each in one transaction.

Object permissions follow assignments: assigning grants the reviewer guardian's
`grants.review_application` on the application, unassigning and conflicts revoke it.
Application states move only through grants.services (which audits them); the signals
of reviews.signals are sent inside the same transaction as the change they describe.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from accounts.roles import Role
from grants import services as grant_services
from grants.models import Application, ApplicationUserObjectPermission, Cycle, TransitionRefused
from grants.workflow import REVIEWABLE_STATES, State
from reviews import auto_assign as planner
from reviews import signals
from reviews.models import (
    Assignment,
    AssignmentStatus,
    Criterion,
    KnownConflict,
    Recommendation,
    Review,
    ReviewRevision,
    Score,
)
from reviews.permissions import REVIEW_CODENAME, REVIEW_PERMISSION, may_manage_reviews

NOT_ALLOWED = "You are not allowed to do this."
# Applications that may get (more) reviewers.
ASSIGNABLE_STATES = (State.SUBMITTED, State.UNDER_REVIEW)
ACTIVE_STATUSES = (AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED)


def _require_board(user) -> None:
    if not may_manage_reviews(user):
        raise TransitionRefused("Only board members can change reviewer assignments.")


def _require_reviewer(assignment: Assignment, user) -> None:
    if user is None or assignment.reviewer_id != user.pk:
        raise TransitionRefused(NOT_ALLOWED)


def _locked_assignment(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application__cycle", "reviewer")
        .get(pk=assignment.pk)
    )


def reviewer_pool():
    """Everyone who may be asked to review: active members of the Reviewer role."""
    return User.objects.filter(is_active=True, groups__name=Role.REVIEWER).distinct()


# Assigning by hand -------------------------------------------------------------------


def _assignment_refusals(application: Application, reviewer, existing: dict, known: set) -> list:
    name = reviewer.full_name or reviewer.email
    title = str(application)
    if application.state not in ASSIGNABLE_STATES:
        return [f"“{title}” is {application.get_state_display().lower()}: it takes no reviewers."]
    if reviewer.pk == application.applicant_id:
        return [f"{name} is the applicant of “{title}”."]
    status = existing.get((application.pk, reviewer.pk))
    if status == AssignmentStatus.CONFLICT:
        return [f"{name} declared a conflict with “{title}”."]
    if status is not None:
        return [f"{name} is already assigned to “{title}”."]
    if (reviewer.pk, application.applicant_id) in known:
        return [f"{name} has a known conflict with the applicant of “{title}”."]
    return []


@transaction.atomic
def assign(
    *,
    by,
    applications: Sequence[Application],
    reviewers: Sequence,
    due_at: datetime | None = None,
) -> list[Assignment]:
    """Assign every reviewer to every application: one application and many reviewers, or
    many applications and one reviewer. All or nothing: any pair that may not be made
    refuses the whole request, with every reason listed."""
    _require_board(by)
    applications, reviewers = list(applications), list(reviewers)
    if not applications or not reviewers:
        raise TransitionRefused("Choose at least one application and one reviewer.")
    app_ids = [a.pk for a in applications]
    locked = list(
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=app_ids)
        .select_related("cycle")
        .order_by("pk")
    )
    reviewer_ids = [r.pk for r in reviewers]
    existing = {
        (a, r): s
        for a, r, s in Assignment.objects.filter(
            application_id__in=app_ids, reviewer_id__in=reviewer_ids
        ).values_list("application_id", "reviewer_id", "status")
    }
    known = set(
        KnownConflict.objects.filter(
            reviewer_id__in=reviewer_ids, applicant_id__in=[a.applicant_id for a in locked]
        ).values_list("reviewer_id", "applicant_id")
    )
    refusals = [
        reason
        for application in locked
        for reviewer in reviewers
        for reason in _assignment_refusals(application, reviewer, existing, known)
    ]
    if refusals:
        raise TransitionRefused(["Nothing was assigned.", *refusals])

    now = timezone.now()
    created = []
    for application in locked:
        for reviewer in reviewers:
            created.append(
                Assignment.objects.create(
                    application=application,
                    reviewer=reviewer,
                    assigned_by=by,
                    assigned_at=now,
                    due_at=due_at or application.cycle.reviews_due_at,
                )
            )
        assign_perm(REVIEW_PERMISSION, reviewers, application)
        _start_review_if_first(application, by=by)
    for assignment in created:
        signals.reviewer_assigned.send(sender=Assignment, assignment=assignment, by=by)
    return created


def _start_review_if_first(application: Application, *, by) -> None:
    if application.state == State.SUBMITTED:
        grant_services.start_review(
            application, by=by, note="First reviewer assigned.", check_permission=False
        )


@transaction.atomic
def unassign(*, assignment: Assignment, by) -> None:
    """Take a reviewer off an application; refused once their review is submitted."""
    _require_board(by)
    assignment = _locked_assignment(assignment)
    if assignment.status == AssignmentStatus.SUBMITTED:
        raise TransitionRefused(
            f"{assignment.reviewer} has already submitted their review; it counts in the "
            "ranking and cannot be taken back."
        )
    remove_perm(REVIEW_PERMISSION, assignment.reviewer, assignment.application)
    assignment.delete()


# Automatic assignment ----------------------------------------------------------------


@dataclass(frozen=True)
class AutoAssignPlan:
    """A preview of automatic assignment; nothing is saved until apply_plan()."""

    cycle: Cycle
    exclude_applicants_in_cycle: bool
    reviewer_ids: tuple[int, ...]
    plan: planner.Plan

    @property
    def pairs(self):
        return self.plan.pairs

    @property
    def shortfalls(self):
        return self.plan.shortfalls

    @property
    def fingerprint(self) -> str:
        return self.plan.fingerprint


def auto_assign(
    cycle: Cycle,
    *,
    seed: int,
    max_per_reviewer: int | None = None,
    exclude_applicants_in_cycle: bool = True,
    reviewers: Iterable | None = None,
) -> AutoAssignPlan:
    """Plan reviewers for every application of the cycle that still needs some (a
    preview: a fixed number of queries, nothing written). See reviews.auto_assign."""
    if reviewers is None:
        reviewer_ids = list(reviewer_pool().values_list("pk", flat=True))
    else:
        reviewer_ids = [getattr(r, "pk", r) for r in reviewers]
    applications = list(
        Application.objects.filter(cycle=cycle, state__in=ASSIGNABLE_STATES).values_list(
            "pk", "applicant_id"
        )
    )
    assigned: dict[int, set[int]] = {}
    declared: dict[int, set[int]] = {}
    loads: dict[int, int] = {}
    for app_id, reviewer_id, status in Assignment.objects.filter(
        application__cycle=cycle
    ).values_list("application_id", "reviewer_id", "status"):
        if status == AssignmentStatus.CONFLICT:
            declared.setdefault(app_id, set()).add(reviewer_id)
        else:
            assigned.setdefault(app_id, set()).add(reviewer_id)
            loads[reviewer_id] = loads.get(reviewer_id, 0) + 1
    known: dict[int, set[int]] = {}
    for reviewer_id, applicant_id in KnownConflict.objects.filter(
        reviewer_id__in=reviewer_ids
    ).values_list("reviewer_id", "applicant_id"):
        known.setdefault(applicant_id, set()).add(reviewer_id)
    applied: set[int] = set()
    if exclude_applicants_in_cycle:
        applied = set(
            Application.objects.filter(cycle=cycle, applicant_id__in=reviewer_ids)
            .exclude(state=State.WITHDRAWN)
            .values_list("applicant_id", flat=True)
        )

    wanted = cycle.reviewers_per_application
    needs = [
        planner.Need(app_id, applicant_id, wanted - len(assigned.get(app_id, ())))
        for app_id, applicant_id in applications
    ]
    result = planner.plan(
        needs,
        reviewer_ids,
        seed=seed,
        constraints=planner.Constraints(
            assigned=assigned, declared=declared, known=known, applied_in_cycle=applied
        ),
        loads=loads,
        max_per_reviewer=max_per_reviewer,
    )
    return AutoAssignPlan(
        cycle=cycle,
        exclude_applicants_in_cycle=exclude_applicants_in_cycle,
        reviewer_ids=tuple(sorted(set(reviewer_ids))),
        plan=result,
    )


@transaction.atomic
def apply_plan(plan: AutoAssignPlan, *, by, due_at: datetime | None = None) -> list[Assignment]:
    """Save a previewed plan: assignments and permissions in bulk, then move each
    application that got its first reviewer under review (audited by grants)."""
    _require_board(by)
    cycle = Cycle.objects.select_for_update().get(pk=plan.cycle.pk)
    # Re-plan under the cycle lock: a plan is only saved if it is still what was shown.
    current = auto_assign(
        cycle,
        seed=plan.plan.seed,
        max_per_reviewer=plan.plan.max_per_reviewer,
        exclude_applicants_in_cycle=plan.exclude_applicants_in_cycle,
        reviewers=plan.reviewer_ids,
    )
    if current.fingerprint != plan.fingerprint:
        raise TransitionRefused(
            "Assignments changed since this preview was made, so it was not saved. "
            "Look at the new preview and confirm again."
        )
    if not plan.pairs:
        return []
    now = timezone.now()
    due = due_at or cycle.reviews_due_at
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                application_id=app_id,
                reviewer_id=reviewer_id,
                assigned_by=by,
                assigned_at=now,
                due_at=due,
            )
            for app_id, reviewer_id in plan.pairs
        ]
    )
    permission = Permission.objects.get(content_type__app_label="grants", codename=REVIEW_CODENAME)
    ApplicationUserObjectPermission.objects.bulk_create(
        [
            ApplicationUserObjectPermission(
                permission=permission, user_id=reviewer_id, content_object_id=app_id
            )
            for app_id, reviewer_id in plan.pairs
        ],
        ignore_conflicts=True,
    )
    app_ids = {app_id for app_id, _ in plan.pairs}
    grant_services.start_review_many(app_ids, by=by, note="First reviewer assigned.")
    # Receivers read the application, its cycle and the reviewer: load them once for all.
    applications = Application.objects.select_related("cycle", "applicant").in_bulk(app_ids)
    reviewers = User.objects.in_bulk({reviewer_id for _, reviewer_id in plan.pairs})
    for assignment in assignments:
        assignment.application = applications[assignment.application_id]
        assignment.reviewer = reviewers[assignment.reviewer_id]
    signals.reviewers_assigned.send(sender=Assignment, assignments=assignments, by=by)
    return assignments


# Conflicts of interest ---------------------------------------------------------------


@transaction.atomic
def declare_no_conflict(*, assignment: Assignment, by) -> Assignment:
    assignment = _locked_assignment(assignment)
    _require_reviewer(assignment, by)
    if assignment.status == AssignmentStatus.CONFLICT:
        raise TransitionRefused("You already declared a conflict with this application.")
    if assignment.no_conflict_declared_at is None:
        assignment.no_conflict_declared_at = timezone.now()
        assignment.save(update_fields=["no_conflict_declared_at"])
    return assignment


@transaction.atomic
def declare_conflict(*, assignment: Assignment, by, reason: str) -> Assignment:
    """Recuse the reviewer: the permission goes, any draft goes, the board is told."""
    assignment = _locked_assignment(assignment)
    _require_reviewer(assignment, by)
    if not reason.strip():
        raise TransitionRefused(
            "Say briefly why you have a conflict (for example: we work together), so the "
            "board can understand it."
        )
    if assignment.status == AssignmentStatus.SUBMITTED:
        raise TransitionRefused(
            "Your review is already submitted. Write to the board if you now see a conflict."
        )
    if assignment.status == AssignmentStatus.CONFLICT:
        return assignment
    _recuse(assignment, reason=reason.strip())
    signals.conflict_declared.send(sender=Assignment, assignment=assignment, by=by)
    return assignment


def _recuse(assignment: Assignment, *, reason: str) -> None:
    assignment.status = AssignmentStatus.CONFLICT
    assignment.conflict_declared_at = timezone.now()
    assignment.conflict_reason = reason
    assignment.save(update_fields=["status", "conflict_declared_at", "conflict_reason"])
    Review.objects.filter(assignment=assignment).delete()
    remove_perm(REVIEW_PERMISSION, assignment.reviewer, assignment.application)


@transaction.atomic
def record_known_conflict(*, reviewer, applicant, by, reason: str = "") -> KnownConflict:
    """Record that `reviewer` never reviews `applicant`; recuses them from the applicant's
    applications they are assigned to and have not reviewed yet."""
    _require_board(by)
    if reviewer.pk == applicant.pk:
        raise TransitionRefused("A reviewer never reviews their own applications already.")
    conflict, created = KnownConflict.objects.get_or_create(
        reviewer=reviewer,
        applicant=applicant,
        defaults={"reason": reason.strip(), "recorded_by": by},
    )
    if not created:
        raise TransitionRefused(f"A conflict between {reviewer} and {applicant} is already known.")
    pending = Assignment.objects.select_for_update(of=("self",)).filter(
        reviewer=reviewer, application__applicant=applicant, status=AssignmentStatus.ASSIGNED
    )
    for assignment in pending.select_related("application", "reviewer"):
        _recuse(assignment, reason=f"Known conflict recorded by the board. {reason}".strip())
    return conflict


@transaction.atomic
def remove_known_conflict(*, conflict: KnownConflict, by) -> None:
    _require_board(by)
    conflict.delete()


# Reviews -----------------------------------------------------------------------------


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


def _criteria_for(assignment: Assignment) -> list[Criterion]:
    return list(Criterion.objects.filter(rubric__cycle_id=assignment.application.cycle_id))


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
