"""Each review's stored score follows its raw values: on submit, on revision, when a
criterion's weight changes (by code or in the admin); verify_scores finds any drift."""

from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews import application_totals, services, stored_scores
from reviews.models import ApplicationTotals, Review
from reviews.services import ScoreInput
from tests import factories
from tests.reviews.conftest import make_reviewers, submitted_application


def _criteria(cycle):
    return list(cycle.rubric.criteria.order_by("position"))


def _submit(cycle, board_member, reviewer, benefit, feasibility, app=None):
    app = app or submitted_application(cycle)
    (assignment,) = services.assign(by=board_member, applications=[app], reviewers=[reviewer])
    services.declare_no_conflict(assignment=assignment, by=reviewer)
    first, second = _criteria(cycle)
    return services.submit_review(
        assignment=assignment,
        by=reviewer,
        scores={
            first.pk: ScoreInput(value=benefit),
            second.pk: ScoreInput(value=feasibility, is_na=feasibility is None),
        },
        recommendation="fund",
    )


def _stored(review) -> D | None:
    return Review.objects.values_list("score", flat=True).get(pk=review.pk)


def _computed(review) -> D | None:
    return stored_scores.computed_scores(Review.objects.filter(pk=review.pk))[review.pk]


def test_submitting_stores_the_review_score(review_cycle, board_member, reviewer):
    # Benefit 4 on 1-5 (75) weight 2, feasibility 8 on 0-10 (80) weight 1: 230 / 3
    review = _submit(review_cycle, board_member, reviewer, 4, 8)
    assert (review.score, _stored(review), _computed(review)) == (D("76.67"),) * 3


def test_na_is_left_out_of_the_stored_score(review_cycle, board_member, reviewer):
    review = _submit(review_cycle, board_member, reviewer, 2, None)
    assert _stored(review) == D("25.00")


def test_revising_stores_the_new_score(review_cycle, board_member, reviewer):
    review = _submit(review_cycle, board_member, reviewer, 4, 8)
    first, second = _criteria(review_cycle)
    services.submit_review(
        assignment=review.assignment,
        by=reviewer,
        scores={first.pk: ScoreInput(value=5), second.pk: ScoreInput(value=10)},
        recommendation="fund",
    )
    assert (_stored(review), _computed(review)) == (D("100.00"), D("100.00"))


def test_a_weight_change_stores_the_cycles_scores_again_in_one_statement(
    review_cycle, board_member
):
    kim, lee = make_reviewers(2)
    one = _submit(review_cycle, board_member, kim, 4, 8)
    two = _submit(review_cycle, board_member, lee, 1, 10)
    other = factories.ScoreFactory(value=3).review  # another cycle: 50.00
    benefit, _ = _criteria(review_cycle)

    benefit.weight = D("1.00")
    with CaptureQueriesContext(connection) as queries:
        benefit.save()

    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE reviews_review")]
    assert len(updates) == 1
    # (75 + 80) / 2 and (0 + 100) / 2
    assert [_stored(one), _stored(two), _stored(other)] == [D("77.50"), D("50.00"), D("50.00")]
    assert [_computed(one), _computed(two)] == [D("77.50"), D("50.00")]


def test_saving_a_criterion_without_a_weight_change_writes_no_scores(review_cycle):
    benefit, _ = _criteria(review_cycle)
    benefit.name = "Benefit to patients"
    with CaptureQueriesContext(connection) as queries:
        benefit.save()
    assert [q for q in queries if "reviews_review" in q["sql"]] == []


