"""The dependency audit of .ci/audit_dependencies.py: the offline advisory check and how
pip-audit's report is read (a vulnerability fails; an unreachable service does not)."""

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "audit_dependencies.py"

_spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)


def test_no_locked_dependency_has_a_recorded_advisory():
    pins = audit.read_pins((ROOT / "requirements.lock").read_text())
    advisories = audit.read_advisories(audit.ADVISORIES.read_text())

    assert pins["django"]
    assert len(advisories) >= 10
    assert audit.local_findings(pins, advisories) == []


def test_a_vulnerable_pin_is_found_whatever_its_spelling():
    pins = audit.read_pins("Requests==2.31.0\ndjango_guardian==3.5.0  # old\n")
    advisories = audit.read_advisories(audit.ADVISORIES.read_text())

    findings = audit.local_findings(pins, advisories)

    assert [f.split(":")[0] for f in findings] == [
        "django-guardian==3.5.0",
        "requests==2.31.0",
        "requests==2.31.0",
    ]


def test_a_fixed_version_is_not_reported():
    pins = audit.read_pins("urllib3==2.5.0\nrequests==2.32.4\n")
    advisories = audit.read_advisories(audit.ADVISORIES.read_text())

    assert audit.local_findings(pins, advisories) == []


def test_a_vulnerability_in_the_pip_audit_report_is_reported():
    report = {
        "dependencies": [
            {"name": "django", "version": "6.1.3", "vulns": []},
            {
                "name": "requests",
                "version": "2.31.0",
                "vulns": [{"id": "GHSA-9wx4-h78v-vm56", "fix_versions": ["2.32.0"]}],
            },
        ]
    }

    result = audit.classify(report)

    assert result.reachable is True
    assert result.audited == 2
    assert result.vulnerable == ["requests==2.31.0: GHSA-9wx4-h78v-vm56 (fixed in 2.32.0)"]


def test_a_report_where_nothing_could_be_checked_means_unreachable():
    not_found = "Dependency not found on PyPI and could not be audited"
    report = {
        "dependencies": [
            {"name": "django", "skip_reason": not_found},
            {"name": "lxml", "skip_reason": not_found},
        ]
    }

    result = audit.classify(report)

    assert (result.reachable, result.vulnerable, result.skipped) == (False, [], ["django", "lxml"])


def test_the_script_fails_on_a_recorded_vulnerability(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("requests==2.31.0\n")

    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--offline", str(lock)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert "VULNERABLE requests==2.31.0: GHSA-9wx4-h78v-vm56" in result.stdout


def test_the_script_passes_a_clean_lock_offline(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("# pinned\nrequests==2.32.4\n")

    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--offline", str(lock)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0
    assert "online audit not done" in result.stdout


# The locks themselves (issue 15: hashed, production without test or lint tools) ---------

DEV_ONLY = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "ruff",
    "playwright",
    "hypothesis",
    "factory-boy",
    "pip-audit",
    "axe-playwright-python",
}


def test_every_pin_in_both_locks_carries_a_hash():
    for name in ("requirements.lock", "requirements-dev.lock"):
        requirements = [
            line
            for line in audit.logical_lines((ROOT / name).read_text())
            if line.strip() and not line.lstrip().startswith("#")
        ]
        raw = (ROOT / name).read_text()
        assert requirements, name
        assert all("==" in line for line in requirements), name
        assert raw.count("==") <= raw.count("--hash=sha256:"), name


def test_the_production_lock_has_no_test_or_lint_tools_and_the_dev_lock_has_them():
    production = audit.read_pins((ROOT / "requirements.lock").read_text())
    development = audit.read_pins((ROOT / "requirements-dev.lock").read_text())

    assert DEV_ONLY & set(production) == set()
    assert set(development) >= DEV_ONLY
    # Every production pin is the same version in the development lock.
    assert {name: development[name] for name in production} == production


def test_a_hashed_lock_with_markers_is_read():
    text = (
        "django==6.1.3 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n"
        "    # via s4om-grants\n"
        "colorama==0.4.6 ; sys_platform == 'win32' \\\n    --hash=sha256:cc\n"
    )

    pins = audit.read_pins(text)

    assert {name: str(version) for name, version in pins.items()} == {
        "django": "6.1.3",
        "colorama": "0.4.6",
    }
