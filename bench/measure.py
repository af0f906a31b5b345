"""In-process measurements, one JSON document on stdout per call.

Run by bench/run.py in a fresh process per measurement, with DJANGO_SETTINGS_MODULE=
bench.settings and DATABASE_URL pointing at a seeded benchmark database:

    python -m bench.measure pages   --cycle scale-10000 [--repeats 40] [--explain FILE]
    python -m bench.measure export  --cycle scale-10000
    python -m bench.measure baseline --workbook FILE
    python -m bench.measure assign  --cycle scale-10000-assign
    python -m bench.measure sessions --cycle scale-10000 --count 32

Every loop is bounded; a page that does not answer 200 stops the run with its status.
"""

import argparse
import json
import math
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from demo.seeding.scale import EMAIL_DOMAIN  # noqa: E402
from grants.models import Application, Cycle  # noqa: E402
from grants.workflow import State  # noqa: E402
from reviews.models import Assignment  # noqa: E402


class QueryCounter:
    """Counts statements on the connection without Django's debug-cursor bookkeeping."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def counted(fn: Callable):
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        value = fn()
    return value, counter.count


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 40 samples is the 38th smallest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def timed(fn: Callable, *, repeats: int, warmup: int) -> dict:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return {
        "repeats": repeats,
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(percentile(samples, 0.95) * 1000, 1),
        "min_ms": round(min(samples) * 1000, 1),
    }


def emit(payload: dict) -> None:
    json.dump(payload, sys.stdout, default=str)
    sys.stdout.write("\n")


# Who looks at what ------------------------------------------------------------------------


def board_member(cycle: Cycle) -> User:
    return User.objects.get(email=f"{cycle.slug}.board@{EMAIL_DOMAIN}")


def typical_applicant(cycle: Cycle) -> User:
    app = (
        Application.objects.filter(cycle=cycle, state=State.UNDER_REVIEW)
        .order_by("pk")
        .select_related("applicant")
        .first()
    )
    return app.applicant


def busiest_reviewer(cycle: Cycle) -> User:
    row = (
        Assignment.objects.filter(application__cycle=cycle)
        .values("reviewer")
        .annotate(n=Count("pk"))
        .order_by("-n", "reviewer")
        .first()
    )
    return User.objects.get(pk=row["reviewer"])


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    url_name: str
    who: str  # applicant | reviewer | board


PAGES = [
    Page("applicant_dashboard", "Applicant dashboard", "grants:dashboard", "applicant"),
    Page("reviewer_dashboard", "Reviewer dashboard", "reviews:my_reviews", "reviewer"),
    Page("office_list", "Cycle applications list (page 1)", "grants:office_applications", "board"),
    Page("desk", "Decisions desk (page 1)", "decisions:desk", "board"),
]


def page_url(page: Page, cycle: Cycle) -> str | None:
    """The page's address for this cycle, or None while the page does not exist yet.

    Pages differ in how they name the cycle (path or query string), so each accepted
    form is tried in turn."""
    for kwargs in (
        {"slug": cycle.slug},
        {"cycle_slug": cycle.slug},
        {"pk": cycle.pk},
        {"cycle_id": cycle.pk},
    ):
        try:
            return reverse(page.url_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    try:
        url = reverse(page.url_name)
    except NoReverseMatch:
        return None
    if page.who == "board":
        return f"{url}?cycle={cycle.pk}"
    return url


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Subcommands ------------------------------------------------------------------------------


def measure_pages(args) -> None:
    cycle = Cycle.objects.get(slug=args.cycle)
    people = {
        "applicant": typical_applicant(cycle),
        "reviewer": busiest_reviewer(cycle),
        "board": board_member(cycle),
    }
    results, plans = {}, []
    for page in PAGES:
        url = page_url(page, cycle)
        if url is None:
            results[page.key] = {"label": page.label, "missing": True}
            continue
        client = client_for(people[page.who])

        def get(client=client, url=url):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}, not 200")
            return response

        try:
            response, queries = counted(get)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - a page still being built
            results[page.key] = {"label": page.label, "url": url, "error": repr(error)[:300]}
            continue
        results[page.key] = {
            "label": page.label,
            "url": url,
            "who": people[page.who].email,
            "queries": queries,
            "bytes": len(response.content),
            **timed(get, repeats=args.repeats, warmup=3),
        }
        if args.explain:
            plans += explain(page.label, get)
    results["ranking"] = measure_ranking(cycle, args.repeats)
    results["ranked_page_sql"] = measure_ranked_page_sql(cycle, args.repeats)
    if args.explain:
        from bench.prototypes import ranked_page
        from reviews.ranking import rank_cycle

        plans += explain("Ranking (rank_cycle)", lambda: rank_cycle(cycle))
        plans += explain("Proposed: ranked page in one statement", lambda: ranked_page(cycle))
        Path(args.explain).write_text("\n".join(plans))
    results["reviewer_assignments"] = Assignment.objects.filter(
        reviewer=people["reviewer"], application__cycle=cycle
    ).count()
    emit(results)


def measure_ranking(cycle: Cycle, repeats: int) -> dict:
    try:
        from reviews.ranking import rank_cycle
    except ImportError:
        return {"label": "Ranking computation", "missing": True}
    rows, queries = counted(lambda: rank_cycle(cycle))
    return {
        "label": "Ranking computation (rank_cycle)",
        "queries": queries,
        "rows": len(rows),
        **timed(lambda: rank_cycle(cycle), repeats=max(5, repeats // 4), warmup=1),
    }


def measure_ranked_page_sql(cycle: Cycle, repeats: int) -> dict:
    from bench.prototypes import ranked_page

    rows, queries = counted(lambda: ranked_page(cycle))
    return {
        "label": "Proposed: desk's ranked first page in one statement",
        "queries": queries,
        "rows": len(rows),
        **timed(lambda: ranked_page(cycle), repeats=max(5, repeats // 4), warmup=1),
    }


def explain(label: str, fn: Callable) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of every SELECT one call makes, slowest first (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return []
    with CaptureQueriesContext(connection) as captured:
        fn()
    selects = [
        q
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
    ]
    selects.sort(key=lambda q: float(q["time"]), reverse=True)
    out = [f"## {label}: {len(captured.captured_queries)} queries"]
    for query in selects:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        out += [f"\n### {float(query['time']) * 1000:.1f} ms\n", query["sql"], "", plan, ""]
    return out


def measure_export(args) -> None:
    from decisions.exports import write_cycle_workbook

    cycle = Cycle.objects.get(slug=args.cycle)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    target = Path(args.workbook)
    samples = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        with target.open("wb") as fileobj:
            _, queries = counted(lambda f=fileobj: write_cycle_workbook(cycle, f))
        samples.append(time.perf_counter() - started)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    with tempfile.TemporaryFile() as fileobj:
        write_cycle_workbook(cycle, fileobj)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    emit(
        {
            "seconds": round(statistics.median(samples), 2),
            "runs": args.repeats,
            "queries": queries,
            "bytes": target.stat().st_size,
            "tracemalloc_peak_mib": round(peak / 2**20, 1),
            "rss_growth_mib": round((rss_after - rss_before) / 1024, 1),
            "rss_peak_mib": round(rss_after / 1024, 1),
        }
    )


def measure_baseline(args) -> None:
    """openpyxl write-only writing the same sheets, rows and columns as the export, with
    no database work: each sheet's middle data row repeated, so cell types and text
    lengths match the real ones."""
    from openpyxl import Workbook, load_workbook

    shapes = []
    source = load_workbook(args.workbook, read_only=True)
    for sheet in source.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header, data = rows[0], rows[1:]
        shapes.append((sheet.title, header, data[len(data) // 2] if data else header, len(data)))
    source.close()
    cells = sum(len(header) * (n + 1) for _, header, _, n in shapes)

    def write(fileobj):
        workbook = Workbook(write_only=True)
        for title, header, sample, n in shapes:
            sheet = workbook.create_sheet(title)
            sheet.append(header)
            for _ in range(n):
                sheet.append(sample)
        workbook.save(fileobj)

    samples = []
    for _ in range(args.repeats):
        with tempfile.TemporaryFile() as fileobj:
            started = time.perf_counter()
            write(fileobj)
            samples.append(time.perf_counter() - started)
    tracemalloc.start()
    with tempfile.TemporaryFile() as fileobj:
        write(fileobj)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    emit(
        {
            "seconds": round(statistics.median(samples), 2),
            "runs": args.repeats,
            "cells": cells,
            "sheets": {title: n for title, _, _, n in shapes},
            "tracemalloc_peak_mib": round(peak / 2**20, 1),
        }
    )


def measure_assign(args) -> None:
    """The board's "assign automatically": plan (a preview, nothing written) then save it."""
    try:
        from reviews.services import apply_plan, auto_assign
    except ImportError:
        emit({"missing": True})
        return
    cycle = Cycle.objects.get(slug=args.cycle)
    board = board_member(cycle)
    started = time.perf_counter()
    plan, plan_queries = counted(lambda: auto_assign(cycle, seed=1))
    planned = time.perf_counter()
    _, apply_queries = counted(lambda: apply_plan(plan, by=board))
    applied = time.perf_counter()
    emit(
        {
            "seconds": round(applied - started, 2),
            "plan_seconds": round(planned - started, 2),
            "apply_seconds": round(applied - planned, 2),
            "plan_queries": plan_queries,
            "apply_queries": apply_queries,
            "queries": plan_queries + apply_queries,
            "assignments": Assignment.objects.filter(application__cycle=cycle).count(),
            "applications": Application.objects.filter(cycle=cycle).count(),
            "under_review": Application.objects.filter(
                cycle=cycle, state=State.UNDER_REVIEW
            ).count(),
        }
    )


