"""The ranking in SQL (reviews.ranking.RankedRows, application_ranking) gives exactly
the figures of the Python reference (rank_cycle) on random cycles: N/A, differing
scales, weight changes, reviewers with one review or no spread, drafts and conflicts."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grants.workflow import DECIDABLE_STATES, RANKED_STATES, State
from reviews import application_totals, ranking_sql, ranking_totals_sql
from reviews.models import AssignmentStatus
from reviews.ranking import (
    RankedRows,
    RankingQuery,
    application_ranking,
    rank_cycle,
)
from tests import factories
from tests.reviews.test_scoring_worked_example import example  # noqa: F401 - a fixture

SCALES = [(1, 5), (0, 10), (1, 4), (0, 3), (1, 7), (-2, 2), (0, 1)]
RANKED = [State.UNDER_REVIEW, State.REVIEWED, State.AWARDED, State.DECLINED, State.SUBMITTED]
OTHER = [State.DRAFT, State.WITHDRAWN]
weights = st.decimals(min_value=D("0.01"), max_value=D("9.99"), places=2)


def figures(row):
    return (
        row.application.pk,
        row.review_count,
        row.score,
        row.median,
        row.stdev,
        row.spread,
        row.flagged,
        row.normalised_score,
        row.rank,
        row.incomplete,
    )


def sql_ranking(cycle, order="score"):
    rows = RankedRows(cycle, RankingQuery(order=order), per_page=10_000)
    return rows[0 : len(rows)]


@st.composite
def cycles(draw):
    criteria = draw(
        st.lists(st.tuples(st.sampled_from(SCALES), weights, st.booleans()), min_size=1, max_size=4)
    )
    reviewers = draw(st.integers(1, 5))
    # A reviewer who always gives the same values has no spread.
    flat = draw(st.sets(st.integers(0, reviewers - 1), max_size=1))
    apps = []
    for _ in range(draw(st.integers(1, 7))):
        state = draw(st.sampled_from(RANKED + OTHER if draw(st.booleans()) else RANKED))
        chosen = draw(st.lists(st.integers(0, reviewers - 1), unique=True, max_size=4))
        reviews = []
        for reviewer in chosen:
            kind = draw(st.sampled_from(["submitted"] * 6 + ["draft", "conflict"]))
            values = []
            for (low, high), _, na_allowed in criteria:
                if na_allowed and draw(st.integers(0, 4)) == 0:
                    values.append(None)
                elif reviewer in flat:
                    values.append(high)
                else:
                    values.append(draw(st.integers(low, high)))
            reviews.append((reviewer, kind, values))
        apps.append((state, reviews))
    return {
        "criteria": criteria,
        "reviewers": reviewers,
        "apps": apps,
        "wanted": draw(st.integers(1, 3)),
        "spread": draw(st.sampled_from([D("0.00"), D("10.00"), D("25.00"), D("33.33")])),
        "new_weight": draw(st.none() | st.tuples(st.integers(0, 3), weights)),
    }


def build(data):
    cycle = factories.CycleFactory(
        reviewers_per_application=data["wanted"], disagreement_spread=data["spread"]
    )
    rubric = factories.RubricFactory(cycle=cycle)
    criteria = [
        factories.CriterionFactory(
            rubric=rubric, scale_min=low, scale_max=high, weight=weight, allows_na=na
        )
        for (low, high), weight, na in data["criteria"]
    ]
    reviewers = [factories.UserFactory() for _ in range(data["reviewers"])]
    start = timezone.now() - timedelta(days=30)
    for index, (state, reviews) in enumerate(data["apps"]):
        app = factories.ApplicationFactory(cycle=cycle, amount_requested=D(100 + index))
        # Some submitted at the same moment: ties then fall back to the id.
        app = factories.force_state(app, state, submitted_at=start + timedelta(hours=index // 2))
        for reviewer, kind, values in reviews:
            status = {
                "submitted": AssignmentStatus.SUBMITTED,
                "draft": AssignmentStatus.ASSIGNED,
                "conflict": AssignmentStatus.CONFLICT,
            }[kind]
            assignment = factories.AssignmentFactory(
                application=app, reviewer=reviewers[reviewer], status=status
            )
            if kind == "conflict":
                continue
            review = factories.ReviewFactory(
                assignment=assignment, submitted_at=timezone.now() if kind == "submitted" else None
            )
            for criterion, value in zip(criteria, values, strict=True):
                factories.ScoreFactory(
                    review=review, criterion=criterion, value=value, is_na=value is None
                )
    if data["new_weight"] is not None:
        index, weight = data["new_weight"]
        criterion = criteria[index % len(criteria)]
        criterion.weight = weight
        criterion.save()
    return cycle


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=cycles())
def test_sql_ranking_equals_the_python_reference(db, data):
    cycle = build(data)
    for order in ("score", "normalised"):
        expected = [figures(row) for row in rank_cycle(cycle, order=order)]
        assert [figures(row) for row in sql_ranking(cycle, order)] == expected
        reference = rank_cycle(cycle, order=order)
        ids = [row.application.pk for row in reference]
        for position, row in enumerate(reference, start=1):
            placed = application_ranking(cycle, row.application, order=order)
            assert (figures(placed.ranked), placed.position, placed.total) == (
                figures(row),
                position,
                len(expected),
            )
            neighbours = (placed.previous_id, placed.next_id)
            assert neighbours == (
                ids[position - 2] if position > 1 else None,
                ids[position] if position < len(ids) else None,
            )
    # The stored totals the place by score reads from equal a fresh sum of the reviews,
    # and the desk's pages read from them equal the pages read from every review.
    assert application_totals.drift() == []
    for query in TOTALS_QUERIES:
        for offset, limit in ((0, 10_000), (1, 2)):
            args = (cycle, query, RANKED_STATES, DECIDABLE_STATES, offset, limit)
            from_reviews = ranking_sql.fetch(*ranking_sql.page_statement(*args))
            from_totals = ranking_sql.fetch(*ranking_totals_sql.totals_page_statement(*args))
            assert from_totals == from_reviews, query


TOTALS_QUERIES = [
    RankingQuery(),
    RankingQuery(sort="spread", direction="desc"),
    RankingQuery(sort="title"),
    RankingQuery(sort="rank", direction="desc", complete_only=True),
    RankingQuery(flagged=True, sort="reviews"),
    RankingQuery(state=State.REVIEWED, sort="requested", direction="desc"),
]


@pytest.mark.django_db
def test_summary_counts_bands_and_filters():
    data = {
        "criteria": [((1, 5), D("1.00"), False)],
        "reviewers": 3,
        "apps": [
            (State.REVIEWED, [(0, "submitted", [5]), (1, "submitted", [1])]),  # 50, flagged
            (State.UNDER_REVIEW, [(2, "submitted", [4])]),  # 75, one of two reviews
            (State.UNDER_REVIEW, [(0, "draft", [3])]),  # no score
            (State.WITHDRAWN, [(1, "submitted", [5])]),  # not ranked
        ],
        "wanted": 2,
        "spread": D("25.00"),
        "new_weight": None,
    }
    cycle = build(data)
    rows = RankedRows(cycle, count_states=[State.REVIEWED])
    assert rows.summary.total == 3
    assert (rows.summary.shown, rows.summary.scored, rows.summary.flagged) == (3, 2, 1)
    assert (rows.summary.incomplete, rows.summary.counted) == (2, 1)
    assert rows.summary.bands == (0, 0, 0, 0, 0, 1, 0, 1, 0, 0)
    assert [(r.score, r.rank, r.incomplete) for r in rows[0:3]] == [
        (D("75.00"), 1, True),
        (D("50.00"), 2, False),
        (None, None, True),
    ]
    complete = RankedRows(cycle, RankingQuery(complete_only=True))
    assert [r.score for r in complete[0 : len(complete)]] == [D("50.00")]
    flagged = RankedRows(cycle, RankingQuery(flagged=True, sort="rank", direction="desc"))
    assert [r.score for r in flagged[0 : len(flagged)]] == [D("50.00")]
    nothing = RankedRows(cycle, RankingQuery(state=State.AWARDED))
    assert (len(nothing), nothing.summary.total, nothing[0:25]) == (0, 3, [])


def _one_complete_one_incomplete():
    return build(
        {
            "criteria": [((1, 5), D("1.00"), False)],
            "reviewers": 3,
            "apps": [
                (State.REVIEWED, [(0, "submitted", [3]), (1, "submitted", [4])]),  # 62.50
                (State.UNDER_REVIEW, [(2, "submitted", [5])]),  # 100.00 from one of two
            ],
            "wanted": 2,
            "spread": D("25.00"),
            "new_weight": None,
        }
    )


def _ranking_rows(response):
    import re

    return re.findall(
        r'<td class="number">(\d+|—)</td>\s*<th scope="row">(.*?)</th>',
        response.content.decode(),
        re.S,
    )


def test_board_ranking_marks_incomplete_applications_and_can_leave_them_out(client, board_member):
    cycle = _one_complete_one_incomplete()
    client.force_login(board_member)
    url = reverse("reviews:ranking", args=[cycle.slug])

    shown = _ranking_rows(client.get(url))
    left_out = _ranking_rows(client.get(url + "?complete=1"))

    assert [(rank, "Incomplete" in text) for rank, text in shown] == [("1", True), ("2", False)]
    assert [(rank, "Incomplete" in text) for rank, text in left_out] == [("2", False)]


def test_desk_filter_leaves_out_incomplete_applications(client, board_member):
    cycle = _one_complete_one_incomplete()
    client.force_login(board_member)
    url = reverse("decisions:desk", args=[cycle.slug])

    every = client.get(url).context["desk"]
    complete = client.get(url + "?complete=1").context["desk"]

    assert [(r.score, r.incomplete) for r in every.page] == [
        (D("100.00"), True),
        (D("62.50"), False),
    ]
    assert [(r.score, complete.shown, complete.total) for r in complete.page] == [
        (D("62.50"), 1, 2)
    ]


@pytest.mark.parametrize("view", ["decisions:application", "decisions:print"])
def test_panel_and_print_page_cost_the_same_queries_at_two_sizes(db, client, view):
    from tests.decisions.test_desk import build_cycle_with, count_queries

    counts = []
    for size in (3, 40):
        cycle, board = build_cycle_with(size)
        client.force_login(board)
        middle = cycle.applications.order_by("pk")[size // 2]
        url = reverse(view, args=[cycle.slug, middle.pk])
        client.get(url)
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1]


def test_sql_ranking_reproduces_the_worked_example(example):  # noqa: F811 - the fixture
    # docs/scoring.md section 5, read from the stored scores in SQL.
    cycle, _, applications, _ = example
    names = {app.pk: label for label, app in applications.items()}

    by_score = [(names[r.application.pk], r.score, r.rank) for r in sql_ranking(cycle)]
    by_normalised = [
        (names[r.application.pk], r.normalised_score, r.rank)
        for r in sql_ranking(cycle, "normalised")
    ]
    b = application_ranking(cycle, applications["B"]).ranked

    assert by_score == [("A", D("71.04"), 1), ("C", D("61.67"), 2), ("B", D("56.88"), 3)]
    assert by_normalised == [("A", D("82.37"), 1), ("B", D("58.93"), 2), ("C", D("53.35"), 3)]
    assert (b.median, b.stdev, b.spread, b.flagged) == (
        D("56.88"),
        D("28.13"),
        D("56.25"),
        True,
    )
