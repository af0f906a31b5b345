"""Measured sketches of the changes docs/performance.md recommends. Not used by the app.

`ranked_page` is the decisions desk's first page as ONE SQL statement: every submitted
review's weighted 0-100 score, each application's mean, the competition rank over the
whole cycle and the total, but only the page's rows sent back. The app's rank_cycle
instead loads every application of the cycle as a model instance and ranks in Python.
"""

from django.db import connection

from reviews.ranking import RANKED_STATES

RANKED_PAGE_SQL = """
WITH review_scores AS (
    SELECT asg.application_id,
           ROUND(100.0 * SUM(CASE WHEN s.is_na = FALSE AND s.value IS NOT NULL
                                  THEN 1.0 * c.weight * (s.value - c.scale_min)
                                       / (c.scale_max - c.scale_min) END)
                 / SUM(CASE WHEN s.is_na = FALSE AND s.value IS NOT NULL
                            THEN c.weight END), 2) AS score
    FROM reviews_review r
    JOIN reviews_assignment asg ON asg.id = r.assignment_id
    JOIN grants_application app ON app.id = asg.application_id
    JOIN reviews_score s ON s.review_id = r.id
    JOIN reviews_criterion c ON c.id = s.criterion_id
    WHERE r.submitted_at IS NOT NULL AND asg.status = 'submitted'
      AND app.cycle_id = %(cycle)s AND app.state IN ({states})
    GROUP BY r.id, asg.application_id
),
app_scores AS (
    SELECT application_id, ROUND(AVG(score), 2) AS score, COUNT(*) AS reviews,
           MAX(score) - MIN(score) AS spread
    FROM review_scores WHERE score IS NOT NULL
    GROUP BY application_id
)
SELECT app.id, app.title, app.state, app.amount_requested, app.awarded_amount,
       u.full_name, sc.score, sc.reviews, sc.spread,
       CASE WHEN sc.score IS NULL THEN NULL
            ELSE RANK() OVER (ORDER BY sc.score IS NULL, sc.score DESC) END AS rank,
       COUNT(*) OVER () AS total
FROM grants_application app
JOIN accounts_user u ON u.id = app.applicant_id
LEFT JOIN app_scores sc ON sc.application_id = app.id
WHERE app.cycle_id = %(cycle)s AND app.state IN ({states})
ORDER BY sc.score IS NULL, sc.score DESC, app.submitted_at, app.id
LIMIT %(limit)s OFFSET %(offset)s
"""


def ranked_page(cycle, *, page: int = 1, size: int = 25) -> list[tuple]:
    states = ", ".join(f"'{state}'" for state in RANKED_STATES)
    with connection.cursor() as cursor:
        cursor.execute(
            RANKED_PAGE_SQL.format(states=states),
            {"cycle": cycle.pk, "limit": size, "offset": (page - 1) * size},
        )
        return cursor.fetchall()
