"""deploy/backup.sh and the restore steps of docs/deploy.md, on a real PostgreSQL: dump a
seeded database and its documents, restore both somewhere else, and compare."""

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def server_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def count(url: str, table: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


@pytest.fixture
def two_databases():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("needs pg_dump and pg_restore")
    names = [f"{connection.settings_dict['NAME']}_backup_{role}" for role in ("src", "dst")]
    for name in names:
        admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin(f"CREATE DATABASE {name}")
    yield [f"{server_url()}/{name}" for name in names]
    for name in names:
        admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_backup_script_dump_restores_into_an_empty_database_with_the_documents(
    two_databases, tmp_path
):
    source, target = two_databases
    media = tmp_path / "media"
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "quote").write_bytes(b"%PDF-1.4 quote")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": source,
        "MEDIA_ROOT": str(media),
    }
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["seed_scale", "--applications=20", "--reviewers=3", "--criteria=2"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    backups = tmp_path / "backups"

    subprocess.run(
        [str(ROOT / "deploy" / "backup.sh"), str(backups)],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    dump = next(backups.glob("grants-*.dump"))
    subprocess.run(
        ["pg_restore", "--no-owner", f"--dbname={target}", str(dump)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    restored_media = tmp_path / "restored"
    with tarfile.open(next(backups.glob("grants-media-*.tar.gz"))) as archive:
        archive.extractall(restored_media, filter="data")

    for table in ("grants_application", "reviews_score", "accounts_user", "django_migrations"):
        assert count(target, table) == count(source, table)
    assert count(target, "grants_application") == 20
    assert (restored_media / "attachments" / "quote").read_bytes() == b"%PDF-1.4 quote"
    assert oct(dump.stat().st_mode & 0o777) == "0o600"
