"""Ranking statements over the stored review totals of each application
(reviews.application_totals) rather than over every review of the cycle: the desk's page
and the place of one application when the score ranks, and the order of a few (the
waiting list). Every application's mean, spread and standard deviation come from its
totals row; only the reviews of the reviewers of the applications shown are read (for
their normalised scores and medians). The figures are the ones reviews.ranking_sql gives
from the reviews, to the cent (a property test holds them equal); docs/scoring.md.
"""

from reviews.ranking_sql import RankingQuery, _params, medians, normed, page_statement
from reviews.sql_arithmetic import TOLERANCE, floor_int, idiv, review_cents, sqrt

# The cycle's ranked applications with their figures and their place by score; the same
# columns as ranking_sql's `ranked` (norm_all is never needed here: see `serves`).
RANKED_FROM_TOTALS = """
keyed AS MATERIALIZED (
    SELECT app.id, app.state, app.purpose, {title} AS title, app.amount_requested,
           app.submitted_at, COALESCE(t.review_count, 0) AS review_count,
           t.score_sum AS s, t.score_squares AS sq,
           CASE WHEN t.review_count > 0 THEN {mean} END AS score_c,
           CASE WHEN t.review_count >= 2 THEN {stdev} END AS stdev_c,
           CASE WHEN t.review_count >= 2 THEN t.highest - t.lowest END AS spread_c,
           NULL AS norm_all,
           CASE WHEN t.review_count >= 2 AND t.highest - t.lowest > %(allowed)s
                THEN 1 ELSE 0 END AS flagged,
           CASE WHEN COALESCE(t.review_count, 0) < %(wanted)s THEN 1 ELSE 0 END AS incomplete
    FROM grants_application app
    LEFT JOIN reviews_applicationtotals t ON t.application_id = app.id
    WHERE app.cycle_id = %(cycle)s AND app.state IN ({states})
),
ranked AS MATERIALIZED (
    SELECT keyed.*,
           CASE WHEN score_c IS NOT NULL THEN
               RANK() OVER (ORDER BY score_c IS NULL, score_c DESC) END AS rank,
           ROW_NUMBER() OVER (ORDER BY score_c IS NULL, score_c DESC, submitted_at, id)
               AS position
    FROM keyed
)"""

# The counted reviews of the reviewers of {shown} (a subquery of application ids), with
# the per-reviewer sums; and the whole cycle's sums, from the totals. PostgreSQL sums
# BIGINT columns as numeric: they are cast back so integer division follows.
SHOWN_REVIEWS = """
rs AS MATERIALIZED (
    SELECT asg.application_id AS app_id, asg.reviewer_id AS reviewer_id, {cents} AS c
    FROM reviews_review r
    JOIN reviews_assignment asg ON asg.id = r.assignment_id
    JOIN grants_application app ON app.id = asg.application_id
    WHERE r.submitted_at IS NOT NULL AND asg.status = 'submitted' AND r.score IS NOT NULL
      AND app.cycle_id = %(cycle)s AND app.state IN ({states})
      AND asg.reviewer_id IN (
          SELECT own.reviewer_id FROM reviews_assignment own
          WHERE own.application_id IN ({shown}) AND own.status = 'submitted')
),
rev AS (
    SELECT reviewer_id, COUNT(*) AS rn, SUM(c) AS rsum,
           COUNT(*) * SUM(c * c) - SUM(c) * SUM(c) AS rd
    FROM rs GROUP BY reviewer_id
),
cyc AS MATERIALIZED (
    SELECT cn, csum, cn * csq - csum * csum AS cd FROM (
        SELECT CAST(SUM(review_count) AS BIGINT) AS cn, CAST(SUM(s) AS BIGINT) AS csum,
               CAST(SUM(sq) AS BIGINT) AS csq
        FROM {every}
    ) sums
)"""


def serves(query: RankingQuery) -> bool:
    """Totals serve every ranking by score; the normalised score, when it ranks or sorts
    the whole cycle, needs every review (ranking_sql)."""
    return query.order == "score" and query.sort != "normalised"


def _states(states) -> str:
    return ", ".join(f"'{state}'" for state in states)


def ranked_from_totals(states, *, with_title: bool = False) -> str:
    """The CTEs up to `ranked`. Without the title (only sorting by it needs it) every
    column comes from the covering index application_cycle_state on PostgreSQL."""
    stdev = floor_int(
        f"{sqrt('t.review_count * t.score_squares - t.score_sum * t.score_sum')}"
        f" / t.review_count + 0.5 + {TOLERANCE}"
    )
    return RANKED_FROM_TOTALS.format(
        mean=idiv("2 * t.score_sum + t.review_count", "2 * t.review_count"),
        stdev=stdev,
        states=_states(states),
        title="app.title" if with_title else "NULL",
    )


def shown_reviews(states, shown: str, *, every: str = "ranked") -> str:
    """`every`: the CTE holding every ranked application's totals (for the cycle's sums)."""
    return SHOWN_REVIEWS.format(
        cents=review_cents(), states=_states(states), shown=shown, every=every
    )


