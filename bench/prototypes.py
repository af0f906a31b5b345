"""Measured sketches of the changes docs/performance.md recommends. Not used by the app.

`ranked_page` is the decisions desk's first page as ONE SQL statement: every submitted
review's weighted 0-100 score, each application's mean, the competition rank over the
whole cycle and the total, but only the page's rows sent back. The app's rank_cycle
instead loads every application of the cycle as a model instance and ranks in Python.
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402

from reviews.ranking import RANKED_STATES  # noqa: E402

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


# The side-by-side comparison quoted in docs/performance.md ------------------------------
#
#   DATABASE_URL=postgres://grants:grants@127.0.0.1:5432/grants_bench_10000 \
#       .venv/bin/python -m bench.prototypes --cycle scale-10000

STORED_SCORES_TABLE = """
CREATE TEMP TABLE bench_review_score AS
SELECT r.id AS review_id,
       ROUND(100.0 * SUM(CASE WHEN s.is_na = FALSE AND s.value IS NOT NULL
                              THEN 1.0 * c.weight * (s.value - c.scale_min)
                                   / (c.scale_max - c.scale_min) END)
             / SUM(CASE WHEN s.is_na = FALSE AND s.value IS NOT NULL THEN c.weight END), 2)
       AS score
FROM reviews_review r
JOIN reviews_score s ON s.review_id = r.id
JOIN reviews_criterion c ON c.id = s.criterion_id
GROUP BY r.id
"""

# The same page when each review's score is stored (here in a temporary side table).
STORED_PAGE_SQL = """
WITH app_scores AS (
    SELECT asg.application_id, ROUND(AVG(rs.score), 2) AS score, COUNT(*) AS reviews,
           MAX(rs.score) - MIN(rs.score) AS spread
    FROM reviews_review r
    JOIN bench_review_score rs ON rs.review_id = r.id
    JOIN reviews_assignment asg ON asg.id = r.assignment_id
    JOIN grants_application app ON app.id = asg.application_id
    WHERE r.submitted_at IS NOT NULL AND asg.status = 'submitted' AND rs.score IS NOT NULL
      AND app.cycle_id = %(cycle)s AND app.state IN ({states})
    GROUP BY asg.application_id
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


def compare(cycle_slug: str, repeats: int = 7) -> None:
    import statistics
    import time

    from django.db import transaction

    from grants.models import Cycle
    from reviews.ranking import rank_cycle

    cycle = Cycle.objects.get(slug=cycle_slug)
    states = ", ".join(f"'{state}'" for state in RANKED_STATES)
    params = {"cycle": cycle.pk, "limit": 25, "offset": 0}
    serial = ["SET LOCAL max_parallel_workers_per_gather = 0"]

    def statement(sql, setup=()):
        def run():
            with transaction.atomic(), connection.cursor() as cursor:
                for line in setup:
                    cursor.execute(line)
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    with connection.cursor() as cursor:
        cursor.execute(STORED_SCORES_TABLE)
        cursor.execute("CREATE UNIQUE INDEX ON bench_review_score (review_id)")
        cursor.execute("ANALYZE bench_review_score")
    one = RANKED_PAGE_SQL.format(states=states)
    stored = STORED_PAGE_SQL.format(states=states)
    cases = {
        "rank_cycle (the app today)": lambda: rank_cycle(cycle),
        "one statement": statement(one),
        "one statement, no parallel workers": statement(one, serial),
        "one statement, work_mem 32MB": statement(one, ["SET LOCAL work_mem = '32MB'"]),
        "stored review scores": statement(stored),
        "stored review scores, no parallel workers": statement(stored, serial),
    }
    same = [row[:1] + row[6:] for row in statement(stored)()] == [
        row[:1] + row[6:] for row in statement(one)()
    ]
    print(f"stored-score page equals the one-statement page: {same}")
    for label, fn in cases.items():
        fn()
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - started)
        print(f"{label}: median {statistics.median(samples) * 1000:.0f} ms")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.prototypes")
    parser.add_argument("--cycle", required=True)
    compare(parser.parse_args().cycle)
