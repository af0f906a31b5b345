"""The ranking as SQL over the stored review scores (Review.score), for SQLite and
PostgreSQL alike. Used by reviews.ranking; docs/scoring.md gives the rules.

Every figure is computed in integer cents where reviews.scoring rounds, so the database
gives the figures Python gives to the last decimal:

- an application's mean (and mean of normalised scores) is round_half_up(sum / n), in
  integers: (2 * sum + n) div (2 * n);
- the median is the middle value or the half-up mean of the two middle ones;
- the standard deviation is sqrt(n * sum(c^2) - sum(c)^2) / n cents, rounded half up
  (the integer under the root is exact);
- a review's normalised score is (cycle sum + (n_r * c - sum_r) * sqrt(D_c) / sqrt(D_r))
  / n_c cents, from per-reviewer and whole-cycle window sums (no STDDEV needed, and
  SQLite has none), rounded half away from zero as Decimal's ROUND_HALF_UP does. Only
  here a float (the square roots) meets a rounding; values within 1e-9 of a cent's half
  are taken as the half, the same tolerance reviews.scoring.FLOAT_NOISE gives Python.
"""

from dataclasses import dataclass

from django.db import connection

from grants.workflow import State

# Sort keys offered on top of the ranking order; rows without a value go last either way.
SORT_KEYS = ("position", "rank", "normalised", "spread", "reviews", "requested", "title", "state")
BANDS = 10  # histogram bands of 10 points: 0-10 ... 90-100 (100 in the last)


@dataclass(frozen=True)
class RankingQuery:
    """Which rows of a cycle's ranking, in which order. Ties keep the ranking order."""

    order: str = "score"  # what ranks: "score" or "normalised"
    state: str = ""
    purpose: str = ""
    flagged: bool = False  # only where reviewers disagree
    complete_only: bool = False  # leave out applications with too few reviews
    sort: str = "position"  # one of SORT_KEYS
    direction: str = "asc"


# Shared by every statement: the cycle's ranked applications with their figures.
# {states}: the ranked states as SQL literals; %(cycle)s, %(wanted)s, %(allowed)s: params.
RANKED_CTES = """
rs AS (
    SELECT r.id AS review_id, asg.application_id AS app_id, asg.reviewer_id AS reviewer_id,
           {cents} AS c
    FROM reviews_review r
    JOIN reviews_assignment asg ON asg.id = r.assignment_id
    JOIN grants_application app ON app.id = asg.application_id
    WHERE r.submitted_at IS NOT NULL AND asg.status = 'submitted' AND r.score IS NOT NULL
      AND app.cycle_id = %(cycle)s AND app.state IN ({states})
),
rw AS (
    SELECT rs.*,
           COUNT(*) OVER reviewer AS rn, SUM(c) OVER reviewer AS rsum,
           COUNT(*) OVER reviewer * SUM(c * c) OVER reviewer
               - SUM(c) OVER reviewer * SUM(c) OVER reviewer AS rd,
           COUNT(*) OVER () AS cn, SUM(c) OVER () AS csum,
           COUNT(*) OVER () * SUM(c * c) OVER () - SUM(c) OVER () * SUM(c) OVER () AS cd,
           ROW_NUMBER() OVER (PARTITION BY app_id ORDER BY c) AS pos,
           COUNT(*) OVER (PARTITION BY app_id) AS an
    FROM rs
    WINDOW reviewer AS (PARTITION BY reviewer_id)
),
rz AS (
    SELECT rw.*,
           CASE WHEN cn >= 2 AND cd > 0 AND rn >= 2 AND rd > 0
                THEN (csum + (rn * c - rsum) * SQRT(cd) / SQRT(rd)) / cn END AS v
    FROM rw
),
rnorm AS (
    SELECT rz.*,
           CASE WHEN cn < 2 OR cd = 0 OR rn < 2 THEN c
                WHEN rd = 0 THEN {cycle_mean}
                WHEN v < 0 THEN -{floor_neg}
                ELSE {floor_pos} END AS nc
    FROM rz
),
agg AS (
    SELECT app_id, COUNT(*) AS n, SUM(c) AS s, SUM(c * c) AS sq, MIN(c) AS lo, MAX(c) AS hi,
           SUM(nc) AS ns,
           SUM(c) FILTER (WHERE pos IN ((an + 1) / 2, (an + 2) / 2)) AS msum,
           COUNT(*) FILTER (WHERE pos IN ((an + 1) / 2, (an + 2) / 2)) AS mcnt
    FROM rnorm GROUP BY app_id
),
figures AS (
    SELECT app_id, n,
           {mean} AS score_c,
           {median} AS median_c,
           CASE WHEN n >= 2 THEN {stdev} END AS stdev_c,
           CASE WHEN n >= 2 THEN hi - lo END AS spread_c,
           CASE WHEN ns < 0 THEN -{norm_neg} ELSE {norm_pos} END AS norm_c
    FROM agg
),
keyed AS (
    SELECT app.id, app.state, app.purpose, app.title, app.amount_requested,
           app.submitted_at,
           COALESCE(f.n, 0) AS review_count, f.score_c, f.median_c, f.stdev_c, f.spread_c,
           f.norm_c, {order_key} AS order_key,
           CASE WHEN f.spread_c > %(allowed)s THEN 1 ELSE 0 END AS flagged,
           CASE WHEN COALESCE(f.n, 0) < %(wanted)s THEN 1 ELSE 0 END AS incomplete
    FROM grants_application app
    LEFT JOIN figures f ON f.app_id = app.id
    WHERE app.cycle_id = %(cycle)s AND app.state IN ({states})
),
ranked AS {materialized} (
    SELECT keyed.*,
           CASE WHEN order_key IS NOT NULL THEN
               RANK() OVER (ORDER BY order_key IS NULL, order_key DESC) END AS rank,
           ROW_NUMBER() OVER (
               ORDER BY order_key IS NULL, order_key DESC, submitted_at, id) AS position
    FROM keyed
)"""

