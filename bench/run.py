"""`make bench`: build 1,000- and 10,000-application cycles on SQLite and PostgreSQL,
measure pages, ranking, export, auto-assignment and HTTP load, and write the numbers into
docs/performance.md (raw results in bench/results/).

    .venv/bin/python bench/run.py                       # everything (about 20-40 minutes)
    .venv/bin/python bench/run.py --quick               # a 300-application smoke run
    .venv/bin/python bench/run.py --databases postgresql --sizes 10000 --no-docs
    .venv/bin/python bench/run.py --databases postgresql --sizes --desk-sizes 10000 30000

Every run also times the decisions desk against its floor statement (bench/desk.py); the
--desk-sizes (default 30,000) are seeded for that measurement alone.

Each database is created fresh (var/bench/*.sqlite3, or grants_bench_<N> on the local
PostgreSQL, started as .ci/run starts it). Every loop is bounded; nothing keeps running
after the script ends. Not part of CI.
"""

import argparse
import json
import os
import shlex
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import load, report  # noqa: E402
from bench.machine import machine_info  # noqa: E402

PYTHON = sys.executable
WORK = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
DOCS = ROOT / "docs" / "performance.md"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://grants:grants@127.0.0.1:5432")
TIMEOUT = 60 * 60
# PostgreSQL databases are <prefix>_<size>; another prefix keeps parallel runs apart.
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "grants_bench")


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def bench_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        # manage.py turns DEBUG on when neither DEBUG nor SECRET_KEY is set; collectstatic
        # would then write no whitenoise manifest and every bench page would be a 500.
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }


def run(cmd: list[str], env: dict, *, capture=False) -> str:
    done = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=capture, text=True, timeout=TIMEOUT
    )
    if done.returncode != 0:
        if capture:
            sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed ({done.returncode}): {shlex.join(cmd)}")
    return done.stdout if capture else ""


def measure(env: dict, *args: str) -> dict:
    out = run([PYTHON, "-m", "bench.measure", *args], env, capture=True)
    return json.loads(out.strip().splitlines()[-1])


# Databases --------------------------------------------------------------------------------


def ensure_postgres() -> None:
    """Start the local cluster and the grants role as .ci/run does, if it is not up."""
    import psycopg

    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
        return
    except psycopg.OperationalError:
        pass
    say("starting PostgreSQL 15 (pg_ctlcluster 15 main start)")
    steps = (
        "pg_ctlcluster 15 main start || true; "
        "for i in $(seq 1 30); do su postgres -c 'pg_isready -q' && break; sleep 1; done; "
        'su postgres -c "psql -q -c \\"CREATE ROLE grants LOGIN CREATEDB SUPERUSER '
        "PASSWORD 'grants'\\\"\" 2>/dev/null || true"
    )
    subprocess.run(["bash", "-c", steps], check=False, timeout=120)
    psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=5).close()


def fresh_database(database: str, size: int) -> str:
    if database == "sqlite":
        path = WORK / f"bench-{size}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    name = f"{DB_PREFIX}_{size}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{POSTGRES}/{name}"


def analyze(database: str, url: str) -> None:
    """Fresh planner statistics, as autovacuum would have them a minute after the load."""
    if database == "postgresql":
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    else:
        path = url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            conn.execute("ANALYZE")


# One database, one size -------------------------------------------------------------------


