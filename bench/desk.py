"""The decisions desk against its floor, side by side in one process, round by round.

    DATABASE_URL=postgres://grants:grants@127.0.0.1:5432/grants_bench_10000 \\
        .venv/bin/python -m bench.desk --cycle scale-10000 --rounds 20

Each round times, one after the other: the desk's page 1 (25 rows, Django test client,
DEBUG off), the floor (FLOOR_SQL below: one statement computing the same top 50 from the
raw scores, the statement issue 16 measured) and the desk's application panel of the
middle-ranked application. Interleaving means all three saw the same load, so on a busy
machine their ratios hold even when the milliseconds do not. Prints one JSON document.
"""

import argparse
import json
import os
import statistics
import sys
import time
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from demo.seeding.scale import EMAIL_DOMAIN  # noqa: E402
from grants.models import Cycle  # noqa: E402
from reviews.ranking import RANKED_STATES, rank_cycle  # noqa: E402

# The floor: the top 50 by score, straight from the raw scores (no stored scores, no
# normalisation, no counts). Its top 50 equals rank_cycle's (checked by --check).
FLOOR_SQL = """
SELECT a.id, ROUND(AVG(rs.score), 2) AS score
FROM (SELECT s.review_id, ROUND(100 * SUM(c.weight * (s.value - c.scale_min)
             / (c.scale_max - c.scale_min)::numeric) / SUM(c.weight), 2) AS score
      FROM reviews_score s JOIN reviews_criterion c ON c.id = s.criterion_id
      WHERE NOT s.is_na AND s.value IS NOT NULL GROUP BY s.review_id) rs
JOIN reviews_review r ON r.id = rs.review_id
JOIN reviews_assignment asg ON asg.id = r.assignment_id
JOIN grants_application a ON a.id = asg.application_id
WHERE r.submitted_at IS NOT NULL AND asg.status = 'submitted'
  AND a.cycle_id = %s AND a.state IN ({states})
GROUP BY a.id ORDER BY score DESC, a.submitted_at, a.id LIMIT 50
"""


CENT = Decimal("0.01")


def floor(cycle: Cycle) -> list[tuple]:
    states = ", ".join(f"'{state}'" for state in RANKED_STATES)
    sql = FLOOR_SQL.format(states=states)
    if connection.vendor != "postgresql":  # SQLite: no ::numeric (the same arithmetic)
        sql = sql.replace(
            "(c.scale_max - c.scale_min)::numeric", "CAST(c.scale_max - c.scale_min AS REAL)"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [cycle.pk])
        return cursor.fetchall()


def counted(fn):
    calls = []

    def wrapper(execute, sql, params, many, context):
        calls.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        value = fn()
    return value, len(calls)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.desk")
    parser.add_argument("--cycle", required=True)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--check", action="store_true", help="Also check the floor's top 50 against rank_cycle."
    )
    opts = parser.parse_args(argv)
    cycle = Cycle.objects.get(slug=opts.cycle)
    client = Client()
    client.force_login(User.objects.get(email=f"{cycle.slug}.board@{EMAIL_DOMAIN}"))
    desk_url = reverse("decisions:desk", args=[cycle.slug])
    middle = rank_cycle(cycle)[cycle.applications.count() // 3].application
    panel_url = reverse("decisions:application", args=[cycle.slug, middle.pk])

    def get(url):
        def run():
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            return response

        return run

    cases = {"desk_page_1": get(desk_url), "floor_sql": lambda: floor(cycle)}
    cases["desk_application_panel"] = get(panel_url)
    queries = {key: counted(fn)[1] for key, fn in cases.items()}
    for _ in range(opts.warmup):
        for fn in cases.values():
            fn()
    samples = {key: [] for key in cases}
    for _ in range(opts.rounds):
        for key, fn in cases.items():
            started = time.perf_counter()
            fn()
            samples[key].append((time.perf_counter() - started) * 1000)
    medians = {key: round(statistics.median(values), 1) for key, values in samples.items()}
    result = {
        "cycle": cycle.slug,
        "applications": cycle.applications.count(),
        "database": connection.vendor,
        "rounds": opts.rounds,
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "median_ms": medians,
        "min_ms": {key: round(min(values), 1) for key, values in samples.items()},
        "queries": queries,
        "desk_over_floor": round(medians["desk_page_1"] / medians["floor_sql"], 2),
    }
    if opts.check:
        # The floor ranks scored applications only (a cycle of 10,000 has more than 50).
        scored = [row for row in rank_cycle(cycle) if row.score is not None]
        expected = [(row.application.pk, row.score) for row in scored[:50]]
        # SQLite returns floats: compare in cents.
        found = [(pk, Decimal(str(score)).quantize(CENT)) for pk, score in floor(cycle)]
        result["floor_equals_rank_cycle_top_50"] = found == expected
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
