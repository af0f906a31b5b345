"""What the benchmark ran on (written next to every result)."""

import os
import platform
import sqlite3
from pathlib import Path

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://grants:grants@127.0.0.1:5432")


def machine_info(databases) -> dict:
    import django

    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    info = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kib / 2**20, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    if "postgresql" in databases:
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres") as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
        info["postgresql"] = f"PostgreSQL {version.split()[0]}"
    return info
