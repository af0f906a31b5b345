"""A cycle's ranking: the read model the desk, the board's pages and the exports use.

Two ways to the same figures, to the last decimal:

- `ranking_rows(cycle, RankingQuery(...))`, `application_ranking(cycle, application)`:
  the ranking in SQL over each review's stored score (Review.score), filtered, sorted and
  paged in the database; only the rows shown become model objects. A page is one
  statement (with the totals, counts and histogram bands) plus one to load its rows.
- `rank_cycle(cycle)`: every application ranked in Python from the raw criterion values
  (two queries; reviews.scoring's arithmetic). Kept as the reference the SQL is tested
  against (tests/reviews/test_ranking_sql.py) and for the spreadsheet export.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast

from grants.models import Application, Cycle
from grants.workflow import RANKED_STATES
from reviews import ranking_sql, ranking_totals_sql, scoring
from reviews.models import Review, Score
from reviews.ranking_sql import SORT_KEYS, RankingQuery

ORDERS = ("score", "normalised")


@dataclass(frozen=True)
class ReviewScore:
    application_id: int
    review_id: int
    reviewer_id: int
    score: Decimal  # 0-100, 2 places


@dataclass(frozen=True)
class RankedApplication:
    application: Application  # with cycle and applicant select_related
    review_count: int  # submitted reviews
    score: Decimal | None  # mean of review scores, 0-100, 2 places
    median: Decimal | None
    stdev: Decimal | None  # population standard deviation; None below two reviews
    spread: Decimal | None  # max - min review score; None below two reviews
    flagged: bool  # spread > cycle.disagreement_spread
    normalised_score: Decimal | None
    rank: int | None  # 1 = best by the chosen order; None when no reviews
    # Fewer submitted reviews than cycle.reviewers_per_application: ranked, but marked.
    incomplete: bool = False


def _submitted_reviews(cycle: Cycle):
    return Review.objects.submitted().filter(
        assignment__application__cycle=cycle,
        assignment__application__state__in=RANKED_STATES,
    )


def _as_float(expression):
    return Cast(expression, output_field=FloatField())


def review_scores(cycle: Cycle) -> list[ReviewScore]:
    """Every submitted review's 0-100 score in the cycle, in one aggregating query.

    A review whose criteria were all N/A has no score and is left out.
    """
    scored = Q(scores__is_na=False, scores__value__isnull=False)
    weight = _as_float(F("scores__criterion__weight"))
    rescaled = _as_float(F("scores__value") - F("scores__criterion__scale_min")) / _as_float(
        F("scores__criterion__scale_max") - F("scores__criterion__scale_min")
    )
    rows = (
        _submitted_reviews(cycle)
        .values("pk", "assignment__application_id", "assignment__reviewer_id")
        .annotate(
            weighted=Sum(weight * rescaled, filter=scored),
            weights=Sum(weight, filter=scored),
        )
        .order_by("assignment__application_id", "pk")
    )
    result = []
    for row in rows:
        weighted = scoring.from_database_float(row["weighted"])
        weights = scoring.from_database_float(row["weights"])
        if not weights:
            continue
        result.append(
            ReviewScore(
                application_id=row["assignment__application_id"],
                review_id=row["pk"],
                reviewer_id=row["assignment__reviewer_id"],
                score=scoring.round2(weighted * scoring.HUNDRED / weights),
            )
        )
    return result


def criterion_means(cycle: Cycle) -> dict[int, dict[int, Decimal | None]]:
    """application_id -> criterion_id -> mean of the RAW values on the criterion's own
    scale (e.g. 3.67 on 1-5), over submitted reviews, N/A left out; None when every
    review said N/A. Rounded to 2 places. One query."""
    scored = Q(is_na=False, value__isnull=False)
    rows = (
        Score.objects.filter(
            review__in=_submitted_reviews(cycle),
        )
        .values("review__assignment__application_id", "criterion_id")
        .annotate(total=Sum("value", filter=scored), count=Count("pk", filter=scored))
        .order_by()
    )
    result: dict[int, dict[int, Decimal | None]] = {}
    for row in rows:
        means = result.setdefault(row["review__assignment__application_id"], {})
        means[row["criterion_id"]] = (
            scoring.round2(Decimal(row["total"]) / row["count"]) if row["count"] else None
        )
    return result


# The long texts of an application are not needed to rank it; leaving them out keeps a
# 10,000-application ranking from reading megabytes of prose it never shows.
LONG_TEXT_FIELDS = ("summary", "need_and_plan", "beneficiaries", "timeline", "unsaved_input")


def ranked_applications(cycle: Cycle):
    applications = (
        Application.objects.filter(cycle=cycle, state__in=RANKED_STATES)
        .select_related("applicant")
        .defer(*LONG_TEXT_FIELDS, "applicant__password")
        .order_by("submitted_at", "pk")
    )
    for application in applications:
        application.cycle = cycle  # the same cycle for every row: no join, no copies
        yield application


def rank_cycle(cycle: Cycle, *, order: str = "score") -> list[RankedApplication]:
    """Every ranked application of the cycle, best first by `order` ("score" or
    "normalised"); applications without reviews last, unranked. Equal scores share a
    rank. Two queries."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, not {order!r}")
    reviews = review_scores(cycle)
    normalised = scoring.normalised_review_scores(
        [scoring.ScoredReview(r.review_id, r.reviewer_id, r.score) for r in reviews]
    )
    by_application: dict[int, list[ReviewScore]] = {}
    for review in reviews:
        by_application.setdefault(review.application_id, []).append(review)

    rows = []
    for application in ranked_applications(cycle):
        own = by_application.get(application.pk, [])
        summary = scoring.summarise([r.score for r in own])
        rows.append(
            RankedApplication(
                application=application,
                review_count=summary.count,
                score=summary.mean,
                median=summary.median,
                stdev=summary.stdev,
                spread=summary.spread,
                flagged=scoring.is_flagged(summary.spread, cycle.disagreement_spread),
                normalised_score=scoring.application_normalised(
                    (r.review_id for r in own), normalised
                ),
                rank=None,
                incomplete=summary.count < cycle.reviewers_per_application,
            )
        )
    return _ranked(rows, order)


