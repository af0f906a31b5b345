"""Settings read from the environment: production refuses to start unsafe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 30 + "-production-like-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "grants.s4om.example",
    "CSRF_TRUSTED_ORIGINS": "https://grants.s4om.example",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "deploy-check.sqlite3"),
    "MAIL_BACKEND": "smtp",
    "SMTP_HOST": "smtp.s4om.example",
}


def manage(*args, env):
    # Only the given variables: nothing inherited from the test settings.
    clean = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    clean["VAR_DIR"] = str(ROOT / "var")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_a_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_web_server_without_a_secret_key_refuses_to_start():
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env["VAR_DIR"] = str(ROOT / "var")
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_manage_py_in_an_unconfigured_checkout_runs_as_development():
    result = manage("check", env={})
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_without_a_secret_key_starts_with_a_development_key():
    result = manage("check", env={"DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_with_production_variables_reports_nothing():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    # Silenced: only SQLite's note that it ignores the covering index's extra columns
    # (config/settings.py), once per check that reports it.
    assert "System check identified no issues (3 silenced)." in result.stdout


def test_check_deploy_on_postgresql_silences_nothing():
    env = dict(PRODUCTION_ENV, DATABASE_URL="postgres://grants:grants@127.0.0.1:5432/unused")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_misspelt_boolean_is_refused_with_its_name():
    result = manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


@pytest.mark.django_db
def test_healthz_is_ok_with_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