def totals_page_statement(cycle, query, states, count_states, offset: int, limit: int):
    """ranking_sql.page_statement, with every figure that ranks read from the totals."""
    return page_statement(
        cycle,
        query,
        states,
        count_states,
        offset,
        limit,
        ranked=ranked_from_totals(states, with_title=query.sort == "title"),
        page_reviews=f"\n{shown_reviews(states, 'SELECT id FROM page')},",  # noqa: S608
    )


# One application's place: every application's mean from its totals (narrow rows, no
# window over the cycle), then those ranked ahead of it and behind it.
PLACE = """
keyed AS MATERIALIZED (
    SELECT app.id, app.submitted_at, COALESCE(t.review_count, 0) AS review_count,
           t.score_sum AS s, t.score_squares AS sq, t.lowest AS lo, t.highest AS hi,
           CASE WHEN t.review_count > 0 THEN {mean} END AS score_c
    FROM grants_application app
    LEFT JOIN reviews_applicationtotals t ON t.application_id = app.id
    WHERE app.cycle_id = %(cycle)s AND app.state IN ({states})
),
me AS (SELECT * FROM keyed WHERE id = %(app)s),
ahead AS (
    SELECT k.id, k.score_c, k.submitted_at FROM keyed k CROSS JOIN me
    WHERE (k.score_c IS NOT NULL AND me.score_c IS NULL) OR k.score_c > me.score_c
       OR ((k.score_c = me.score_c OR (k.score_c IS NULL AND me.score_c IS NULL))
           AND (k.submitted_at < me.submitted_at
                OR (k.submitted_at = me.submitted_at AND k.id < me.id)))
),
behind AS (
    SELECT k.id, k.score_c, k.submitted_at FROM keyed k CROSS JOIN me
    WHERE (k.score_c IS NULL AND me.score_c IS NOT NULL) OR k.score_c < me.score_c
       OR ((k.score_c = me.score_c OR (k.score_c IS NULL AND me.score_c IS NULL))
           AND (k.submitted_at > me.submitted_at
                OR (k.submitted_at = me.submitted_at AND k.id > me.id)))
)"""


def place_statement(cycle, application_id: int, states):
    """One application's row of the ranking by score, with the total and its neighbours
    (the ranking order: no score last, score descending, submitted_at, id)."""
    _, params = _params(cycle, RankingQuery())
    params["app"] = application_id
    own = "WHERE rs.app_id = %(app)s"
    ctes = PLACE.format(
        mean=idiv("2 * t.score_sum + t.review_count", "2 * t.review_count"),
        states=_states(states),
    )
    n = "me.review_count"
    stdev = floor_int(f"{sqrt(f'{n} * me.sq - me.s * me.s')} / {n} + 0.5 + {TOLERANCE}")
    sql = f"""
        WITH {ctes},
        {shown_reviews(states, "%(app)s", every="keyed")},
        {normed("own_normed", own)},
        {medians("own_median", own)}
        SELECT me.id, me.review_count, me.score_c,
               CASE WHEN {n} >= 2 THEN {stdev} END AS stdev_c,
               CASE WHEN {n} >= 2 THEN me.hi - me.lo END AS spread_c,
               CASE WHEN {n} >= 2 AND me.hi - me.lo > %(allowed)s THEN 1 ELSE 0 END AS flagged,
               CASE WHEN {n} < %(wanted)s THEN 1 ELSE 0 END AS incomplete,
               CASE WHEN me.score_c IS NOT NULL THEN 1 + (
                   SELECT COUNT(*) FROM keyed k WHERE k.score_c > me.score_c) END AS rank,
               1 + (SELECT COUNT(*) FROM ahead) AS position,
               (SELECT COUNT(*) FROM keyed) AS total,
               (SELECT id FROM ahead ORDER BY score_c IS NULL DESC, score_c,
                       submitted_at DESC, id DESC LIMIT 1) AS previous_id,
               (SELECT id FROM behind ORDER BY score_c IS NULL, score_c DESC,
                       submitted_at, id LIMIT 1) AS next_id,
               own_normed.norm_c, own_median.median_c
        FROM me
        LEFT JOIN own_normed ON own_normed.app_id = me.id
        LEFT JOIN own_median ON own_median.app_id = me.id
    """  # noqa: S608 - constants only
    return sql, params


def in_order_statement(cycle, states, limit: int):
    """The ids of the cycle's applications in `states`, in the ranking order by score
    (the waiting list: a few applications, whatever the cycle's size)."""
    mean = idiv("2 * t.score_sum + t.review_count", "2 * t.review_count")
    wanted = ", ".join(f"%(state{i})s" for i in range(len(states)))
    sql = f"""
        SELECT app.id FROM grants_application app
        LEFT JOIN reviews_applicationtotals t ON t.application_id = app.id
        WHERE app.cycle_id = %(cycle)s AND app.state IN ({wanted})
        ORDER BY COALESCE(t.review_count, 0) = 0,
                 CASE WHEN t.review_count > 0 THEN {mean} END DESC, app.submitted_at, app.id
        LIMIT %(limit)s
    """  # noqa: S608 - constants; values are parameters
    params = {"cycle": cycle.pk, "limit": limit}
    params.update({f"state{i}": str(state) for i, state in enumerate(states)})
    return sql, params
