"""The arithmetic of scoring, as pure functions on Decimals (no database).

docs/scoring.md explains every rule here with a worked example. In short:

- a criterion's value is rescaled to 0-100 from its own scale: (value - min) / (max - min);
- a review's score is the weighted mean of its rescaled criteria, N/A left out of both the
  sum and the weights, rounded to 2 places;
- an application's score, median, standard deviation (population) and spread are taken
  over its reviews' 2-place scores and rounded to 2 places;
- the normalised score replaces each review's score by the reviewer's z-score mapped onto
  the cycle's distribution of review scores.

Every rounding is to 2 places, half up (ROUND_HALF_UP), so a person with a calculator
gets the same figures as the pages and the spreadsheet.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)
# Scores computed by the database arrive as binary floats whose last bits may differ
# between SQLite and PostgreSQL (summing order). Rounding them to 10 places first removes
# that noise (far below 1e-10) while keeping every exact x.xx5 boundary where it is, so
# the final half-up rounding agrees on both databases.
FLOAT_NOISE = Decimal("1e-10")


def round2(value: Decimal | None) -> Decimal | None:
    """Round half up to 2 places; None stays None."""
    if value is None:
        return None
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def from_database_float(value: float | None) -> Decimal | None:
    """A float computed by SQL as an exact-enough Decimal (see FLOAT_NOISE)."""
    if value is None:
        return None
    return Decimal(repr(float(value))).quantize(FLOAT_NOISE, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class CriterionValue:
    """One criterion's answer in a review, with what is needed to rescale it."""

    value: int | None
    scale_min: int
    scale_max: int
    weight: Decimal
    is_na: bool = False


def rescale(value: int, scale_min: int, scale_max: int) -> Decimal:
    """A value on the scale min..max as 0-100 (exact; not rounded)."""
    return Decimal(value - scale_min) * HUNDRED / Decimal(scale_max - scale_min)


def review_score(values: Iterable[CriterionValue]) -> Decimal | None:
    """The weighted mean of the rescaled criteria, N/A (and unscored) left out entirely.

    None when nothing was scored. Rounded to 2 places.
    """
    total = ZERO
    weights = ZERO
    for item in values:
        if item.is_na or item.value is None:
            continue
        weight = Decimal(item.weight)
        total += weight * rescale(item.value, item.scale_min, item.scale_max)
        weights += weight
    if weights == 0:
        return None
    return round2(total / weights)


def mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return sum(values, ZERO) / len(values)


def median(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def pstdev(values: Sequence[Decimal]) -> Decimal | None:
    """Population standard deviation (divide by n): the spread of exactly these values.

    None for fewer than two values, where there is no disagreement to measure.
    """
    if len(values) < 2:
        return None
    centre = sum(values, ZERO) / len(values)
    variance = sum(((v - centre) ** 2 for v in values), ZERO) / len(values)
    return variance.sqrt()


def spread(values: Sequence[Decimal]) -> Decimal | None:
    """Highest minus lowest; None for fewer than two values."""
    if len(values) < 2:
        return None
    return max(values) - min(values)


@dataclass(frozen=True)
class Summary:
    """An application's review scores summed up, every figure rounded to 2 places."""

    count: int
    mean: Decimal | None
    median: Decimal | None
    stdev: Decimal | None
    spread: Decimal | None


def summarise(scores: Sequence[Decimal]) -> Summary:
    return Summary(
        count=len(scores),
        mean=round2(mean(scores)),
        median=round2(median(scores)),
        stdev=round2(pstdev(scores)),
        spread=round2(spread(scores)),
    )


def is_flagged(review_spread: Decimal | None, allowed: Decimal) -> bool:
    """Reviews disagree when their spread is strictly more than the cycle allows."""
    return review_spread is not None and review_spread > allowed


@dataclass(frozen=True)
class ScoredReview:
    """What normalisation needs of one submitted review."""

    review_id: int
    reviewer_id: int
    score: Decimal


def normalised_review_scores(reviews: Sequence[ScoredReview]) -> dict[int, Decimal]:
    """Each review's score corrected for its reviewer's harshness or leniency.

    For a reviewer with at least two reviews that differ, z = (score - reviewer's mean) /
    reviewer's population standard deviation, and the normalised score is
    cycle mean + z * cycle standard deviation (population, over every review score in the
    cycle). Two cases have no z-score:
      - a reviewer with only one review: nothing shows whether they are harsh or lenient,
        so their score is kept as it is;
      - a reviewer whose reviews all have the same score: they told the applications
        apart not at all, so each review counts as the cycle mean (z = 0).
    When the cycle itself has fewer than two reviews or no spread, scores are kept as they
    are. Results are rounded to 2 places.
    """
    all_scores = [r.score for r in reviews]
    cycle_mean = mean(all_scores)
    cycle_sd = pstdev(all_scores)
    if cycle_mean is None or not cycle_sd:
        return {r.review_id: round2(r.score) for r in reviews}

    by_reviewer: dict[int, list[Decimal]] = {}
    for r in reviews:
        by_reviewer.setdefault(r.reviewer_id, []).append(r.score)
    reviewer_stats = {
        reviewer: (mean(scores), pstdev(scores), len(scores))
        for reviewer, scores in by_reviewer.items()
    }

    result = {}
    for r in reviews:
        reviewer_mean, reviewer_sd, count = reviewer_stats[r.reviewer_id]
        if count < 2:
            value = r.score
        elif not reviewer_sd:
            value = cycle_mean
        else:
            value = cycle_mean + (r.score - reviewer_mean) / reviewer_sd * cycle_sd
        result[r.review_id] = round2(value)
    return result


def application_normalised(
    review_ids: Iterable[int], normalised: Mapping[int, Decimal]
) -> Decimal | None:
    """An application's normalised score: the mean of its reviews' normalised scores."""
    values = [normalised[i] for i in review_ids if i in normalised]
    return round2(mean(values))


def competition_ranks(keys: Sequence[Decimal | None]) -> list[int | None]:
    """Ranks for values already sorted best first: equal values share a rank (1, 2, 2, 4).

    None (no reviews) gets no rank.
    """
    ranks: list[int | None] = []
    previous = object()
    current = 0
    for position, key in enumerate(keys, start=1):
        if key is None:
            ranks.append(None)
            continue
        if key != previous:
            current = position
            previous = key
        ranks.append(current)
    return ranks
