from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from accounts.roles import is_board, is_reviewer, is_staff_member
from demo.seeding.scale import ScaleSpec, build_scale_cycle
from grants.models import Application, ApplicationUserObjectPermission, BudgetLine
from grants.workflow import State
from reviews.models import Assignment, AssignmentStatus, Review, Score

pytestmark = pytest.mark.django_db

SMALL = ScaleSpec(applications=50, reviewers=5, criteria=3, cycle_slug="small")


def test_seed_scale_spreads_applications_over_every_state_in_fixed_shares():
    result = build_scale_cycle(SMALL)

    states = Counter(Application.objects.filter(cycle=result.cycle).values_list("state", flat=True))
    assert states == {
        State.DRAFT: 3,
        State.WITHDRAWN: 1,
        State.SUBMITTED: 2,
        State.UNDER_REVIEW: 19,
        State.REVIEWED: 15,
        State.AWARDED: 3,
        State.WAITLISTED: 2,
        State.DECLINED: 5,
    }
    assert result.counts["applications"] == 50
    assert result.counts["applicants"] == 50
    assert result.counts["reviewers"] == 5


def test_seed_scale_gives_each_role_its_group():
    result = build_scale_cycle(SMALL)
    reviewer = Assignment.objects.filter(application__cycle=result.cycle).first().reviewer

    assert is_board(result.board_member)
    assert is_staff_member(result.staff_member)
    assert is_reviewer(reviewer)


def test_seed_scale_assigns_distinct_reviewers_to_every_application_in_review():
    result = build_scale_cycle(SMALL)

    per_app = (
        Application.objects.filter(cycle=result.cycle)
        .annotate(n=Count("assignments"), reviewers=Count("assignments__reviewer", distinct=True))
        .values_list("state", "n", "reviewers")
    )
    for state, n, reviewers in per_app:
        expected = 0 if state in (State.DRAFT, State.WITHDRAWN, State.SUBMITTED) else 3
        assert (n, reviewers) == (expected, expected)
    loads = Counter(
        Assignment.objects.filter(application__cycle=result.cycle).values_list(
            "reviewer", flat=True
        )
    )
    assert max(loads.values()) - min(loads.values()) <= 1


def test_seed_scale_grants_the_review_permission_for_each_assignment_without_conflict():
    result = build_scale_cycle(SMALL)
    assignments = Assignment.objects.filter(application__cycle=result.cycle).select_related(
        "application", "reviewer"
    )
    open_ones = [a for a in assignments if a.status != AssignmentStatus.CONFLICT]

    assert ApplicationUserObjectPermission.objects.count() == len(open_ones)
    for assignment in assignments:
        allowed = assignment.reviewer.has_perm("grants.review_application", assignment.application)
        assert allowed is (assignment.status != AssignmentStatus.CONFLICT)
    unassigned = Application.objects.filter(cycle=result.cycle, state=State.SUBMITTED).first()
    assert not open_ones[0].reviewer.has_perm("grants.review_application", unassigned)


def test_seed_scale_completes_every_review_of_reviewed_and_decided_applications():
    result = build_scale_cycle(SMALL)
    done = Assignment.objects.filter(application__cycle=result.cycle).exclude(
        application__state=State.UNDER_REVIEW
    )

    assert done.count() == 25 * 3
    assert set(done.values_list("status", flat=True)) == {AssignmentStatus.SUBMITTED}
    assert Review.objects.filter(assignment__in=done, submitted_at__isnull=True).count() == 0


def test_seed_scale_scores_every_criterion_of_a_submitted_review_within_the_scale():
    result = build_scale_cycle(SMALL)
    submitted = Review.objects.filter(
        assignment__application__cycle=result.cycle, submitted_at__isnull=False
    )

    counts = set(submitted.annotate(n=Count("scores")).values_list("n", flat=True))
    assert counts == {3}
    values = Score.objects.filter(review__in=submitted, is_na=False).values_list("value", flat=True)
    assert set(values) <= {1, 2, 3, 4, 5}
    assert Score.objects.filter(is_na=True, value__isnull=False).count() == 0
    assert result.counts["submitted_reviews"] == submitted.count()


def test_seed_scale_budget_lines_add_up_to_the_amount_requested():
    result = build_scale_cycle(SMALL)

    totals = (
        BudgetLine.objects.filter(application__cycle=result.cycle)
        .values("application")
        .annotate(total=Sum("amount"))
        .values_list("application__amount_requested", "total")
    )
    assert len(totals) == 50
    assert all(requested == total for requested, total in totals)


def test_seed_scale_submitted_applications_are_complete():
    result = build_scale_cycle(SMALL)
    submitted = Application.objects.filter(cycle=result.cycle).exclude(state=State.DRAFT)

    for app in submitted.select_related("cycle").prefetch_related(
        "budget_lines", "answers", "cycle__questions"
    ):
        if app.state == State.WITHDRAWN and app.submitted_at is None:
            continue
        assert app.missing_for_submission() == []


def test_seed_scale_awards_stay_within_the_cycle_budget():
    result = build_scale_cycle(SMALL)

    awarded = Application.objects.filter(cycle=result.cycle).committed_total()
    assert Decimal("0") < awarded <= result.cycle.total_budget


def test_seed_scale_submitted_stage_leaves_everything_to_assign():
    result = build_scale_cycle(
        ScaleSpec(applications=20, reviewers=4, criteria=2, stage="submitted", cycle_slug="s")
    )

    states = set(Application.objects.filter(cycle=result.cycle).values_list("state", flat=True))
    assert states == {State.SUBMITTED}
    assert Assignment.objects.filter(application__cycle=result.cycle).count() == 0
    assert result.cycle.rubric.criteria.count() == 2


def test_seed_scale_same_seed_gives_the_same_data():
    first = build_scale_cycle(ScaleSpec(applications=30, reviewers=4, criteria=2, cycle_slug="a"))
    second = build_scale_cycle(ScaleSpec(applications=30, reviewers=4, criteria=2, cycle_slug="b"))

    def shape(cycle):
        return list(
            Application.objects.filter(cycle=cycle)
            .order_by("pk")
            .values_list("state", "amount_requested", "purpose")
        )

    assert shape(first.cycle) == shape(second.cycle)


def test_seed_scale_command_reports_what_it_built(capsys):
    call_command("seed_scale", "--applications", "12", "--reviewers", "3", "--criteria", "2")

    out = capsys.readouterr().out
    assert "Cycle 'scale-12'" in out
    assert "12 applications" in out
    assert Application.objects.count() == 12


def test_seed_scale_command_picks_a_new_slug_on_a_second_run():
    call_command("seed_scale", "--applications", "5", "--reviewers", "3", "--criteria", "1")
    call_command("seed_scale", "--applications", "5", "--reviewers", "3", "--criteria", "1")

    slugs = Application.objects.order_by().values_list("cycle__slug", flat=True).distinct()
    assert sorted(slugs) == ["scale-5", "scale-5-2"]


def test_seed_scale_command_refuses_a_slug_that_exists():
    call_command("seed_scale", "--applications", "5", "--reviewers", "3", "--cycle-slug", "x")

    with pytest.raises(CommandError, match="'x' already exists"):
        call_command("seed_scale", "--applications", "5", "--reviewers", "3", "--cycle-slug", "x")


def test_seed_scale_command_refuses_fewer_reviewers_than_reviews_per_application():
    with pytest.raises(CommandError, match="3 reviews per application need at least 3 reviewers"):
        call_command("seed_scale", "--applications", "5", "--reviewers", "2")
    assert Application.objects.count() == 0
