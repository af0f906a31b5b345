"""Turn bench results (bench/results/latest.json) into the measured part of
docs/performance.md, between the bench markers; the hand-written analysis stays."""

import re
from pathlib import Path

BEGIN = "<!-- bench:begin (written by bench/run.py; edit the text outside the markers) -->"
END = "<!-- bench:end -->"
PAGE_KEYS = [
    "applicant_dashboard",
    "reviewer_dashboard",
    "office_list",
    "desk",
    "ranking",
    "ranked_page_sql",
]
MEDIAN_GOAL_MS = 150
ASSIGN_GOAL_S = 10
EXPORT_GOAL_RATIO = 1.5

SKELETON = f"""# Performance at scale

How the grant tool behaves with 1,000 and 10,000 applications in one cycle, on SQLite and
PostgreSQL, measured by `make bench` (bench/run.py). The tables between the markers are
rewritten by every full run; the analysis after them is written by hand.

{BEGIN}
{END}
"""


def ms(value) -> str:
    return "—" if value is None else f"{value:,.1f}"


def fmt_int(value) -> str:
    return "—" if value is None else f"{value:,}"


def runs_by(results: dict) -> dict[tuple[str, int], dict]:
    return {(run["database"], run["size"]): run for run in results["runs"]}


def sizes_of(results: dict) -> list[int]:
    return sorted({run["size"] for run in results["runs"]})


def databases_of(results: dict) -> list[str]:
    order = {"sqlite": 0, "postgresql": 1}
    return sorted({run["database"] for run in results["runs"]}, key=order.get)


def render(results: dict) -> str:
    desk = [run for run in results["runs"] if run.get("desk_vs_floor")]
    # Runs made for the desk only (--desk-sizes) have no page tables.
    results = {**results, "runs": [run for run in results["runs"] if "pages" in run]}
    sizes, databases, runs = sizes_of(results), databases_of(results), runs_by(results)
    machine = results["machine"]
    out = [
        "## Measured",
        "",
        f"- Date: {results['date']} (bench took {results['minutes']:.0f} minutes)",
        f"- Machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gib']} GiB RAM, "
        f"{machine['os']}",
        f"- Software: Python {machine['python']}, Django {machine['django']}, "
        f"{machine.get('postgresql', 'PostgreSQL not measured')}, SQLite {machine['sqlite']}",
        f"- Command: `{results['command']}`"
        + (" (what `make bench` runs)" if "bench/run.py" in results["command"] else ""),
        "- Other work on the machine (1-minute load average before / after each run; the "
        f"machine has {machine['cores']} cores): "
        + ", ".join(
            f"{run['database']} {run['size']:,}: {run.get('loadavg_before', ['?'])[0]} / "
            f"{run.get('loadavg_after', ['?'])[0]}"
            for run in results["runs"]
        ),
        "- Server time: Django's test `Client` in one process, signed in, "
        f"{results['repeats']} requests after 3 warm-up requests; median and nearest-rank p95. "
        "Queries: every statement the request runs (session read and save included).",
        "",
        "### Data",
        "",
        "| | " + " | ".join(f"{n:,} applications" for n in sizes) + " |",
        "| --- | " + " | ".join("---:" for _ in sizes) + " |",
    ]
    any_run = {n: next(run for (db, size), run in runs.items() if size == n) for n in sizes}
    for key in [
        "applications",
        "reviewers",
        "assignments",
        "object_permissions",
        "submitted_reviews",
        "scores",
        "budget_lines",
        "events",
    ]:
        label = key.replace("_", " ")
        out.append(
            f"| {label} | "
            + " | ".join(fmt_int(any_run[n]["counts"].get(key)) for n in sizes)
            + " |"
        )
    out.append(
        "| seed_scale time (s), "
        + " / ".join(databases)
        + " | "
        + " | ".join(
            " / ".join(
                f"{runs[(db, n)]['seed_seconds']:.1f}" for db in databases if (db, n) in runs
            )
            for n in sizes
        )
        + " |"
    )
    out += [
        "",
        "Reviewers grow with the cycle (3 per 100 applications), so each reviewer has about "
        "the same number of assignments at both sizes (the busiest one is measured: "
        + ", ".join(
            f"{runs[(databases[0], n)]['pages'].get('reviewer_assignments', '?')} at {n:,}"
            for n in sizes
            if (databases[0], n) in runs
        )
        + ").",
        "",
    ]
    for db in databases:
        out += [f"### Pages and ranking on {db}", ""]
        header = "| | " + " | ".join(f"{n:,}: queries | median ms | p95 ms" for n in sizes) + " |"
        out += [header, "| --- | " + " | ".join("---: | ---: | ---:" for _ in sizes) + " |"]
        for key in PAGE_KEYS:
            cells, label = [], key
            for n in sizes:
                page = runs.get((db, n), {}).get("pages", {}).get(key)
                if not page or page.get("missing") or page.get("error"):
                    cells.append(
                        ("fails" if page and page.get("error") else "not built yet") + " | | "
                    )
                    label = page["label"] if page else key
                    continue
                label = page["label"]
                cells.append(f"{page['queries']} | {ms(page['median_ms'])} | {ms(page['p95_ms'])}")
            out.append(f"| {label} | " + " | ".join(cells) + " |")
        out.append("")
    out += render_export(databases, sizes, runs)
    out += render_assign(databases, sizes, runs)
    out += render_load(sizes, runs)
    out += render_goals(databases, sizes, runs)
    out += render_explain(results)
    out += render_desk(desk)
    return "\n".join(out) + "\n"


