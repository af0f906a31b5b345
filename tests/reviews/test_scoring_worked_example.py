"""The worked example of docs/scoring.md, reproduced to the last decimal."""

from decimal import Decimal as D

import pytest
from django.utils import timezone

from grants.workflow import State
from reviews.models import AssignmentStatus
from reviews.ranking import criterion_means, rank_cycle, review_scores
from tests import factories

# (application, reviewer): (benefit 1-5 weight 2, feasibility 0-10 weight 1, reach 1-5
# weight 1 with N/A allowed; None = N/A)
EXAMPLE = {
    ("A", "Rita"): (5, 8, 4),
    ("A", "Ravi"): (3, 6, None),
    ("B", "Rita"): (4, 9, 5),
    ("B", "Ravi"): (2, 4, 2),
    ("C", "Rita"): (3, 5, 3),
    ("C", "Rosa"): (4, 7, None),
}


@pytest.fixture
def example(db):
    cycle = factories.CycleFactory(disagreement_spread=D("25.00"))
    rubric = factories.RubricFactory(cycle=cycle)
    criteria = [
        factories.CriterionFactory(
            rubric=rubric, name="Benefit", scale_min=1, scale_max=5, weight=D("2.00")
        ),
        factories.CriterionFactory(
            rubric=rubric,
            name="Feasibility",
            scale_min=0,
            scale_max=10,
            weight=D("1.00"),
            level_descriptions="",
        ),
        factories.CriterionFactory(
            rubric=rubric, name="Reach", scale_min=1, scale_max=5, weight=D("1.00"), allows_na=True
        ),
    ]
    reviewers = {name: factories.UserFactory(full_name=name) for name in ("Rita", "Ravi", "Rosa")}
    applications = {}
    for label in "ABC":
        app = factories.ApplicationFactory(cycle=cycle, title=f"Application {label}")
        applications[label] = factories.force_state(
            app, State.UNDER_REVIEW, submitted_at=timezone.now()
        )
    reviews = {}
    for (label, name), values in EXAMPLE.items():
        assignment = factories.AssignmentFactory(
            application=applications[label],
            reviewer=reviewers[name],
            status=AssignmentStatus.SUBMITTED,
        )
        review = factories.ReviewFactory(assignment=assignment, submitted_at=timezone.now())
        for criterion, value in zip(criteria, values, strict=True):
            factories.ScoreFactory(
                review=review, criterion=criterion, value=value, is_na=value is None
            )
        reviews[(label, name)] = review
    return cycle, criteria, applications, reviews


def test_review_scores_match_the_worked_example(example):
    cycle, _, applications, reviews = example
    expected = {
        ("A", "Rita"): D("88.75"),
        ("A", "Ravi"): D("53.33"),
        ("B", "Rita"): D("85.00"),
        ("B", "Ravi"): D("28.75"),
        ("C", "Rita"): D("50.00"),
        ("C", "Rosa"): D("73.33"),
    }
    by_review = {r.review_id: r for r in review_scores(cycle)}
    assert {key: by_review[review.pk].score for key, review in reviews.items()} == expected
    assert {
        key: (by_review[review.pk].application_id, by_review[review.pk].reviewer_id)
        for key, review in reviews.items()
    } == {
        key: (applications[key[0]].pk, review.assignment.reviewer_id)
        for key, review in reviews.items()
    }


def test_ranking_by_score_matches_the_worked_example(example, django_assert_num_queries):
    cycle, _, applications, _ = example
    with django_assert_num_queries(2):
        ranking = rank_cycle(cycle)
    rows = [
        (
            r.application.title,
            r.review_count,
            r.score,
            r.median,
            r.stdev,
            r.spread,
            r.flagged,
            r.normalised_score,
            r.rank,
        )
        for r in ranking
    ]
    assert rows == [
        ("Application A", 2, D("71.04"), D("71.04"), D("17.71"), D("35.42"), True, D("82.37"), 1),
        ("Application C", 2, D("61.67"), D("61.67"), D("11.67"), D("23.33"), False, D("53.35"), 2),
        ("Application B", 2, D("56.88"), D("56.88"), D("28.13"), D("56.25"), True, D("58.93"), 3),
    ]


def test_ranking_by_normalised_score_puts_b_before_c(example):
    cycle, _, _, _ = example
    ranking = rank_cycle(cycle, order="normalised")
    assert [(r.application.title, r.normalised_score, r.rank) for r in ranking] == [
        ("Application A", D("82.37"), 1),
        ("Application B", D("58.93"), 2),
        ("Application C", D("53.35"), 3),
    ]


def test_criterion_means_are_raw_values_on_each_scale(example):
    cycle, (benefit, feasibility, reach), applications, _ = example
    means = criterion_means(cycle)
    assert means == {
        applications["A"].pk: {
            benefit.pk: D("4.00"),
            feasibility.pk: D("7.00"),
            reach.pk: D("4.00"),
        },
        applications["B"].pk: {
            benefit.pk: D("3.00"),
            feasibility.pk: D("6.50"),
            reach.pk: D("3.50"),
        },
        applications["C"].pk: {
            benefit.pk: D("3.50"),
            feasibility.pk: D("6.00"),
            reach.pk: D("3.00"),
        },
    }


def test_changing_a_weight_recomputes_the_scores(example):
    cycle, (benefit, _, _), _, reviews = example
    benefit.weight = D("1.00")
    benefit.save()
    by_review = {r.review_id: r.score for r in review_scores(cycle)}
    # Rita on A: (100 + 80 + 75) / 3 = 85.00
    assert by_review[reviews[("A", "Rita")].pk] == D("85.00")
