"""A cycle's ranking, computed from the stored scores every time (nothing is cached).

Two queries in all: one aggregates every submitted review's weighted score in SQL over
Score x Criterion, one loads the applications. The rest is arithmetic in reviews.scoring.
Weights may change at any time; the next call simply uses the new weights.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast

from grants.models import Application, Cycle
from grants.workflow import RANKED_STATES
from reviews import scoring
from reviews.models import AssignmentStatus, Review, Score

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


def _submitted_reviews(cycle: Cycle):
    return Review.objects.filter(
        submitted_at__isnull=False,
        assignment__status=AssignmentStatus.SUBMITTED,
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
            review__submitted_at__isnull=False,
            review__assignment__status=AssignmentStatus.SUBMITTED,
            review__assignment__application__cycle=cycle,
            review__assignment__application__state__in=RANKED_STATES,
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