def make_sessions(args) -> None:
    """Session cookies for the load test: many applicants (one session each, as in real
    life) and several sessions of the board member."""
    cycle = Cycle.objects.get(slug=args.cycle)
    applicants = (
        Application.objects.filter(cycle=cycle, state=State.UNDER_REVIEW)
        .order_by("pk")
        .values_list("applicant", flat=True)[: args.count]
    )
    board = board_member(cycle)

    def cookie(user):
        return f"sessionid={client_for(user).cookies['sessionid'].value}"

    emit(
        {
            "applicant": [cookie(u) for u in User.objects.filter(pk__in=list(applicants))],
            "board": [cookie(board) for _ in range(max(2, args.count // 4))],
            "urls": {page.key: page_url(page, cycle) for page in PAGES},
        }
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pages")
    p.add_argument("--cycle", required=True)
    p.add_argument("--repeats", type=int, default=40)
    p.add_argument("--explain", default="")
    p.set_defaults(run=measure_pages)
    p = sub.add_parser("export")
    p.add_argument("--cycle", required=True)
    p.add_argument("--workbook", required=True)
    p.add_argument("--repeats", type=int, default=3)
    p.set_defaults(run=measure_export)
    p = sub.add_parser("baseline")
    p.add_argument("--workbook", required=True)
    p.add_argument("--repeats", type=int, default=3)
    p.set_defaults(run=measure_baseline)
    p = sub.add_parser("assign")
    p.add_argument("--cycle", required=True)
    p.set_defaults(run=measure_assign)
    p = sub.add_parser("sessions")
    p.add_argument("--cycle", required=True)
    p.add_argument("--count", type=int, default=32)
    p.set_defaults(run=make_sessions)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
