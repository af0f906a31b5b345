"""Assigning, conflicts, drafts, submission and revision, through reviews.services."""

from datetime import timedelta

import pytest
from django.utils import timezone
from guardian.shortcuts import get_perms

from grants.models import TransitionRefused
from grants.workflow import State
from reviews import services, signals
from reviews.models import Assignment, AssignmentStatus, ReviewRevision
from reviews.services import ScoreInput
from tests import factories
from tests.reviews.conftest import make_reviewers, submitted_application


def _criteria(cycle):
    return list(cycle.rubric.criteria.order_by("position"))


def _full_scores(cycle, benefit=4, feasibility=8):
    first, second = _criteria(cycle)
    return {first.pk: ScoreInput(value=benefit), second.pk: ScoreInput(value=feasibility)}


def _assigned(cycle, board_member, reviewer, app=None):
    app = app or submitted_application(cycle)
    (assignment,) = services.assign(by=board_member, applications=[app], reviewers=[reviewer])
    services.declare_no_conflict(assignment=assignment, by=reviewer)
    return assignment


def test_first_assignment_moves_a_submitted_application_under_review(
    review_cycle, board_member, reviewer
):
    app = submitted_application(review_cycle)
    services.assign(by=board_member, applications=[app], reviewers=[reviewer])
    app.refresh_from_db()
    assert app.state == State.UNDER_REVIEW
    event = app.events.get()
    assert (event.name, event.source, event.target, event.actor) == (
        "start_review",
        "submitted",
        "under_review",
        board_member,
    )
    assert get_perms(reviewer, app) == ["review_application"]


def test_one_reviewer_on_many_applications_and_many_reviewers_on_one(review_cycle, board_member):
    apps = [submitted_application(review_cycle) for _ in range(3)]
    reviewers = make_reviewers(3)
    services.assign(by=board_member, applications=apps, reviewers=reviewers[:1])
    services.assign(by=board_member, applications=apps[:1], reviewers=reviewers[1:])
    assert sorted(Assignment.objects.values_list("application_id", "reviewer_id")) == sorted(
        [(a.pk, reviewers[0].pk) for a in apps]
        + [(apps[0].pk, reviewers[1].pk), (apps[0].pk, reviewers[2].pk)]
    )
    assert {a.due_at for a in Assignment.objects.all()} == {review_cycle.reviews_due_at}


def test_assigning_the_applicant_or_a_known_conflict_is_refused_and_nothing_saved(
    review_cycle, board_member, reviewer
):
    mine = submitted_application(review_cycle, applicant=reviewer)
    other = submitted_application(review_cycle)
    factories.KnownConflictFactory(reviewer=reviewer, applicant=other.applicant)
    with pytest.raises(TransitionRefused) as refused:
        services.assign(by=board_member, applications=[mine, other], reviewers=[reviewer])
    assert refused.value.reasons == [
        "Nothing was assigned.",
        f"{reviewer.full_name} is the applicant of “{mine.title}”.",
        f"{reviewer.full_name} has a known conflict with the applicant of “{other.title}”.",
    ]
    assert Assignment.objects.count() == 0


def test_staff_may_not_assign(review_cycle, staff_member, reviewer):
    with pytest.raises(TransitionRefused):
        services.assign(
            by=staff_member,
            applications=[submitted_application(review_cycle)],
            reviewers=[reviewer],
        )


def test_assigning_sends_reviewer_assigned_in_the_transaction(review_cycle, board_member, reviewer):
    seen = []

    def receiver(sender, assignment, by, **kwargs):
        seen.append((assignment.reviewer_id, by))

    signals.reviewer_assigned.connect(receiver)
    try:
        services.assign(
            by=board_member,
            applications=[submitted_application(review_cycle)],
            reviewers=[reviewer],
        )
    finally:
        signals.reviewer_assigned.disconnect(receiver)
    assert seen == [(reviewer.pk, board_member)]


def test_unassign_revokes_the_permission(review_cycle, board_member, reviewer):
    assignment = _assigned(review_cycle, board_member, reviewer)
    services.unassign(assignment=assignment, by=board_member)
    assert Assignment.objects.count() == 0
    assert get_perms(reviewer, assignment.application) == []


