"""The rows of each sheet, streamed from the database in chunks.

decision_rows also feed the CSV; every function costs a fixed number of queries (plus one
per batch of reviews) whatever the cycle's size. `hidden` holds the applications whose
review details the downloader may not see (reviews.board_conflicts): their figures are
blank, their reviews and criterion means left out.
"""

from collections.abc import Iterator
from itertools import batched

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from decisions.exports.cells import BOOLEAN, DATETIME, INTEGER, MONEY, SCORE, TEXT, Column
from grants.choices import Purpose
from grants.models import Application, Cycle
from grants.workflow import State
from reviews.board_conflicts import without_conflicts
from reviews.models import (
    Assignment,
    AssignmentStatus,
    Criterion,
    Recommendation,
    Review,
    Score,
)
from reviews.ranking import RankedApplication, criterion_means, rank_cycle

CHUNK_SIZE = 2000
# Reviews whose scores are read in one query (6 criteria: about 3,000 score rows).
REVIEW_BATCH = 500


def decision_columns(cycle: Cycle) -> list[Column]:
    money = f" ({cycle.currency})"
    return [
        Column("Application id", INTEGER, 12),
        Column("Applicant name", TEXT, 24),
        Column("Applicant email", TEXT, 30),
        Column("Purpose", TEXT, 24),
        Column("Title", TEXT, 40),
        Column("Amount requested" + money, MONEY, 16),
        Column("Amount awarded" + money, MONEY, 16),
        Column("State", TEXT, 14),
        Column("Decision note", TEXT, 40),
        Column("Decided by", TEXT, 22),
        Column(f"Decided at ({cycle.time_zone})", DATETIME, 20),
        Column("Score (0-100)", SCORE, 12),
        Column("Normalised score (0-100)", SCORE, 14),
        Column("Rank", INTEGER, 8),
        Column("Reviews", INTEGER, 9),
        Column("Flagged", BOOLEAN, 10),
    ]


PURPOSE_LABELS = dict(Purpose.choices)
STATE_LABELS = dict(State.choices)


def _withdrawn(cycle: Cycle):
    """Withdrawn applications are not ranked but belong in the board's record."""
    return (
        Application.objects.in_cycle(cycle)
        .filter(state=State.WITHDRAWN)
        .exclude(submitted_at__isnull=True)
        .select_related("applicant")
        .order_by("pk")
    )


def _unranked(application: Application) -> RankedApplication:
    return RankedApplication(
        application=application,
        review_count=0,
        score=None,
        median=None,
        stdev=None,
        spread=None,
        flagged=False,
        normalised_score=None,
        rank=None,
    )


def decision_entries(cycle: Cycle, ranking: list[RankedApplication]) -> Iterator[RankedApplication]:
    yield from ranking
    for application in _withdrawn(cycle).iterator(chunk_size=CHUNK_SIZE):
        yield _unranked(application)


def _decider_names(ranking: list[RankedApplication]) -> dict[int, str]:
    """Board members who decided, by id: a handful of people, read in one query."""
    ids = {r.application.decided_by_id for r in ranking if r.application.decided_by_id}
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).values_list("pk", "full_name")
    return dict(users)


def decision_row(entry: RankedApplication, deciders: dict[int, str]) -> tuple:
    app = entry.application
    return (
        app.pk,
        app.applicant.full_name,
        app.applicant.email,
        PURPOSE_LABELS.get(app.purpose, app.purpose),
        app.title,
        app.amount_requested,
        app.awarded_amount,
        STATE_LABELS.get(app.state, app.state),
        app.decision_note,
        deciders.get(app.decided_by_id),
        app.decided_at,
        entry.score,
        entry.normalised_score,
        entry.rank,
        entry.review_count,
        entry.flagged,
    )


def visible_ranking(cycle: Cycle, hidden: frozenset[int] = frozenset()):
    return without_conflicts(rank_cycle(cycle), hidden)


def decision_rows(
    cycle: Cycle,
    ranking: list[RankedApplication] | None = None,
    *,
    hidden: frozenset[int] = frozenset(),
) -> Iterator[tuple]:
    """Decisions, best ranked first, then unreviewed (and hidden), then withdrawn."""
    ranking = visible_ranking(cycle, hidden) if ranking is None else ranking
    deciders = _decider_names(ranking)
    for entry in decision_entries(cycle, ranking):
        yield decision_row(entry, deciders)


# The Decisions sheet's last columns: how many submitted reviews gave each recommendation.
# Only in the workbook; the CSV keeps the columns above.
RECOMMENDATION_LABELS = dict(Recommendation.choices)


def recommendation_columns() -> list[Column]:
    return [Column(f"Recommended: {label}", INTEGER, 14) for label in Recommendation.labels]


def recommendation_counts(cycle: Cycle, hidden: frozenset[int]) -> dict[int, dict[str, int]]:
    """Per application, the number of submitted reviews giving each recommendation (one
    query; recused reviews do not count, the hidden applications are left out)."""
    counts: dict[int, dict[str, int]] = {}
    grouped = (
        _submitted_reviews(cycle)
        .exclude(recommendation="")
        .exclude(assignment__application_id__in=hidden)
        .values_list("assignment__application_id", "recommendation")
        .annotate(reviews=Count("pk"))
        .order_by()
    )
    for application_id, recommendation, reviews in grouped:
        counts.setdefault(application_id, {})[recommendation] = reviews
    return counts