def bench_one(database: str, size: int, opts) -> dict:
    say(f"{database}, {size:,} applications: fresh database, migrate, seed")
    url = fresh_database(database, size)
    env = bench_env(url)
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    reviewers = max(3, size * 3 // 100)
    seed = [
        PYTHON,
        "manage.py",
        "seed_scale",
        f"--applications={size}",
        f"--reviewers={reviewers}",
        f"--criteria={opts.criteria}",
    ]
    started = time.perf_counter()
    out = run([*seed, f"--cycle-slug=scale-{size}"], env, capture=True)
    seed_seconds = time.perf_counter() - started
    say(out.strip().splitlines()[0])
    if not opts.desk_only:
        run(
            [*seed, f"--cycle-slug=scale-{size}-assign", "--stage=submitted", "--seed=2"],
            env,
            capture=True,
        )
    analyze(database, url)
    counts = parse_counts(out)
    result = {
        "database": database,
        "size": size,
        "counts": counts,
        "seed_seconds": round(seed_seconds, 1),
        "loadavg_before": [round(x, 2) for x in os.getloadavg()],
    }

    say("the desk against its floor statement, round by round")
    result["desk_vs_floor"] = desk_vs_floor(env, size, opts)
    if opts.desk_only:
        result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
        return result

    say("pages and ranking")
    explain_file = ""
    if database == "postgresql":
        explain_file = (WORK if opts.quick else RESULTS) / f"explain-postgresql-{size}.txt"
    result["pages"] = measure(
        env,
        "pages",
        f"--cycle=scale-{size}",
        f"--repeats={opts.repeats}",
        f"--explain={explain_file}" if explain_file else "--explain=",
    )
    if explain_file and not opts.quick:
        result["explain_file"] = str(explain_file.relative_to(ROOT))

    say("spreadsheet export and the openpyxl baseline")
    workbook = WORK / f"export-{database}-{size}.xlsx"
    try:
        result["export"] = measure(
            env,
            "export",
            f"--cycle=scale-{size}",
            f"--workbook={workbook}",
            f"--repeats={opts.export_repeats}",
        )
        result["baseline"] = measure(
            env, "baseline", f"--workbook={workbook}", f"--repeats={opts.export_repeats}"
        )
    except SystemExit as error:
        say(f"export not measured: {error}")
        result["export"] = {"missing": True, "error": str(error)}

    say("auto-assignment")
    try:
        result["assign"] = measure(env, "assign", f"--cycle=scale-{size}-assign")
    except SystemExit as error:
        say(f"auto-assignment not measured: {error}")
        result["assign"] = {"missing": True, "error": str(error)}

    if database == "postgresql" and not opts.no_load:
        say(f"HTTP load: gunicorn x {opts.workers} workers, wrk {opts.load_seconds} s per address")
        result["load"] = load_test(env, size, opts)
    # Other work on the machine shows up here; the report prints it beside the numbers.
    result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    return result


def desk_vs_floor(env: dict, size: int, opts) -> dict:
    out = run(
        [PYTHON, "-m", "bench.desk", f"--cycle=scale-{size}", f"--rounds={opts.desk_rounds}"],
        env,
        capture=True,
    )
    found = json.loads(out.strip().splitlines()[-1])
    say(f"  desk {found['median_ms']} (desk / floor = {found['desk_over_floor']})")
    return found


def parse_counts(out: str) -> dict:
    counts = {}
    summary = out.split(": ", 1)[1].split(".\n", 1)[0]
    for part in summary.split(", "):
        number, _, name = part.partition(" ")
        counts[name.replace(" ", "_")] = int(number.replace(",", ""))
    return counts


def load_test(env: dict, size: int, opts) -> dict:
    sessions = measure(env, "sessions", f"--cycle=scale-{size}", "--count=64")
    urls = sessions["urls"]
    applicants, board = sessions["applicant"], sessions["board"]
    targets = {
        "trivial": ("Trivial view (ceiling)", "/bench/trivial", applicants),
        "trivial_anonymous": ("Trivial view, no session", "/bench/trivial", []),
        "applicant_dashboard": ("Applicant dashboard", urls.get("applicant_dashboard"), applicants),
        "desk": ("Decisions desk (page 1)", urls.get("desk"), board),
    }
    results = serve_and_load(env, targets, size, opts)
    # The same with sessions saved only when they change (see "Recommended changes").
    variant_env = {**env, "BENCH_SESSION_SAVE_EVERY_REQUEST": "false"}
    variant = {
        "trivial": ("Trivial view (ceiling)", "/bench/trivial", applicants),
        "applicant_dashboard": ("Applicant dashboard", urls.get("applicant_dashboard"), applicants),
    }
    say("  again with SESSION_SAVE_EVERY_REQUEST = False")
    return {
        "workers": opts.workers,
        "connections": opts.connections,
        "seconds": opts.load_seconds,
        "targets": results,
        "no_session_save": serve_and_load(variant_env, variant, size, opts),
    }


def serve_and_load(env: dict, targets: dict, size: int, opts) -> dict:
    results = {}
    with load.Gunicorn(env, opts.workers, WORK / f"gunicorn-{size}.log") as server:
        for key, (label, path, cookies) in targets.items():
            if not path:
                results[key] = {"label": label, "missing": True}
                continue
            try:
                # A short warm-up so every worker has its connection and templates loaded.
                load.run_wrk(
                    server.base,
                    path,
                    cookies,
                    seconds=2,
                    connections=opts.connections,
                    script=WORK / "wrk.lua",
                )
                results[key] = {
                    "label": label,
                    **load.run_wrk(
                        server.base,
                        path,
                        cookies,
                        seconds=opts.load_seconds,
                        connections=opts.connections,
                        script=WORK / "wrk.lua",
                    ),
                }
            except RuntimeError as error:
                say(f"  {label}: not measured: {error}")
                results[key] = {"label": label, "missing": True, "error": str(error)[:300]}
                continue
            say(f"  {label}: {results[key]['rps']} req/s, p50 {results[key]['p50_ms']} ms")
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument(
        "--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    parser.add_argument("--criteria", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--export-repeats", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--load-seconds", type=int, default=15)
    parser.add_argument("--no-load", action="store_true", help="Skip the gunicorn + wrk part.")
    parser.add_argument("--desk-rounds", type=int, default=20)
    parser.add_argument(
        "--desk-sizes",
        type=int,
        nargs="*",
        default=[30000],
        help="Sizes measured for the desk against its floor only (none: --desk-sizes).",
    )
    parser.add_argument("--no-docs", action="store_true", help="Do not touch docs/performance.md.")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="Smoke run: 300 applications, few repeats, 3 s of load, no docs.",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="Rewrite docs/performance.md from bench/results/latest.json; measure nothing.",
    )
    opts = parser.parse_args(argv)
    if opts.report_only:
        report.write_docs(json.loads((RESULTS / "latest.json").read_text()), DOCS)
        say(f"wrote {DOCS.relative_to(ROOT)} from the last results")
        return
    if opts.quick:
        opts.sizes, opts.repeats, opts.export_repeats, opts.load_seconds = [300], 5, 1, 3
        opts.no_docs, opts.desk_sizes, opts.desk_rounds = True, [], 5
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    if "postgresql" in opts.databases:
        ensure_postgres()
    command = (
        "make bench"
        if argv is None and len(sys.argv) == 1
        else shlex.join(
            [".venv/bin/python", "bench/run.py", *(argv if argv is not None else sys.argv[1:])]
        )
    )
    results = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command,
        "machine": machine_info(opts.databases),
        "repeats": opts.repeats,
        "runs": [],
        "explain_files": {},
    }
    say("collectstatic (the manifest storage production uses)")
    run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        bench_env(f"sqlite:///{WORK / 'static-only.sqlite3'}"),
    )
    # A run of the desk alone (--sizes with no size) keeps the full results as they are.
    name = "quick.json" if opts.quick else "latest.json" if opts.sizes else "desk.json"
    out = RESULTS / name
    plan = [(size, False) for size in opts.sizes]
    plan += [(size, True) for size in opts.desk_sizes if size not in opts.sizes]
    for database in opts.databases:
        for size, desk_only in plan:
            opts.desk_only = desk_only
            run_result = bench_one(database, size, opts)
            results["runs"].append(run_result)
            if "explain_file" in run_result:
                results["explain_files"][str(size)] = run_result["explain_file"]
            results["minutes"] = (time.monotonic() - started) / 60
            out.write_text(json.dumps(results, indent=2, default=str))
    say(f"results in {out.relative_to(ROOT)}")
    if not opts.no_docs:
        report.write_docs(results, DOCS)
        say(f"wrote {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