def test_declaring_a_conflict_recuses_and_revokes(review_cycle, board_member, reviewer):
    app = submitted_application(review_cycle)
    (assignment,) = services.assign(by=board_member, applications=[app], reviewers=[reviewer])
    seen = []

    def receiver(sender, assignment, by, **kwargs):
        seen.append((assignment.status, assignment.conflict_reason, by))

    signals.conflict_declared.connect(receiver)
    try:
        services.declare_conflict(assignment=assignment, by=reviewer, reason="My cousin")
    finally:
        signals.conflict_declared.disconnect(receiver)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CONFLICT
    assert get_perms(reviewer, app) == []
    assert seen == [(AssignmentStatus.CONFLICT, "My cousin", reviewer)]


def test_a_conflict_needs_a_reason(review_cycle, board_member, reviewer):
    app = submitted_application(review_cycle)
    (assignment,) = services.assign(by=board_member, applications=[app], reviewers=[reviewer])
    with pytest.raises(TransitionRefused):
        services.declare_conflict(assignment=assignment, by=reviewer, reason="  ")


def test_recording_a_known_conflict_recuses_pending_assignments(
    review_cycle, board_member, reviewer
):
    assignment = _assigned(review_cycle, board_member, reviewer)
    services.record_known_conflict(
        reviewer=reviewer,
        applicant=assignment.application.applicant,
        by=board_member,
        reason="Same clinic",
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CONFLICT
    assert get_perms(reviewer, assignment.application) == []


def test_scoring_needs_a_no_conflict_declaration_first(review_cycle, board_member, reviewer):
    app = submitted_application(review_cycle)
    (assignment,) = services.assign(by=board_member, applications=[app], reviewers=[reviewer])
    with pytest.raises(TransitionRefused) as refused:
        services.save_review_draft(assignment=assignment, by=reviewer, scores={})
    assert refused.value.reasons == [
        "First confirm that you have no conflict of interest with this application."
    ]


def test_another_person_cannot_score_an_assignment(review_cycle, board_member, reviewer):
    assignment = _assigned(review_cycle, board_member, reviewer)
    with pytest.raises(TransitionRefused):
        services.save_review_draft(assignment=assignment, by=board_member, scores={})


def test_draft_may_be_incomplete_but_submission_may_not(review_cycle, board_member, reviewer):
    assignment = _assigned(review_cycle, board_member, reviewer)
    benefit, feasibility = _criteria(review_cycle)
    draft = services.save_review_draft(
        assignment=assignment,
        by=reviewer,
        scores={benefit.pk: ScoreInput(value=3)},
        overall_comment="Half way",
    )
    assert draft.submitted_at is None
    with pytest.raises(TransitionRefused) as refused:
        services.submit_review(
            assignment=assignment, by=reviewer, scores={benefit.pk: ScoreInput(value=3)}
        )
    assert refused.value.reasons == [
        "Feasibility: choose a score or N/A.",
        "Choose an overall recommendation.",
    ]


def test_scores_outside_the_scale_and_na_where_not_allowed_are_refused(
    review_cycle, board_member, reviewer
):
    assignment = _assigned(review_cycle, board_member, reviewer)
    benefit, feasibility = _criteria(review_cycle)
    with pytest.raises(TransitionRefused) as refused:
        services.save_review_draft(
            assignment=assignment,
            by=reviewer,
            scores={benefit.pk: ScoreInput(is_na=True), feasibility.pk: ScoreInput(value=11)},
        )
    assert refused.value.reasons == [
        "Benefit: N/A is not allowed; choose a score.",
        "Feasibility: choose a score from 0 to 10.",
    ]


def test_last_required_review_moves_the_application_to_reviewed(
    review_cycle, board_member, reviewer, second_reviewer
):
    app = submitted_application(review_cycle)
    services.assign(by=board_member, applications=[app], reviewers=[reviewer, second_reviewer])
    first, second = Assignment.objects.order_by("pk")
    for assignment in (first, second):
        services.declare_no_conflict(assignment=assignment, by=assignment.reviewer)
    services.submit_review(
        assignment=first,
        by=first.reviewer,
        scores=_full_scores(review_cycle),
        recommendation="fund",
    )
    app.refresh_from_db()
    assert app.state == State.UNDER_REVIEW
    services.submit_review(
        assignment=second,
        by=second.reviewer,
        scores=_full_scores(review_cycle),
        recommendation="fund",
    )
    app.refresh_from_db()
    assert app.state == State.REVIEWED
    assert list(app.events.values_list("name", "actor")) == [
        ("start_review", board_member.pk),
        ("complete_review", second.reviewer.pk),
    ]


def test_a_conflict_does_not_count_toward_the_required_reviews(
    review_cycle, board_member, reviewer, second_reviewer
):
    third = make_reviewers(1)[0]
    app = submitted_application(review_cycle)
    services.assign(
        by=board_member, applications=[app], reviewers=[reviewer, second_reviewer, third]
    )
    first, second, last = Assignment.objects.order_by("pk")
    services.declare_conflict(assignment=second, by=second.reviewer, reason="Friend")
    for assignment in (first, last):
        services.declare_no_conflict(assignment=assignment, by=assignment.reviewer)
    services.submit_review(
        assignment=first,
        by=first.reviewer,
        scores=_full_scores(review_cycle),
        recommendation="fund",
    )
    app.refresh_from_db()
    assert app.state == State.UNDER_REVIEW
    services.submit_review(
        assignment=last, by=last.reviewer, scores=_full_scores(review_cycle), recommendation="fund"
    )
    app.refresh_from_db()
    assert app.state == State.REVIEWED


def test_revision_keeps_old_and_new_scores(review_cycle, board_member, reviewer):
    assignment = _assigned(review_cycle, board_member, reviewer)
    benefit, feasibility = _criteria(review_cycle)
    services.submit_review(
        assignment=assignment,
        by=reviewer,
        scores=_full_scores(review_cycle, 4, 8),
        recommendation="fund",
    )
    seen = []

    def receiver(sender, review, by, revised, **kwargs):
        seen.append(revised)

    signals.review_submitted.connect(receiver)
    try:
        services.submit_review(
            assignment=assignment,
            by=reviewer,
            scores={benefit.pk: ScoreInput(value=2), feasibility.pk: ScoreInput(is_na=True)},
            recommendation="do_not_fund",
        )
    finally:
        signals.review_submitted.disconnect(receiver)
    revision = ReviewRevision.objects.get()
    assert (revision.revised_by, revision.old_scores, revision.new_scores) == (
        reviewer,
        {str(benefit.pk): 4, str(feasibility.pk): 8},
        {str(benefit.pk): 2, str(feasibility.pk): "N/A"},
    )
    assert (revision.old_recommendation, revision.new_recommendation) == ("fund", "do_not_fund")
    assert seen == [True]


def test_revision_after_the_review_deadline_is_refused(review_cycle, board_member, reviewer):
    assignment = _assigned(review_cycle, board_member, reviewer)
    services.submit_review(
        assignment=assignment, by=reviewer, scores=_full_scores(review_cycle), recommendation="fund"
    )
    review_cycle.reviews_due_at = timezone.now() - timedelta(minutes=1)
    review_cycle.save()
    with pytest.raises(TransitionRefused) as refused:
        services.submit_review(
            assignment=assignment,
            by=reviewer,
            scores=_full_scores(review_cycle, 1, 1),
            recommendation="fund",
        )
    assert refused.value.reasons[0].startswith("Reviews could be changed until ")
    assert ReviewRevision.objects.count() == 0


def test_submitted_review_cannot_be_unassigned_or_conflicted(review_cycle, board_member, reviewer):
    assignment = _assigned(review_cycle, board_member, reviewer)
    services.submit_review(
        assignment=assignment, by=reviewer, scores=_full_scores(review_cycle), recommendation="fund"
    )
    with pytest.raises(TransitionRefused):
        services.unassign(assignment=assignment, by=board_member)
    with pytest.raises(TransitionRefused):
        services.declare_conflict(assignment=assignment, by=reviewer, reason="Oops")


def test_only_na_cannot_be_submitted(review_cycle, board_member, reviewer):
    cycle = review_cycle
    benefit, feasibility = _criteria(cycle)
    benefit.allows_na = True
    benefit.save()
    assignment = _assigned(cycle, board_member, reviewer)
    with pytest.raises(TransitionRefused) as refused:
        services.submit_review(
            assignment=assignment,
            by=reviewer,
            recommendation="fund",
            scores={benefit.pk: ScoreInput(is_na=True), feasibility.pk: ScoreInput(is_na=True)},
        )
    assert refused.value.reasons == [
        "Score at least one criterion: a review of only N/A has no score."
    ]
