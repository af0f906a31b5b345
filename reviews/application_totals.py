"""Each application's review totals (reviews.models.ApplicationTotals), kept equal to
the sums of its counted review scores.

One statement refreshes the totals of some applications from their reviews' stored
scores (Review.score). It runs in the transaction that changes what counts: a review's
score stored (reviews.stored_scores), a review or assignment saved or deleted (the
receivers below, connected by ReviewsConfig.ready, so a reviewer deleted in the admin
or a test that builds rows directly keeps them right too). `verify_scores` compares
every row with a fresh sum and `verify_scores --fix` writes them all again.

Cents are the same integers the ranking statement uses (reviews.ranking_sql): a score
of 72.45 counts as 7245.
"""

from django.db import connection, transaction

from reviews.sql_arithmetic import review_cents

_REFRESH = """
INSERT INTO reviews_applicationtotals
    (application_id, review_count, score_sum, score_squares, lowest, highest)
SELECT app.id, COUNT(rs.c), COALESCE(SUM(rs.c), 0), COALESCE(SUM(rs.c * rs.c), 0),
       MIN(rs.c), MAX(rs.c)
FROM grants_application app
LEFT JOIN (
    SELECT asg.application_id AS app_id, {cents} AS c
    FROM reviews_review r JOIN reviews_assignment asg ON asg.id = r.assignment_id
    WHERE r.submitted_at IS NOT NULL AND asg.status = 'submitted' AND r.score IS NOT NULL
) rs ON rs.app_id = app.id
WHERE {which}
GROUP BY app.id
ON CONFLICT (application_id) DO UPDATE SET
    review_count = excluded.review_count, score_sum = excluded.score_sum,
    score_squares = excluded.score_squares, lowest = excluded.lowest,
    highest = excluded.highest
"""


def _refresh(which: str, params, *, existing_only: bool = False) -> None:
    """On PostgreSQL the applications' rows are locked first, so a refresh computed while
    another transaction adds a review waits for it and then counts it (submitting a
    review locks its application too); SQLite has one writer at a time anyway.

    `existing_only`: rewrite rows that exist, add none (after a delete, which may be an
    application's own deletion cascading: a new row would point at a deleted application)."""
    if existing_only:
        which += " AND app.id IN (SELECT application_id FROM reviews_applicationtotals)"
    sql = _REFRESH.format(cents=review_cents(), which=which)  # noqa: S608 - constants
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT app.id FROM grants_application app WHERE {which} "  # noqa: S608
                "ORDER BY app.id FOR UPDATE",
                params,
            )
        cursor.execute(sql, params)


def refresh_applications(application_ids, *, existing_only: bool = False) -> None:
    """Sum the counted reviews of these applications again (one statement)."""
    ids = sorted({int(pk) for pk in application_ids if pk is not None})
    if ids:
        which = "app.id IN (" + ", ".join(["%s"] * len(ids)) + ")"
        _refresh(which, ids, existing_only=existing_only)


def refresh_cycle(cycle_id: int) -> None:
    _refresh("app.cycle_id = %s", [cycle_id])


def refresh_rubric(rubric_id: int) -> None:
    _refresh("app.cycle_id = (SELECT cycle_id FROM reviews_rubric WHERE id = %s)", [rubric_id])


def refresh_all() -> None:
    _refresh("1 = 1", [])


def refresh_by_assignment(assignment_id: int, *, existing_only: bool = False) -> None:
    _refresh(
        "app.id = (SELECT application_id FROM reviews_assignment WHERE id = %s)",
        [assignment_id],
        existing_only=existing_only,
    )


# What counts changed: a review or an assignment saved or deleted -------------------------


def review_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw and instance.assignment_id is not None:
        refresh_by_assignment(instance.assignment_id)


def review_deleted(sender, instance, **kwargs) -> None:
    if instance.assignment_id is not None:
        refresh_by_assignment(instance.assignment_id, existing_only=True)


def assignment_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        refresh_applications([instance.application_id])


def assignment_deleted(sender, instance, **kwargs) -> None:
    refresh_applications([instance.application_id], existing_only=True)


# verify_scores ---------------------------------------------------------------------------

_FRESH = """
SELECT app.id, COUNT(rs.c), COALESCE(SUM(rs.c), 0), COALESCE(SUM(rs.c * rs.c), 0),
       MIN(rs.c), MAX(rs.c)
FROM grants_application app
LEFT JOIN (
    SELECT asg.application_id AS app_id, {cents} AS c
    FROM reviews_review r JOIN reviews_assignment asg ON asg.id = r.assignment_id
    WHERE r.submitted_at IS NOT NULL AND asg.status = 'submitted' AND r.score IS NOT NULL
) rs ON rs.app_id = app.id
GROUP BY app.id
"""
_STORED = """
SELECT application_id, review_count, score_sum, score_squares, lowest, highest
FROM reviews_applicationtotals
"""
_EMPTY = (0, 0, 0, None, None)


def drift() -> list[tuple[int, tuple, tuple]]:
    """(application id, stored, summed now) for every application whose totals are wrong.
    An application with no row counts as having no reviews."""
    with connection.cursor() as cursor:
        cursor.execute(_FRESH.format(cents=review_cents()))  # noqa: S608
        fresh = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
        cursor.execute(_STORED)
        stored = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
    return [
        (pk, stored.get(pk, _EMPTY), summed)
        for pk, summed in sorted(fresh.items())
        if stored.get(pk, _EMPTY) != summed
    ]
