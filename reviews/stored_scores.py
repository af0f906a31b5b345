"""Each review's 0-100 score, stored on the review (Review.score) and kept equal to the
score computed from its raw values.

The score is written by one SQL statement, here, in the transaction that writes the
values: when a review is saved or submitted (reviews.services.reviewing), when a
criterion's weight or scale changes (Criterion.save, for the whole cycle at once) and by
the data migration that introduced the column. `verify_scores` recomputes every stored
score in Python from the raw values, the way reviews.ranking.review_scores always has,
and reports any difference (`manage.py verify_scores`).

The statement follows reviews.ranking.review_scores step by step, in integers where that
code rounds: the two weighted sums are floats, each rounded to 10 places (the float
noise, see scoring.FLOAT_NOISE), and their quotient is rounded half up to 2 places in
exact integer arithmetic, so SQLite and PostgreSQL store the same figure Python computes.
"""

from decimal import Decimal

from django.db import connection

from reviews import application_totals, scoring

# sum(weight * rescaled) and sum(weight) over a review's scored criteria, as floats; the
# same expressions (and order of operations) as reviews.ranking.review_scores.
_SUMS = """
    SELECT SUM(CAST(c.weight AS {float}) * (CAST(s.value - c.scale_min AS {float})
                 / CAST(c.scale_max - c.scale_min AS {float}))) AS weighted,
           SUM(CAST(c.weight AS {float})) AS weights
    FROM reviews_score s JOIN reviews_criterion c ON c.id = s.criterion_id
    WHERE s.review_id = reviews_review.id AND NOT s.is_na AND s.value IS NOT NULL
"""


def _floor(expression: str) -> str:
    """floor(x) as an integer, for x >= 0 (SQLite's CAST truncates, which is the same)."""
    if connection.vendor == "postgresql":
        return f"CAST(FLOOR({expression}) AS numeric)"
    return f"CAST(({expression}) AS INTEGER)"


def _idiv(a: str, b: str) -> str:
    """Integer division of non-negative integers."""
    if connection.vendor == "postgresql":
        return f"div({a}, {b})"
    return f"(({a}) / ({b}))"


def _vendor_sql() -> str:
    float_type = "double precision" if connection.vendor == "postgresql" else "REAL"
    # Each sum rounded to 10 places, as a count of 1e-10 ...
    weighted = _floor("sums.weighted * 10000000000.0 + 0.5")
    weights = _floor("sums.weights * 10000000000.0 + 0.5")
    # ... then cents = round_half_up(100 * weighted / weights) = (20000 W + S) div (2 S).
    cents = _idiv(f"20000 * {weighted} + {weights}", f"2 * {weights}")
    sums = _SUMS.format(float=float_type)
    return f"SELECT CASE WHEN sums.weights > 0 THEN {cents} / 100.0 END FROM ({sums}) sums"  # noqa: S608


def score_expression_sql() -> str:
    """The SQL (a scalar subquery on reviews_review) that computes a review's score."""
    return "(" + _vendor_sql() + ")"


def _update(where: str, params) -> int:
    sql = f"UPDATE reviews_review SET score = {score_expression_sql()} WHERE {where}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def store_review_score(review) -> Decimal | None:
    """Store one review's score from its current values (one statement) and set it on
    the instance too. Returns it."""
    sql = (
        f"UPDATE reviews_review SET score = {score_expression_sql()} WHERE id = %s "  # noqa: S608
        "RETURNING score"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [review.pk])
        (value,) = cursor.fetchone()
    review.score = None if value is None else scoring.round2(Decimal(str(value)))
    application_totals.refresh_by_assignment(review.assignment_id)
    return review.score


def store_cycle_scores(cycle_id: int) -> int:
    """Store every review score of the cycle again, in one statement (after a weight
    changed). Returns the number of reviews updated."""
    updated = _update(
        "assignment_id IN (SELECT asg.id FROM reviews_assignment asg "
        "JOIN grants_application app ON app.id = asg.application_id WHERE app.cycle_id = %s)",
        [cycle_id],
    )
    application_totals.refresh_cycle(cycle_id)
    return updated


def store_rubric_scores(rubric_id: int) -> int:
    """The same for the cycle of a rubric (a criterion's weight changed)."""
    updated = _update(
        "assignment_id IN (SELECT asg.id FROM reviews_assignment asg "
        "JOIN grants_application app ON app.id = asg.application_id "
        "JOIN reviews_rubric rub ON rub.cycle_id = app.cycle_id WHERE rub.id = %s)",
        [rubric_id],
    )
    application_totals.refresh_rubric(rubric_id)
    return updated


def store_all_scores(*, totals: bool = True) -> int:
    """Every review's score, in one statement (the data migration, a repair), then every
    application's totals (`totals=False`: the migration that predates them)."""
    updated = _update("1 = 1", [])
    if totals:
        application_totals.refresh_all()
    return updated


def computed_scores(reviews) -> dict[int, Decimal | None]:
    """review id -> the score computed in Python from the raw values, for a queryset of
    reviews, in one aggregating query (the arithmetic of ranking.review_scores)."""
    from django.db.models import F, FloatField, Q, Sum
    from django.db.models.functions import Cast

    def as_float(expression):
        return Cast(expression, output_field=FloatField())

    scored = Q(scores__is_na=False, scores__value__isnull=False)
    weight = as_float(F("scores__criterion__weight"))
    rescaled = as_float(F("scores__value") - F("scores__criterion__scale_min")) / as_float(
        F("scores__criterion__scale_max") - F("scores__criterion__scale_min")
    )
    rows = (
        reviews.order_by()
        .values("pk")
        .annotate(
            weighted=Sum(weight * rescaled, filter=scored), weights=Sum(weight, filter=scored)
        )
    )
    result = {}
    for row in rows:
        weighted = scoring.from_database_float(row["weighted"])
        weights = scoring.from_database_float(row["weights"])
        result[row["pk"]] = (
            scoring.round2(weighted * scoring.HUNDRED / weights) if weights else None
        )
    return result


def drift(reviews) -> list[tuple[int, Decimal | None, Decimal | None]]:
    """(review id, stored, computed) for every review whose stored score is wrong."""
    computed = computed_scores(reviews)
    stored = dict(reviews.order_by().values_list("pk", "score"))
    return [
        (pk, stored[pk], computed.get(pk))
        for pk in sorted(stored)
        if stored[pk] != computed.get(pk)
    ]