def render_desk(desk_runs) -> list[str]:
    """bench/desk.py: desk page 1, its floor statement and the panel, interleaved."""
    out = ["### The desk against its floor (bench/desk.py, interleaved rounds)", ""]
    out += ["| database, size | desk page 1 | floor SQL | desk / floor | panel | load |"]
    out += ["| --- | ---: | ---: | ---: | ---: | ---: |"]
    for run in desk_runs:
        found = run["desk_vs_floor"]
        median = found["median_ms"]
        out.append(
            f"| {run['database']} {run['size']:,} | {ms(median['desk_page_1'])} | "
            f"{ms(median['floor_sql'])} | {found['desk_over_floor']} | "
            f"{ms(median['desk_application_panel'])} | {found['loadavg'][0]} |"
        )
    return [*out, ""]


def render_export(databases, sizes, runs) -> list[str]:
    out = [
        "### Spreadsheet export (write_cycle_workbook)",
        "",
        "Baseline: openpyxl write-only writing the same sheets, rows and columns (each sheet's "
        "middle row repeated) with no database work, in its own process. Peak memory by "
        "tracemalloc (Python allocations during the write); RSS growth from the process's "
        "ru_maxrss before and after.",
        "",
        "| database | applications | cells | export s | baseline s | ratio | queries "
        "| peak MiB (export / baseline) | RSS growth MiB | file KiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for db in databases:
        for n in sizes:
            run = runs.get((db, n))
            export = run and run.get("export")
            if not export or export.get("missing"):
                out.append(f"| {db} | {n:,} | not built yet | | | | | | | |")
                continue
            base = run["baseline"]
            out.append(
                f"| {db} | {n:,} | {base['cells']:,} | {export['seconds']:.2f} | "
                f"{base['seconds']:.2f} | {export['seconds'] / base['seconds']:.2f}x | "
                f"{export['queries']} | {export['tracemalloc_peak_mib']} / "
                f"{base['tracemalloc_peak_mib']} | {export['rss_growth_mib']} | "
                f"{export['bytes'] // 1024:,} |"
            )
    return [*out, ""]


def render_assign(databases, sizes, runs) -> list[str]:
    out = [
        "### Auto-assignment of 3 reviewers to every application",
        "",
        "A second cycle of the same size with every application submitted and nobody "
        "assigned; one call, timed once.",
        "",
        "| database | applications | total s | plan s (queries) | save s (queries) "
        "| assignments made |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for db in databases:
        for n in sizes:
            assign = runs.get((db, n), {}).get("assign")
            if not assign or assign.get("missing"):
                out.append(f"| {db} | {n:,} | not built yet | | | |")
                continue
            out.append(
                f"| {db} | {n:,} | {assign['seconds']:.2f} | {assign['plan_seconds']:.2f} "
                f"({fmt_int(assign['plan_queries'])}) | {assign['apply_seconds']:.2f} "
                f"({fmt_int(assign['apply_queries'])}) | {fmt_int(assign['assignments'])} |"
            )
    return [*out, ""]


def render_load(sizes, runs) -> list[str]:
    loads = [(n, runs[("postgresql", n)].get("load")) for n in sizes if ("postgresql", n) in runs]
    loads = [(n, load) for n, load in loads if load]
    if not loads:
        return ["### HTTP under load", "", "Not measured in this run.", ""]
    first = loads[0][1]
    out = [
        "### HTTP under load (gunicorn + PostgreSQL, wrk on 127.0.0.1)",
        "",
        f"gunicorn with deploy/gunicorn.conf.py, {first['workers']} sync workers; wrk with 2 "
        f"threads and {first['connections']} connections for {first['seconds']} s per address, "
        "on the same machine (wrk, gunicorn and PostgreSQL share the cores). Signed-in "
        "addresses rotate through many sessions (one per applicant; several for the board "
        "member). The ceiling is /bench/trivial, a view returning 2 bytes through the same "
        "middleware, with a session.",
        "",
        "| applications | address | requests/s | p50 ms | p90 ms | p99 ms | share of ceiling |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, load in loads:
        out += _load_rows(n, load["targets"], "")
    variants = [(n, load["no_session_save"]) for n, load in loads if load.get("no_session_save")]
    if variants:
        out += [
            "",
            "The same server started with `SESSION_SAVE_EVERY_REQUEST = False` (the session "
            "row is written only when it changes; see Recommended changes):",
            "",
            "| applications | address | requests/s | p50 ms | p90 ms | p99 ms | share of ceiling |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for n, targets in variants:
            out += _load_rows(n, targets, "")
    return [*out, ""]


def _load_rows(n: int, targets: dict, suffix: str) -> list[str]:
    rows = []
    trivial = targets.get("trivial", {})
    ceiling = trivial.get("rps") if usable(trivial) else None
    for key, target in targets.items():
        if not usable(target):
            reason = "fails" if target.get("error") else "not built yet"
            rows.append(f"| {n:,} | {target.get('label', key)} | {reason} | | | | |")
            continue
        share = f"{target['rps'] / ceiling:.0%}" if ceiling else "—"
        rows.append(
            f"| {n:,} | {target['label']}{suffix} | {target['rps']:,.1f} | "
            f"{ms(target['p50_ms'])} | {ms(target['p90_ms'])} | {ms(target['p99_ms'])} | {share} |"
        )
    return rows


def usable(entry) -> bool:
    return bool(entry) and not entry.get("missing") and not entry.get("error")


def _goal_row(goal, measured, met) -> str:
    verdict = "—" if met is None else ("met" if met else "**missed**")
    return f"| {goal} | {measured} | {verdict} |"


def render_goals(databases, sizes, runs) -> list[str]:
    out = ["### Goals", "", "| goal | measured | |", "| --- | --- | --- |"]
    small, large = sizes[0], sizes[-1]
    for db in databases:
        for key in PAGE_KEYS:
            a = runs.get((db, small), {}).get("pages", {}).get(key)
            b = runs.get((db, large), {}).get("pages", {}).get(key)
            if not usable(a) or not usable(b) or small == large:
                continue
            out.append(
                _goal_row(
                    f"{b['label']}: queries constant in N ({db})",
                    f"{a['queries']} at {small:,}, {b['queries']} at {large:,}",
                    a["queries"] == b["queries"],
                )
            )
    pg = runs.get(("postgresql", large), {})
    for key in PAGE_KEYS[:4]:
        page = pg.get("pages", {}).get(key)
        if usable(page):
            out.append(
                _goal_row(
                    f"{page['label']}: median < {MEDIAN_GOAL_MS} ms at {large:,} on PostgreSQL",
                    f"{ms(page['median_ms'])} ms",
                    page["median_ms"] < MEDIAN_GOAL_MS,
                )
            )
    for db in databases:
        ranking = runs.get((db, large), {}).get("pages", {}).get("ranking")
        if usable(ranking):
            out.append(
                _goal_row(
                    f"Ranking of {large:,} in one query ({db})",
                    f"{ranking['queries']} queries, {ms(ranking['median_ms'])} ms",
                    ranking["queries"] == 1,
                )
            )
        proposed = runs.get((db, large), {}).get("pages", {}).get("ranked_page_sql")
        if usable(proposed):
            out.append(
                _goal_row(
                    f"Proposed ranking statement is one query, {large:,} ({db})",
                    f"{proposed['queries']} query, {ms(proposed['median_ms'])} ms",
                    proposed["queries"] == 1,
                )
            )
        assign = runs.get((db, large), {}).get("assign")
        if assign and not assign.get("missing"):
            out.append(
                _goal_row(
                    f"Auto-assign {large:,} x 3 < {ASSIGN_GOAL_S} s ({db})",
                    f"{assign['seconds']:.2f} s",
                    assign["seconds"] < ASSIGN_GOAL_S,
                )
            )
        run = runs.get((db, large), {})
        if run.get("export") and not run["export"].get("missing"):
            ratio = run["export"]["seconds"] / run["baseline"]["seconds"]
            out.append(
                _goal_row(
                    f"Export overhead <= {EXPORT_GOAL_RATIO}x openpyxl alone at {large:,} ({db})",
                    f"{ratio:.2f}x",
                    ratio <= EXPORT_GOAL_RATIO,
                )
            )
    return [*out, ""]


SCAN = re.compile(
    r"((?:Parallel )?(?:Seq|Index Only|Index|Bitmap Heap|Bitmap Index) Scan"
    r"(?: using \w+)? on \w+)"
)


def render_explain(results: dict) -> list[str]:
    files = results.get("explain_files", {})
    if not files:
        return []
    out = [
        "### EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL",
        "",
        "Every SELECT of one request of each page, slowest first, with its plan: "
        + ", ".join(f"[{size}](../{path})" for size, path in sorted(files.items()))
        + ". "
        "The slowest statement of each page at the larger size, with the scans it used:",
        "",
        "| page | slowest ms | scans in the slowest plan |",
        "| --- | ---: | --- |",
    ]
    largest = max(files, key=lambda s: int(s))
    text = (Path(__file__).resolve().parents[1] / files[largest]).read_text()
    for section in text.split("\n## ")[0:]:
        section = section.removeprefix("## ")
        title, _, body = section.partition("\n")
        if not body.strip():
            continue
        label = title.rpartition(": ")[0]
        timings = re.findall(r"^### ([\d.]+) ms", body, re.M)
        first_plan = body.split("\n### ")[1] if "\n### " in body else body
        scans = sorted(set(SCAN.findall(first_plan)))
        out.append(f"| {label} | {timings[0] if timings else '—'} | {'; '.join(scans) or '—'} |")
    return [*out, ""]


def write_docs(results: dict, path: Path) -> None:
    text = path.read_text() if path.exists() else SKELETON
    if BEGIN not in text:
        text = text.rstrip() + "\n\n" + BEGIN + "\n" + END + "\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    path.write_text(head + BEGIN + "\n" + render(results) + END + tail)
