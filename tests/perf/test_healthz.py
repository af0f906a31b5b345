"""/healthz tells a load balancer whether this app server can reach its database.

"Database down" is real, not patched: a separate Python process starts Django with a
database that cannot be reached (a closed port on PostgreSQL, a path that cannot exist on
SQLite) and asks for /healthz through the test client.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(response.status_code, response.content.decode())
"""


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthz_with_database(url: str) -> tuple[int, dict]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": url,
        "LOG_LEVEL": "CRITICAL",
        "PGCONNECT_TIMEOUT": "3",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    status, body = done.stdout.strip().split(" ", 1)
    return int(status), json.loads(body)


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_healthz_needs_no_login_and_skips_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_healthz_is_503_when_postgresql_cannot_be_reached():
    port = closed_port()
    status, body = healthz_with_database(f"postgres://grants:grants@127.0.0.1:{port}/grants")

    assert status == 503
    # The reason goes to the server log; callers learn nothing about hosts or ports.
    assert body == {"status": "unavailable", "database": "unavailable"}


def test_healthz_is_503_when_the_sqlite_file_cannot_be_opened(tmp_path):
    missing = tmp_path / "no-such-folder" / "db.sqlite3"

    status, body = healthz_with_database(f"sqlite:///{missing}")

    assert status == 503
    assert body == {"status": "unavailable", "database": "unavailable"}
