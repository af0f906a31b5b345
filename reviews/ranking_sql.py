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

Every application's mean, spread and standard deviation are computed (they rank, filter
and sort); medians and normalised scores only for the rows returned, unless the
normalised score ranks or sorts the cycle. Cents are INTEGER so that PostgreSQL sums
BIGINTs rather than numerics (twice as fast); this holds up to about 150,000 applications.
"""

from dataclasses import dataclass

from django.db import connection

from grants.workflow import State
from reviews.sql_arithmetic import TOLERANCE, floor_int, idiv, is_postgresql, review_cents, sqrt

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


# Shared by every statement: the cycle's ranked applications with the figures that rank,
# filter and sort them (mean, spread, standard deviation; normalised score only when it
# ranks or sorts). {states}: the ranked states as SQL literals; %(cycle)s, %(wanted)s and
# %(allowed)s are parameters.
RANKED_CTES = """
rs AS {materialized} (
    SELECT asg.application_id AS app_id, asg.reviewer_id AS reviewer_id, {cents} AS c
    FROM reviews_review r
    JOIN reviews_assignment asg ON asg.id = r.assignment_id
    JOIN grants_application app ON app.id = asg.application_id
    WHERE r.submitted_at IS NOT NULL AND asg.status = 'submitted' AND r.score IS NOT NULL
      AND app.cycle_id = %(cycle)s AND app.state IN ({states})
),
agg AS (
    SELECT app_id, COUNT(*) AS n, SUM(c) AS s, SUM(c * c) AS sq, MIN(c) AS lo, MAX(c) AS hi
    FROM rs GROUP BY app_id
),
rev AS (
    SELECT reviewer_id, COUNT(*) AS rn, SUM(c) AS rsum,
           COUNT(*) * SUM(c * c) - SUM(c) * SUM(c) AS rd
    FROM rs GROUP BY reviewer_id
),
cyc AS (
    SELECT COUNT(*) AS cn, SUM(c) AS csum, COUNT(*) * SUM(c * c) - SUM(c) * SUM(c) AS cd
    FROM rs
),
{normed_all}
keyed AS (
    SELECT app.id, app.state, app.purpose, app.title, app.amount_requested,
           app.submitted_at, COALESCE(f.n, 0) AS review_count,
           {mean} AS score_c,
           CASE WHEN f.n >= 2 THEN {stdev} END AS stdev_c,
           CASE WHEN f.n >= 2 THEN f.hi - f.lo END AS spread_c,
           {norm_all} AS norm_all,
           CASE WHEN f.n >= 2 AND f.hi - f.lo > %(allowed)s THEN 1 ELSE 0 END AS flagged,
           CASE WHEN COALESCE(f.n, 0) < %(wanted)s THEN 1 ELSE 0 END AS incomplete
    FROM grants_application app
    LEFT JOIN agg f ON f.app_id = app.id
    {join_normed_all}
    WHERE app.cycle_id = %(cycle)s AND app.state IN ({states})
),
ranked AS {materialized} (
    SELECT keyed.*,
           CASE WHEN {order_key} IS NOT NULL THEN
               RANK() OVER (ORDER BY {order_key} IS NULL, {order_key} DESC) END AS rank,
           ROW_NUMBER() OVER (
               ORDER BY {order_key} IS NULL, {order_key} DESC, submitted_at, id) AS position
    FROM keyed
)"""

# Each review's normalised score, summed up per application: for every application
# ({restrict} empty) or only those shown ({restrict}: "WHERE rs.app_id IN (...)").
NORMED = """
{name} AS (
    SELECT app_id,
           CASE WHEN ns < 0 THEN -{norm_neg} ELSE {norm_pos} END AS norm_c
    FROM (
        SELECT app_id, SUM(nc) AS ns, COUNT(*) AS n FROM (
            SELECT app_id,
                   CAST(CASE WHEN cn < 2 OR cd = 0 OR rn < 2 THEN c
                             WHEN rd = 0 THEN {cycle_mean}
                             WHEN v < 0 THEN -{floor_neg}
                             ELSE {floor_pos} END AS INTEGER) AS nc
            FROM (
                SELECT rs.app_id, rs.c, rev.rn, rev.rd, cyc.cn, cyc.cd, cyc.csum,
                       CASE WHEN cn >= 2 AND cd > 0 AND rn >= 2 AND rd > 0
                            THEN (csum + (rn * c - rsum) * {sqrt_cd} / {sqrt_rd}) / cn END AS v
                FROM rs JOIN rev ON rev.reviewer_id = rs.reviewer_id CROSS JOIN cyc
                {restrict}
            ) z
        ) zn GROUP BY app_id
    ) sums
)"""

# The median of the shown applications' review scores ({restrict} as above).
MEDIANS = """
{name} AS (
    SELECT app_id, {median} AS median_c FROM (
        SELECT app_id, SUM(c) AS msum, COUNT(*) AS mcnt FROM (
            SELECT rs.app_id, rs.c, ROW_NUMBER() OVER (PARTITION BY rs.app_id ORDER BY rs.c) AS pos,
                   COUNT(*) OVER (PARTITION BY rs.app_id) AS an
            FROM rs {restrict}
        ) ordered WHERE pos IN ((an + 1) / 2, (an + 2) / 2) GROUP BY app_id
    ) middle
)"""

FIGURE_COLUMNS = (
    "id",
    "review_count",
    "score_c",
    "stdev_c",
    "spread_c",
    "flagged",
    "incomplete",
    "rank",
    "position",
)


def _pieces() -> dict:
    return {
        "cycle_mean": idiv("2 * csum + cn", "2 * cn"),
        "floor_pos": floor_int(f"v + 0.5 + {TOLERANCE}"),
        "floor_neg": floor_int(f"0.5 - v + {TOLERANCE}"),
        "norm_pos": idiv("2 * ns + n", "2 * n"),
        "norm_neg": idiv("n - 2 * ns", "2 * n"),
        "sqrt_cd": sqrt("cd"),
        "sqrt_rd": sqrt("rd"),
        "median": idiv("2 * msum + mcnt", "2 * mcnt"),
    }


def normed(name: str, restrict: str = "") -> str:
    return NORMED.format(name=name, restrict=restrict, **_pieces())


def medians(name: str, restrict: str) -> str:
    return MEDIANS.format(name=name, restrict=restrict, **_pieces())


def ranked_ctes(states, order: str, *, normalised_for_all: bool = False) -> str:
    """The CTEs up to `ranked`. The normalised score of every application is computed
    only when it ranks (order="normalised") or sorts (normalised_for_all)."""
    cents = review_cents()
    every = normalised_for_all or order == "normalised"
    return RANKED_CTES.format(
        cents=cents,
        states=", ".join(f"'{state}'" for state in states),
        mean=idiv("2 * f.s + f.n", "2 * f.n"),
        stdev=floor_int(f"{sqrt('f.n * f.sq - f.s * f.s')} / f.n + 0.5 + {TOLERANCE}"),
        normed_all=normed("normed_all") + "," if every else "",
        norm_all="na.norm_c" if every else "NULL",
        join_normed_all="LEFT JOIN normed_all na ON na.app_id = app.id" if every else "",
        order_key="score_c" if order == "score" else "norm_all",
        materialized="MATERIALIZED",
    )


def fetch(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _sort_sql(query: RankingQuery) -> str:
    labels = " ".join(f"WHEN '{s.value}' THEN '{s.label}'" for s in State)
    collate = ' COLLATE "C"' if is_postgresql() else ""
    key = {
        "position": "position",
        "rank": "rank",
        "normalised": "norm_all",
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


def page_statement(
    cycle,
    query: RankingQuery,
    states,
    count_states,
    offset: int,
    limit: int,
    *,
    ranked: str = "",
    page_reviews: str = "",
):
    """One page of the ranking with the whole cycle's summary on every row (and one
    row of summary alone when the page is empty). Medians and normalised scores are
    computed for the page's applications only, unless they rank or sort the cycle.

    `ranked` replaces the CTEs up to `ranked` and `page_reviews` then defines the rs, rev
    and cyc the page's figures read (reviews.ranking_totals_sql, from stored totals)."""
    keep, params = _params(cycle, query)
    params.update({"offset": offset, "limit": limit})
    counted = ", ".join(f"'{state}'" for state in count_states) or "NULL"
    band = f"(CASE WHEN score_c >= 9000 THEN 9 ELSE {idiv('score_c', '1000')} END)"
    bands = ", ".join(
        f"{count(f'score_c IS NOT NULL AND {band} = {k}')} AS n_band{k}" for k in range(BANDS)
    )
    columns = ", ".join(f"page.{name}" for name in FIGURE_COLUMNS)
    shown = "WHERE rs.app_id IN (SELECT id FROM page)"
    ctes = ranked or ranked_ctes(states, query.order, normalised_for_all=query.sort == "normalised")
    sql = f"""
        WITH {ctes},
        summary AS (
            SELECT COUNT(*) AS n_total, {count(keep)} AS n_shown,
                   COUNT(score_c) AS n_scored,
                   {count("flagged = 1")} AS n_flagged,
                   {count("incomplete = 1")} AS n_incomplete,
                   {count(f"state IN ({counted})")} AS n_counted, {bands}
            FROM ranked
        ),
        page AS MATERIALIZED (
            SELECT ranked.*, ROW_NUMBER() OVER (ORDER BY {_sort_sql(query)}) AS page_pos
            FROM ranked WHERE {keep}
            ORDER BY page_pos LIMIT %(limit)s OFFSET %(offset)s
        ),{page_reviews}
        {normed("page_normed", shown)},
        {medians("page_medians", shown)}
        SELECT summary.*, {columns}, pn.norm_c, pm.median_c
        FROM summary LEFT JOIN page ON 1 = 1
        LEFT JOIN page_normed pn ON pn.app_id = page.id
        LEFT JOIN page_medians pm ON pm.app_id = page.id
        ORDER BY page.page_pos
    """  # noqa: S608 - built from constants; values are parameters
    return sql, params


def application_statement(cycle, application_id: int, states, order: str):
    """One application's row of the ranking, with the total and its neighbours."""
    _, params = _params(cycle, RankingQuery())
    params["app"] = application_id
    own = "WHERE rs.app_id = %(app)s"
    sql = f"""
        WITH {ranked_ctes(states, order)},
        {normed("own_normed", own)},
        {medians("own_median", own)}
        SELECT placed.*, own_normed.norm_c, own_median.median_c FROM (
            SELECT ranked.*, COUNT(*) OVER () AS total,
                   LAG(id) OVER (ORDER BY position) AS previous_id,
                   LEAD(id) OVER (ORDER BY position) AS next_id
            FROM ranked
        ) placed
        LEFT JOIN own_normed ON own_normed.app_id = placed.id
        LEFT JOIN own_median ON own_median.app_id = placed.id
        WHERE placed.id = %(app)s
    """  # noqa: S608 - constants only
    return sql, params