def _ranked(rows: list[RankedApplication], order: str) -> list[RankedApplication]:
    def key(row: RankedApplication):
        value = row.score if order == "score" else row.normalised_score
        # Best first; unreviewed last; ties keep the submission order.
        return (value is None, -(value or 0))

    rows = sorted(rows, key=key)  # stable: ties stay in submission order
    keys = [row.score if order == "score" else row.normalised_score for row in rows]
    ranks = scoring.competition_ranks(keys)
    return [replace(row, rank=rank) for row, rank in zip(rows, ranks, strict=True)]


# The ranking in SQL ---------------------------------------------------------------------


@dataclass(frozen=True)
class RankingSummary:
    total: int  # every ranked application of the cycle
    shown: int  # those the query's filters keep
    scored: int  # with at least one scored review
    flagged: int
    incomplete: int
    counted: int  # in the states asked for (count_states)
    bands: tuple[int, ...]  # scored applications per 10 points of score


def _cents(value) -> Decimal | None:
    return None if value is None else Decimal(int(value)).scaleb(-2)


def _ranked_application(row: dict, application: Application) -> RankedApplication:
    return RankedApplication(
        application=application,
        review_count=int(row["review_count"]),
        score=_cents(row["score_c"]),
        median=_cents(row["median_c"]),
        stdev=_cents(row["stdev_c"]),
        spread=_cents(row["spread_c"]),
        flagged=bool(row["flagged"]),
        normalised_score=_cents(row["norm_c"]),
        rank=None if row["rank"] is None else int(row["rank"]),
        incomplete=bool(row["incomplete"]),
    )


def _applications(cycle: Cycle, ids) -> dict[int, Application]:
    found = (
        Application.objects.filter(pk__in=ids)
        .select_related("applicant")
        .defer(*LONG_TEXT_FIELDS, "applicant__password")
        .in_bulk()
    )
    for application in found.values():
        application.cycle = cycle
    return found


