"""Try a candidate index on a seeded PostgreSQL benchmark database and print what it
changes, as a Markdown table for docs/performance.md. The index is dropped afterwards;
the models are not touched (the lead adds the ones worth keeping as migrations).

    DATABASE_URL=postgres://grants:grants@127.0.0.1:5432/grants_bench_10000 \\
        .venv/bin/python -m bench.indexes --cycle scale-10000
"""

import argparse
import os
import re
import statistics
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402

from grants.choices import Purpose  # noqa: E402
from grants.models import Application, Cycle  # noqa: E402
from grants.workflow import State  # noqa: E402

SCAN = re.compile(
    r"((?:Seq|Index Only|Index|Bitmap Heap|Bitmap Index) Scan(?: Backward)?"
    r"(?: using \w+)? on grants_application)"
)

# name -> (CREATE INDEX statement, the queries it is meant to serve)
CANDIDATES = {
    "application_office_order": (
        "CREATE INDEX application_office_order ON grants_application "
        "(cycle_id, submitted_at DESC NULLS LAST, created_at DESC, id DESC)",
        {
            "Office list, page 1": lambda c: Application.objects.in_cycle(c).for_office_list()[:25],
            "Office list, state filter": lambda c: (
                Application.objects.in_cycle(c)
                .filtered(state=State.UNDER_REVIEW)
                .for_office_list()[:25]
            ),
            "Office list, purpose filter": lambda c: (
                Application.objects.in_cycle(c)
                .filtered(purpose=Purpose.OTHER)
                .for_office_list()[:25]
            ),
        },
    ),
}


def explain_ms(queryset, repeats: int) -> tuple[float, list[str]]:
    sql, params = queryset.query.sql_with_params()
    times, scans = [], []
    for _ in range(repeats):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        times.append(float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)))
        scans = sorted(set(SCAN.findall(plan)))
    return statistics.median(times), scans


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.indexes")
    parser.add_argument("--cycle", required=True)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        sys.exit("bench.indexes needs PostgreSQL (DATABASE_URL=postgres://...)")
    cycle = Cycle.objects.get(slug=args.cycle)
    print("| index | query | before ms | after ms | scan before | scan after |")
    print("| --- | --- | ---: | ---: | --- | --- |")
    for name, (create, queries) in CANDIDATES.items():
        before = {label: explain_ms(fn(cycle), args.repeats) for label, fn in queries.items()}
        with connection.cursor() as cursor:
            cursor.execute(create)
            cursor.execute("ANALYZE grants_application")
        try:
            after = {label: explain_ms(fn(cycle), args.repeats) for label, fn in queries.items()}
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        for label in queries:
            (b_ms, b_scan), (a_ms, a_scan) = before[label], after[label]
            print(
                f"| {name} | {label} | {b_ms:.2f} | {a_ms:.2f} | {'; '.join(b_scan)} | "
                f"{'; '.join(a_scan)} |"
            )


if __name__ == "__main__":
    main()