def decision_sheet_rows(
    cycle: Cycle, ranking: list[RankedApplication], *, hidden: frozenset[int] = frozenset()
) -> Iterator[tuple]:
    """decision_rows with the recommendation counts after them (blank when hidden)."""
    counts = recommendation_counts(cycle, hidden)
    for row in decision_rows(cycle, ranking, hidden=hidden):
        if row[0] in hidden:
            yield (*row, *(None for _ in Recommendation.values))
            continue
        own = counts.get(row[0], {})
        yield (*row, *(own.get(value, 0) for value in Recommendation.values))


def review_columns(cycle: Cycle) -> list[Column]:
    return [
        Column("Application id", INTEGER, 12),
        Column("Reviewer", TEXT, 24),
        Column("Criterion", TEXT, 30),
        Column("Score", INTEGER, 8),
        Column("N/A", BOOLEAN, 7),
        Column("Comment", TEXT, 50),
        Column(f"Submitted at ({cycle.time_zone})", DATETIME, 20),
        Column("Recommendation", TEXT, 18),
        Column("Overall comment", TEXT, 60),
    ]


def _submitted_reviews(cycle: Cycle):
    return Review.objects.submitted().filter(assignment__application__cycle=cycle)


def review_rows(
    cycle: Cycle,
    criteria: list[Criterion] | None = None,
    *,
    hidden: frozenset[int] = frozenset(),
) -> Iterator[tuple]:
    """One row per submitted review and criterion, by application, then review; the
    review's recommendation and overall comment on each of its rows.

    Reviews stream from the database in chunks; the scores of each batch of reviews come
    in one more query, so neither all reviews nor all scores are ever held at once.
    """
    criteria = cycle_criteria(cycle) if criteria is None else criteria
    names = {criterion.pk: criterion.name for criterion in criteria}
    order = {criterion.pk: position for position, criterion in enumerate(criteria)}
    reviews = (
        _submitted_reviews(cycle)
        .exclude(assignment__application_id__in=hidden)
        .order_by("assignment__application_id", "pk")
        .values_list(
            "pk",
            "assignment__application_id",
            "assignment__reviewer__full_name",
            "submitted_at",
            "recommendation",
            "overall_comment",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for batch in batched(reviews, REVIEW_BATCH):
        scores: dict[int, list[tuple]] = {}
        for review_id, criterion_id, value, is_na, comment in Score.objects.filter(
            review_id__in=[review[0] for review in batch]
        ).values_list("review_id", "criterion_id", "value", "is_na", "comment"):
            scores.setdefault(review_id, []).append((criterion_id, value, is_na, comment))
        for review_id, application_id, reviewer, submitted_at, recommended, overall in batch:
            recommendation = RECOMMENDATION_LABELS.get(recommended, recommended) or None
            for criterion_id, value, is_na, comment in sorted(
                scores.get(review_id, ()), key=lambda score: order.get(score[0], len(order))
            ):
                yield (
                    application_id,
                    reviewer,
                    names.get(criterion_id, ""),
                    value,
                    is_na,
                    comment,
                    submitted_at,
                    recommendation,
                    overall,
                )


def cycle_criteria(cycle: Cycle) -> list[Criterion]:
    return list(Criterion.objects.of_cycle(cycle))


def criteria_columns(criteria: list[Criterion]) -> list[Column]:
    return [
        Column("Application id", INTEGER, 12),
        Column("Title", TEXT, 40),
        *(
            Column(f"{criterion.name} ({criterion.scale_min}-{criterion.scale_max})", SCORE, 16)
            for criterion in criteria
        ),
    ]


def criteria_rows(
    cycle: Cycle,
    ranking: list[RankedApplication],
    criteria: list[Criterion],
    *,
    hidden: frozenset[int] = frozenset(),
) -> Iterator[tuple]:
    """Each ranked application's mean per criterion, on the criterion's own scale."""
    means = criterion_means(cycle)
    for entry in ranking:
        own = {} if entry.application.pk in hidden else means.get(entry.application.pk, {})
        yield (
            entry.application.pk,
            entry.application.title,
            *(own.get(criterion.pk) for criterion in criteria),
        )


REVIEWER_COLUMNS = [
    Column("Reviewer", TEXT, 24),
    Column("Email", TEXT, 30),
    Column("Assigned", INTEGER, 10),
    Column("Submitted", INTEGER, 10),
    Column("Conflicts", INTEGER, 10),
    Column("Overdue", INTEGER, 10),
]


def reviewer_rows(cycle: Cycle) -> Iterator[tuple]:
    """Per reviewer: assignments in the cycle, reviews submitted, conflicts, overdue."""
    now = timezone.now()
    rows = (
        Assignment.objects.filter(application__cycle=cycle)
        .values("reviewer_id", "reviewer__full_name", "reviewer__email")
        .annotate(
            assigned=Count("pk"),
            submitted=Count("pk", filter=Q(status=AssignmentStatus.SUBMITTED)),
            conflicts=Count("pk", filter=Q(status=AssignmentStatus.CONFLICT)),
            overdue=Count("pk", filter=Q(status=AssignmentStatus.ASSIGNED, due_at__lt=now)),
        )
        .order_by("reviewer__full_name", "reviewer_id")
    )
    for row in rows:
        yield (
            row["reviewer__full_name"],
            row["reviewer__email"],
            row["assigned"],
            row["submitted"],
            row["conflicts"],
            row["overdue"],
        )