FIGURE_COLUMNS = (
    "id",
    "review_count",
    "score_c",
    "median_c",
    "stdev_c",
    "spread_c",
    "norm_c",
    "flagged",
    "incomplete",
    "rank",
    "position",
)

TOLERANCE = "0.000000001"


def _pg() -> bool:
    return connection.vendor == "postgresql"


def idiv(a: str, b: str) -> str:
    """Integer division of non-negative integers (PostgreSQL's sums are numeric)."""
    return f"div({a}, {b})" if _pg() else f"(({a}) / ({b}))"


def floor_int(x: str) -> str:
    """floor(x) for x >= 0, as an integer."""
    return f"FLOOR({x})" if _pg() else f"CAST(({x}) AS INTEGER)"


def ranked_ctes(states, order: str) -> str:
    cents = "CAST(r.score * 100 AS BIGINT)" if _pg() else "CAST(ROUND(r.score * 100) AS INTEGER)"
    return RANKED_CTES.format(
        cents=cents,
        states=", ".join(f"'{state}'" for state in states),
        cycle_mean=idiv("2 * csum + cn", "2 * cn"),
        floor_pos=floor_int(f"v + 0.5 + {TOLERANCE}"),
        floor_neg=floor_int(f"0.5 - v + {TOLERANCE}"),
        mean=idiv("2 * s + n", "2 * n"),
        median=idiv("2 * msum + mcnt", "2 * mcnt"),
        stdev=floor_int(f"SQRT(n * sq - s * s) / n + 0.5 + {TOLERANCE}"),
        norm_pos=idiv("2 * ns + n", "2 * n"),
        norm_neg=idiv("n - 2 * ns", "2 * n"),
        order_key="f.score_c" if order == "score" else "f.norm_c",
        materialized="MATERIALIZED",
    )


def fetch(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _sort_sql(query: RankingQuery) -> str:
    labels = " ".join(f"WHEN '{s.value}' THEN '{s.label}'" for s in State)
    collate = ' COLLATE "C"' if _pg() else ""
    key = {
        "position": "position",
        "rank": "rank",
        "normalised": "norm_c",
        "spread": "spread_c",
        "reviews": "review_count",
        "requested": "amount_requested",
        "title": f"LOWER(title){collate}",
        "state": f"(CASE state {labels} END){collate}",
    }[query.sort]
    direction = "DESC" if query.direction == "desc" else "ASC"
    return f"({key}) IS NULL, {key} {direction}, position"


def _params(cycle, query: RankingQuery) -> tuple[str, dict]:
    params = {
        "cycle": cycle.pk,
        "wanted": cycle.reviewers_per_application,
        "allowed": int(cycle.disagreement_spread * 100),
        "f_state": query.state,
        "f_purpose": query.purpose,
    }
    where = ["1 = 1"]
    if query.state:
        where.append("state = %(f_state)s")
    if query.purpose:
        where.append("purpose = %(f_purpose)s")
    if query.flagged:
        where.append("flagged = 1")
    if query.complete_only:
        where.append("incomplete = 0")
    return " AND ".join(where), params


def count(condition: str) -> str:
    return f"COUNT(*) FILTER (WHERE {condition})"


def page_statement(cycle, query: RankingQuery, states, count_states, offset: int, limit: int):
    """One page of the ranking with the whole cycle's summary on every row (and one
    row of summary alone when the page is empty)."""
    keep, params = _params(cycle, query)
    params.update({"offset": offset, "limit": limit})
    counted = ", ".join(f"'{state}'" for state in count_states) or "NULL"
    band = f"(CASE WHEN score_c >= 9000 THEN 9 ELSE {idiv('score_c', '1000')} END)"
    bands = ", ".join(
        f"{count(f'score_c IS NOT NULL AND {band} = {k}')} AS n_band{k}"
        for k in range(BANDS)
    )
    columns = ", ".join(f"page.{name}" for name in FIGURE_COLUMNS)
    sql = f"""
        WITH {ranked_ctes(states, query.order)},
        summary AS (
            SELECT COUNT(*) AS n_total, {count(keep)} AS n_shown,
                   COUNT(score_c) AS n_scored,
                   {count("flagged = 1")} AS n_flagged,
                   {count("incomplete = 1")} AS n_incomplete,
                   {count(f"state IN ({counted})")} AS n_counted, {bands}
            FROM ranked
        ),
        page AS (
            SELECT ranked.*, ROW_NUMBER() OVER (ORDER BY {_sort_sql(query)}) AS page_pos
            FROM ranked WHERE {keep}
            ORDER BY page_pos LIMIT %(limit)s OFFSET %(offset)s
        )
        SELECT summary.*, {columns}
        FROM summary LEFT JOIN page ON 1 = 1
        ORDER BY page.page_pos
    """  # noqa: S608 - built from constants; values are parameters
    return sql, params


def application_statement(cycle, application_id: int, states, order: str):
    """One application's row of the ranking, with the total and its neighbours."""
    _, params = _params(cycle, RankingQuery())
    params["app"] = application_id
    sql = f"""
        WITH {ranked_ctes(states, order)}
        SELECT * FROM (
            SELECT ranked.*, COUNT(*) OVER () AS total,
                   LAG(id) OVER (ORDER BY position) AS previous_id,
                   LEAD(id) OVER (ORDER BY position) AS next_id
            FROM ranked
        ) placed WHERE id = %(app)s
    """  # noqa: S608 - constants only
    return sql, params
