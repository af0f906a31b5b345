"""The scoring rules of docs/scoring.md, one behaviour per test."""

from decimal import Decimal as D

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grants.workflow import State
from reviews import scoring
from reviews.models import AssignmentStatus
from reviews.ranking import rank_cycle, review_scores
from tests import factories

CV = scoring.CriterionValue


def test_na_is_left_out_of_both_sum_and_weights():
    values = [CV(3, 1, 5, D("2")), CV(6, 0, 10, D("1")), CV(None, 1, 5, D("1"), is_na=True)]
    assert scoring.review_score(values) == D("53.33")


def test_a_review_with_only_na_has_no_score():
    assert scoring.review_score([CV(None, 1, 5, D("1"), is_na=True)]) is None


def test_rounding_is_half_up():
    assert scoring.round2(D("56.875")) == D("56.88")
    assert scoring.round2(D("11.665")) == D("11.67")


def test_population_stdev_and_spread_need_two_reviews():
    summary = scoring.summarise([D("70.00")])
    assert (summary.count, summary.mean, summary.median, summary.stdev, summary.spread) == (
        1,
        D("70.00"),
        D("70.00"),
        None,
        None,
    )


def test_median_of_three_reviews_is_the_middle_one():
    summary = scoring.summarise([D("10.00"), D("90.00"), D("40.00")])
    assert (summary.mean, summary.median, summary.spread) == (D("46.67"), D("40.00"), D("80.00"))


def test_flag_needs_a_spread_strictly_above_the_cycle_setting():
    assert scoring.is_flagged(D("25.00"), D("25.00")) is False
    assert scoring.is_flagged(D("25.01"), D("25.00")) is True
    assert scoring.is_flagged(None, D("25.00")) is False


def test_reviewer_with_one_review_keeps_their_score():
    reviews = [
        scoring.ScoredReview(1, 10, D("80.00")),
        scoring.ScoredReview(2, 10, D("40.00")),
        scoring.ScoredReview(3, 20, D("65.00")),
    ]
    assert scoring.normalised_review_scores(reviews)[3] == D("65.00")


def test_reviewer_without_spread_counts_as_the_cycle_mean():
    reviews = [
        scoring.ScoredReview(1, 10, D("80.00")),
        scoring.ScoredReview(2, 10, D("40.00")),
        scoring.ScoredReview(3, 20, D("30.00")),
        scoring.ScoredReview(4, 20, D("30.00")),
    ]
    normalised = scoring.normalised_review_scores(reviews)
    # cycle mean = 180 / 4 = 45.00
    assert (normalised[3], normalised[4]) == (D("45.00"), D("45.00"))


def test_cycle_without_spread_keeps_every_score():
    reviews = [scoring.ScoredReview(1, 10, D("50.00")), scoring.ScoredReview(2, 20, D("50.00"))]
    assert scoring.normalised_review_scores(reviews) == {1: D("50.00"), 2: D("50.00")}


def test_harsh_and_lenient_reviewers_with_the_same_ordering_agree_after_normalising():
    reviews = [
        scoring.ScoredReview(1, 10, D("90.00")),  # lenient: app X
        scoring.ScoredReview(2, 10, D("70.00")),  # lenient: app Y
        scoring.ScoredReview(3, 20, D("50.00")),  # harsh: app X
        scoring.ScoredReview(4, 20, D("30.00")),  # harsh: app Y
    ]
    normalised = scoring.normalised_review_scores(reviews)
    assert normalised[1] == normalised[3]
    assert normalised[2] == normalised[4]


def test_equal_scores_share_a_rank():
    assert scoring.competition_ranks([D("80"), D("70"), D("70"), D("60"), None]) == [
        1,
        2,
        2,
        4,
        None,
    ]


def _submitted_review(application, reviewer, criteria, values):
    assignment = factories.AssignmentFactory(
        application=application, reviewer=reviewer, status=AssignmentStatus.SUBMITTED
    )
    review = factories.ReviewFactory(assignment=assignment, submitted_at=timezone.now())
    for criterion, value in zip(criteria, values, strict=True):
        factories.ScoreFactory(review=review, criterion=criterion, value=value, is_na=value is None)
    return review


def test_ranking_leaves_out_drafts_withdrawn_and_unsubmitted_reviews(db):
    cycle = factories.CycleFactory()
    criterion = factories.CriterionFactory(rubric=factories.RubricFactory(cycle=cycle))
    reviewer = factories.UserFactory()
    draft = factories.ApplicationFactory(cycle=cycle)
    withdrawn = factories.force_state(factories.ApplicationFactory(cycle=cycle), State.WITHDRAWN)
    waiting = factories.force_state(factories.ApplicationFactory(cycle=cycle), State.SUBMITTED)
    reviewed = factories.force_state(factories.ApplicationFactory(cycle=cycle), State.REVIEWED)
    _submitted_review(withdrawn, reviewer, [criterion], [5])
    _submitted_review(reviewed, reviewer, [criterion], [4])
    unsubmitted = factories.ReviewFactory(
        assignment=factories.AssignmentFactory(application=reviewed)
    )
    factories.ScoreFactory(review=unsubmitted, criterion=criterion, value=1)

    ranking = rank_cycle(cycle)

    assert [(r.application.pk, r.review_count, r.score, r.rank) for r in ranking] == [
        (reviewed.pk, 1, D("75.00"), 1),
        (waiting.pk, 0, None, None),
    ]
    assert draft.pk not in {r.application.pk for r in ranking}


def test_unknown_order_is_refused(db):
    with pytest.raises(ValueError):
        rank_cycle(factories.CycleFactory(), order="alphabetical")


scales = st.sampled_from([(1, 5), (0, 10), (1, 4), (0, 3), (1, 7), (-2, 2)])
weights = st.decimals(min_value=D("0.01"), max_value=D("9.99"), places=2)


@st.composite
def criterion_answers(draw):
    scale_min, scale_max = draw(scales)
    is_na = draw(st.booleans())
    value = None if is_na else draw(st.integers(scale_min, scale_max))
    return scale_min, scale_max, draw(weights), value


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=st.lists(criterion_answers(), min_size=1, max_size=6))
def test_database_score_equals_exact_decimal_score(db, answers):
    cycle = factories.CycleFactory()
    rubric = factories.RubricFactory(cycle=cycle)
    criteria = [
        factories.CriterionFactory(
            rubric=rubric, scale_min=lo, scale_max=hi, weight=w, allows_na=True
        )
        for lo, hi, w, _ in answers
    ]
    application = factories.force_state(factories.ApplicationFactory(cycle=cycle), State.REVIEWED)
    _submitted_review(application, factories.UserFactory(), criteria, [a[3] for a in answers])

    exact = scoring.review_score([CV(v, lo, hi, w, is_na=v is None) for lo, hi, w, v in answers])
    found = [r.score for r in review_scores(cycle)]
    assert found == ([] if exact is None else [exact])