def test_a_weight_changed_in_the_admin_stores_the_scores_again(client, review_cycle):
    benefit, feasibility = _criteria(review_cycle)
    review = factories.ReviewFactory(assignment__application__cycle=review_cycle)
    factories.ScoreFactory(review=review, criterion=benefit, value=5)  # 100
    factories.ScoreFactory(review=review, criterion=feasibility, value=0)  # 0
    assert _stored(review) == D("66.67")
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    rubric = review_cycle.rubric
    form = {
        "instructions": rubric.instructions,
        "asks_recommendation": "on",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "2",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, (criterion, weight) in enumerate([(benefit, "3.00"), (feasibility, "1.00")]):
        form.update(
            {
                f"criteria-{index}-id": criterion.pk,
                f"criteria-{index}-rubric": rubric.pk,
                f"criteria-{index}-position": criterion.position,
                f"criteria-{index}-name": criterion.name,
                f"criteria-{index}-guidance": "",
                f"criteria-{index}-weight": weight,
                f"criteria-{index}-level_descriptions": "",
            }
        )
        if criterion.allows_na:
            form[f"criteria-{index}-allows_na"] = "on"
    response = client.post(reverse("admin:reviews_rubric_change", args=[rubric.pk]), form)
    assert response.status_code == 302
    assert _stored(review) == D("75.00")  # (3 * 100 + 0) / 4


def test_verify_scores_passes_on_stored_scores(review_cycle, board_member, reviewer):
    _submit(review_cycle, board_member, reviewer, 4, 8)
    out = StringIO()
    call_command("verify_scores", stdout=out)
    assert out.getvalue() == (
        "All 1 stored review scores match their raw scores, and every application's "
        "review totals match its reviews.\n"
    )


def test_verify_scores_reports_planted_drift_and_fails(review_cycle, board_member):
    kim, lee = make_reviewers(2)
    good = _submit(review_cycle, board_member, kim, 4, 8)
    bad = _submit(review_cycle, board_member, lee, 1, 10)
    Review.objects.filter(pk=bad.pk).update(score=D("12.34"))
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify_scores", stdout=out)
    assert out.getvalue() == f"Review {bad.pk}: stored 12.34, computed 33.33.\n"
    assert str(failed.value) == (
        "1 of 2 stored review scores differ from their raw scores "
        "(run with --fix to store them again)."
    )
    call_command("verify_scores", "--fix", stdout=StringIO())
    assert (_stored(good), _stored(bad)) == (D("76.67"), D("33.33"))


# Each application's stored review totals (the desk's place of one application) ---------


def _totals(app) -> tuple:
    row = ApplicationTotals.objects.filter(application=app).first()
    if row is None:
        return (0, 0, 0, None, None)
    return (row.review_count, row.score_sum, row.score_squares, row.lowest, row.highest)


def test_totals_follow_submits_revisions_and_weight_changes(review_cycle, board_member):
    kim, lee = make_reviewers(2)
    one = _submit(review_cycle, board_member, kim, 4, 8)  # 76.67
    app = one.assignment.application
    assert _totals(app) == (1, 7667, 7667**2, 7667, 7667)
    _submit(review_cycle, board_member, lee, 1, 10, app=app)  # 33.33
    assert _totals(app) == (2, 11000, 7667**2 + 3333**2, 3333, 7667)

    first, second = _criteria(review_cycle)
    services.submit_review(
        assignment=one.assignment,
        by=kim,
        scores={first.pk: ScoreInput(value=5), second.pk: ScoreInput(value=10)},
        recommendation="fund",
    )  # revised: 100.00
    assert _totals(app) == (2, 13333, 10000**2 + 3333**2, 3333, 10000)

    first.weight = D("1.00")  # kim (100 + 100) / 2, lee (0 + 100) / 2
    first.save()
    assert _totals(app) == (2, 15000, 10000**2 + 5000**2, 5000, 10000)
    assert application_totals.drift() == []


def test_drafts_and_recused_reviews_do_not_count(review_cycle, board_member):
    kim, lee = make_reviewers(2)
    app = submitted_application(review_cycle)
    drafting, recusing = services.assign(by=board_member, applications=[app], reviewers=[kim, lee])
    services.declare_no_conflict(assignment=drafting, by=kim)
    first, second = _criteria(review_cycle)
    services.save_review_draft(
        assignment=drafting,
        by=kim,
        scores={first.pk: ScoreInput(value=5), second.pk: ScoreInput(value=10)},
    )
    services.declare_conflict(assignment=recusing, by=lee, reason="We work together.")
    assert _totals(app) == (0, 0, 0, None, None)
    assert application_totals.drift() == []


def test_deleting_a_reviewer_takes_their_reviews_out_of_the_totals(review_cycle, board_member):
    kim, lee = make_reviewers(2)
    one = _submit(review_cycle, board_member, kim, 4, 8)
    app = one.assignment.application
    _submit(review_cycle, board_member, lee, 1, 10, app=app)
    lee.delete()  # the admin can; assignments and reviews cascade
    assert _totals(app) == (1, 7667, 7667**2, 7667, 7667)
    assert application_totals.drift() == []


def test_verify_scores_reports_drifted_totals_and_fixes_them(review_cycle, board_member, reviewer):
    review = _submit(review_cycle, board_member, reviewer, 4, 8)
    app = review.assignment.application
    ApplicationTotals.objects.filter(application=app).update(score_sum=1)
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify_scores", stdout=out)
    assert out.getvalue() == (
        f"Application {app.pk}: stored totals (1, 1, {7667**2}, 7667, 7667), "
        f"summed (1, 7667, {7667**2}, 7667, 7667).\n"
    )
    assert str(failed.value) == (
        "The review totals of 1 applications differ from their reviews "
        "(run with --fix to store them again)."
    )
    call_command("verify_scores", "--fix", stdout=StringIO())
    assert _totals(app) == (1, 7667, 7667**2, 7667, 7667)


def test_deleting_an_application_leaves_no_totals_behind(review_cycle, board_member):
    # Its assignments and reviews are deleted in the same cascade as its totals row: the
    # refresh after each delete must not write that row again (it would point at nothing).
    kim, lee = make_reviewers(2)
    one = _submit(review_cycle, board_member, kim, 4, 8)
    two = _submit(review_cycle, board_member, lee, 1, 10)  # another application
    one.assignment.application.delete()
    assert list(ApplicationTotals.objects.values_list("application", flat=True)) == [
        two.assignment.application_id
    ]
    two.assignment.application.delete()
    assert not ApplicationTotals.objects.exists()
