"""The layer rule of docs/architecture.md, checked by parsing every module's imports.

accounts <- grants <- reviews <- notifications; nothing imports notifications except the
top-level wiring (config) and the privacy export, which reads everything a person owns.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# app -> apps it must never import
FORBIDDEN = {
    "accounts": {"grants", "reviews", "reports", "notifications", "privacy", "demo"},
    "grants": {"reviews", "reports", "notifications", "privacy", "demo"},
    "reviews": {"reports", "notifications", "privacy", "demo"},
    "reports": {"notifications", "privacy", "demo"},
    "notifications": {"privacy", "demo"},
}


def imported_top_level_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def modules_of(app: str):
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_does_not_import_higher_layers(app):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_top_level_packages(path) & FORBIDDEN[app])
        for path in modules_of(app)
    }
    offenders = {path: names for path, names in offenders.items() if names}
    assert offenders == {}


def test_the_checker_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from reviews.models import Review\nimport notifications.receivers\n")
    assert imported_top_level_packages(module) == {"reviews", "notifications"}