class RankedRows:
    """One cycle's ranking as a lazy sequence for django.core.paginator.Paginator.

    Its length and summary come with the first page asked for (`page` is a hint: the
    page the view will ask for), in one statement; the page's applications in one more.
    """

    def __init__(
        self,
        cycle: Cycle,
        query: RankingQuery = RankingQuery(),  # noqa: B008 - frozen
        *,
        per_page: int = 25,
        page=1,
        count_states=(),
    ):
        if query.order not in ORDERS or query.sort not in SORT_KEYS:
            raise ValueError(f"No such order or sort: {query.order!r}, {query.sort!r}")
        self.cycle, self.query, self.count_states = cycle, query, tuple(count_states)
        try:
            number = max(int(page), 1)
        except (TypeError, ValueError):
            number = 1
        self._hint = ((number - 1) * per_page, per_page)
        self._summary: RankingSummary | None = None
        self._rows: dict[tuple[int, int], list[RankedApplication]] = {}

    @property
    def summary(self) -> RankingSummary:
        if self._summary is None:
            self._fetch(*self._hint)
        return self._summary

    def count(self) -> int:
        return self.summary.shown

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start = index.start or 0
        stop = self.count() if index.stop is None else min(index.stop, self.count())
        wanted = max(stop - start, 0)
        for (offset, limit), rows in self._rows.items():
            if offset == start and wanted <= limit:
                return rows[:wanted]
        self._fetch(start, wanted)
        return self._rows[(start, wanted)]

    def _fetch(self, offset: int, limit: int) -> None:
        statement = (
            ranking_totals_sql.totals_page_statement
            if ranking_totals_sql.serves(self.query)
            else ranking_sql.page_statement
        )
        sql, params = statement(
            self.cycle, self.query, RANKED_STATES, self.count_states, offset, limit
        )
        rows = ranking_sql.fetch(sql, params)
        first = rows[0]
        self._summary = RankingSummary(
            total=int(first["n_total"]),
            shown=int(first["n_shown"]),
            scored=int(first["n_scored"]),
            flagged=int(first["n_flagged"]),
            incomplete=int(first["n_incomplete"]),
            counted=int(first["n_counted"]),
            bands=tuple(int(first[f"n_band{k}"]) for k in range(ranking_sql.BANDS)),
        )
        rows = [row for row in rows if row["id"] is not None]
        applications = _applications(self.cycle, [row["id"] for row in rows]) if rows else {}
        self._rows[(offset, limit)] = [
            _ranked_application(row, applications[row["id"]]) for row in rows
        ]


@dataclass(frozen=True)
class ApplicationRanking:
    """One application's own figures and its place, without ranking in Python."""

    ranked: RankedApplication
    position: int  # 1-based place in the ranking order
    total: int
    previous_id: int | None
    next_id: int | None


def application_ranking(
    cycle: Cycle, application: Application, *, order: str = "score"
) -> ApplicationRanking | None:
    """The application's figures, rank and neighbours: one statement. None when it is
    not in the ranking (a draft or a withdrawn application)."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, not {order!r}")
    if order == "score":
        sql, params = ranking_totals_sql.place_statement(cycle, application.pk, RANKED_STATES)
    else:  # the normalised score ranks: every application's is needed
        sql, params = ranking_sql.application_statement(cycle, application.pk, RANKED_STATES, order)
    rows = ranking_sql.fetch(sql, params)
    if not rows:
        return None
    row = rows[0]
    return ApplicationRanking(
        ranked=_ranked_application(row, application),
        position=int(row["position"]),
        total=int(row["total"]),
        previous_id=row["previous_id"],
        next_id=row["next_id"],
    )


def in_ranking_order(cycle: Cycle, states, *, limit: int) -> list[Application]:
    """The cycle's first `limit` applications in `states` in the ranking order by score
    (one statement over the stored totals, one for the applications)."""
    sql, params = ranking_totals_sql.in_order_statement(cycle, tuple(states), limit)
    ids = [row["id"] for row in ranking_sql.fetch(sql, params)]
    found = _applications(cycle, ids) if ids else {}
    return [found[pk] for pk in ids]
