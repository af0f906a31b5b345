"""CI's dependency audit: fail on a known vulnerability in the locks.

The locks are made by `make lock` (uv, with hashes): requirements.lock (production) and
requirements-dev.lock (production plus the dev extras); give either or both.

1. Offline, always: every pin is checked against .ci/known-advisories.toml.
2. Online, when possible: pip-audit over the lock, first with its PyPI service, then with
   OSV. A vulnerability it reports fails the run.

A machine that reaches neither service (pip-audit then reports every package as "not
found", or cannot connect at all) does not fail for that: the online audit is reported as
NOT DONE, loudly, and only step 1 stands. Exit codes: 0 clean (or online audit impossible),
1 known vulnerability, 2 usage or file error.

Usage: python .ci/audit_dependencies.py [--offline] requirements.lock [requirements-dev.lock]
"""

import json
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

HERE = Path(__file__).resolve().parent
ADVISORIES = HERE / "known-advisories.toml"
SERVICES = ("pypi", "osv")
PIP_AUDIT_TIMEOUT = 600


# The offline check --------------------------------------------------------------------------


def logical_lines(lock_text: str) -> list[str]:
    """A lock's requirements one per line: continuations joined, hash options dropped."""
    joined = lock_text.replace("\\\n", " ")
    return [
        " ".join(word for word in raw.split() if not word.startswith("--hash="))
        for raw in joined.splitlines()
    ]


def read_pins(lock_text: str) -> dict[str, Version]:
    pins = {}
    for raw in logical_lines(lock_text):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        exact = [spec for spec in requirement.specifier if spec.operator == "=="]
        if exact:
            pins[canonicalize_name(requirement.name)] = Version(exact[0].version)
    return pins


def read_advisories(text: str) -> list[dict]:
    return tomllib.loads(text).get("advisory", [])


def local_findings(pins: dict[str, Version], advisories: list[dict]) -> list[str]:
    findings = []
    for advisory in advisories:
        name = canonicalize_name(advisory["package"])
        version = pins.get(name)
        if version is None:
            continue
        if any(version in SpecifierSet(spec) for spec in advisory["affected"]):
            findings.append(f"{name}=={version}: {advisory['id']} — {advisory['summary']}")
    return findings


# The online audit ----------------------------------------------------------------------------


@dataclass
class OnlineResult:
    reachable: bool
    vulnerable: list[str] = field(default_factory=list)
    audited: int = 0
    skipped: list[str] = field(default_factory=list)


def classify(report: dict) -> OnlineResult:
    """Read pip-audit's JSON: reachable only if at least one package was really audited."""
    result = OnlineResult(reachable=False)
    for dep in report.get("dependencies", []):
        if "skip_reason" in dep:
            result.skipped.append(dep["name"])
            continue
        result.audited += 1
        for vuln in dep.get("vulns", []):
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            result.vulnerable.append(
                f"{dep['name']}=={dep.get('version', '?')}: {vuln['id']} (fixed in {fixes})"
            )
    result.reachable = result.audited > 0
    return result


def run_pip_audit(pip_audit: str, lock: Path, service: str) -> OnlineResult:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = [
            pip_audit,
            "--requirement",
            str(lock),
            "--no-deps",
            "--disable-pip",
            "--vulnerability-service",
            service,
            "--format",
            "json",
            "--output",
            str(out),
            "--progress-spinner",
            "off",
            "--timeout",
            "20",
        ]
        try:
            subprocess.run(  # noqa: S603 - fixed argument list, our own tool
                command, capture_output=True, text=True, timeout=PIP_AUDIT_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            print(f"  pip-audit ({service}) did not run: {error}")
            return OnlineResult(reachable=False)
        if not out.exists():
            print(f"  pip-audit ({service}): the service could not be reached.")
            return OnlineResult(reachable=False)
        return classify(json.loads(out.read_text()))


def online_audit(pip_audit: str, lock: Path) -> OnlineResult | None:
    for service in SERVICES:
        result = run_pip_audit(pip_audit, lock, service)
        if result.reachable:
            print(f"  pip-audit ({service}): {result.audited} packages checked.")
            if result.skipped:
                print(f"  not checked by {service}: {', '.join(result.skipped)}")
            return result
        print(f"  pip-audit ({service}): no package could be checked (service unreachable).")
    return None


def main(argv: list[str]) -> int:
    offline = "--offline" in argv
    paths = [arg for arg in argv if not arg.startswith("--")]
    if not paths:
        print(__doc__)
        return 2
    worst = 0
    for path in paths:
        print(f"== {path}")
        worst = max(worst, audit_lock(Path(path), offline=offline))
    return worst


def audit_lock(lock: Path, *, offline: bool) -> int:
    try:
        pins = read_pins(lock.read_text())
        advisories = read_advisories(ADVISORIES.read_text())
    except (OSError, ValueError) as error:
        print(f"Cannot read the lock or the advisory list: {error}")
        return 2

    print(f"Offline: {len(pins)} pins against {len(advisories)} recorded advisories.")
    findings = local_findings(pins, advisories)
    for finding in findings:
        print(f"  VULNERABLE {finding}")

    online = None
    pip_audit = str(Path(sys.executable).parent / "pip-audit")
    if offline:
        print("Online audit: skipped (--offline).")
    elif not Path(pip_audit).exists():
        print("Online audit: NOT DONE — pip-audit is not installed in this environment.")
    else:
        print("Online: pip-audit")
        online = online_audit(pip_audit, lock)
        if online is None:
            print(
                "Online audit: NOT DONE — no vulnerability service is reachable from this "
                "machine. Only the recorded advisories above were checked."
            )
        for finding in online.vulnerable if online else []:
            print(f"  VULNERABLE {finding}")

    if findings or (online and online.vulnerable):
        print(f"Known vulnerabilities found: upgrade the pins above ({lock.name}, make lock).")
        return 1
    if online is None:
        print("No known vulnerabilities among the recorded advisories (online audit not done).")
    else:
        print("No known vulnerabilities found.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
