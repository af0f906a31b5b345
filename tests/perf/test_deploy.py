"""The production setup of docs/deploy.md, run for real: production settings (DEBUG off),
migrate and collectstatic into a fresh folder, gunicorn with deploy/gunicorn.conf.py, and
plain HTTP requests from this process."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, headers=None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(var),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "deploy-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "MEDIA_ROOT": str(var / "private"),
        "MAIL_BACKEND": "locmem",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300
        )
    log = var / "gunicorn.log"
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(gunicorn), "-c", str(DEPLOY / "gunicorn.conf.py")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                assert process.poll() is None, log.read_text()
                try:
                    if get(port, "/healthz").status == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            yield {"port": port, "log": log, "static_root": var / "static"}
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def test_production_server_reports_healthy_over_plain_http(server):
    response = get(server["port"], "/healthz")

    assert response.status == 200
    assert json.loads(response.body) == {"status": "ok", "database": "ok"}


def test_production_server_redirects_other_plain_http_to_https(server):
    response = get(server["port"], "/")

    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{server['port']}/"


def test_production_server_sends_hsts_behind_a_tls_proxy(server):
    response = get(server["port"], "/", {"X-Forwarded-Proto": "https"})

    assert response.status == 200
    assert response.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_whitenoise_serves_hashed_static_files_compressed_and_cached_for_a_year(server):
    manifest = json.loads((server["static_root"] / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]

    response = get(
        server["port"],
        f"/static/{hashed}",
        {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
    )

    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Cache-Control") == "max-age=315360000, public, immutable"


def test_production_logs_are_json_lines(server):
    get(server["port"], "/healthz")
    get(server["port"], "/no-such-page", {"X-Forwarded-Proto": "https"})
    time.sleep(0.5)

    lines = [line for line in server["log"].read_text().splitlines() if line.startswith("{")]
    records = [json.loads(line) for line in lines]
    assert {"method": "GET", "path": "/healthz", "status": 200} in [
        {k: r.get(k) for k in ("method", "path", "status")} for r in records
    ]
    not_found = [r for r in records if r.get("logger") == "django.request"]
    assert not_found[0]["level"] == "WARNING"
    assert not_found[0]["message"] == "Not Found: /no-such-page"


def test_gunicorn_settings_follow_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "7")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    namespace: dict = {}

    exec(compile((DEPLOY / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)

    assert (namespace["workers"], namespace["threads"]) == (7, 4)
    assert namespace["worker_class"] == "gthread"
    assert namespace["bind"] == "0.0.0.0:9000"
    assert namespace["wsgi_app"] == "config.wsgi:application"


def test_systemd_units_run_commands_that_exist():
    commands = get_commands()
    used = set()
    for unit in (DEPLOY / "systemd").iterdir():
        text = unit.read_text()
        for line in text.splitlines():
            if line.startswith("ExecStart=") and "manage.py" in line:
                name = line.split("manage.py", 1)[1].split()[0]
                if name != "%i":
                    used.add(name)
            if line.startswith("Unit=grants-manage@"):
                used.add(line.split("@", 1)[1].removesuffix(".service"))

    assert used == {"db_worker", "send_reminders", "send_pending_emails", "prune_db_task_results"}
    assert used <= set(commands)
