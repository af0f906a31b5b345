"""The layer rule of docs/architecture.md, checked by parsing every module and template.

accounts <- grants <- reviews <- decisions <- notifications; privacy, demo and bench sit on
top, config wires everything. A layer may use the layers below it, never one above: not
by an import, and not through a string that Django resolves later, which an import
checker cannot see:

- a URL name ("decisions:desk" in reviews' code or templates),
- a template tag library ({% load decisions_tags %}) or another app's template
  ({% include "decisions/_budget.html" %}, render(request, "decisions/desk.html")),
- a model named by label ("reviews.Review", apps.get_model("reviews", "Review")).

Permission names ("reviews.add_assignment" in accounts/roles.py) are not model labels and
are not checked here: roles are data about every app (see docs/architecture.md).
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LAYERS = ["accounts", "grants", "reviews", "decisions", "payments", "reports", "notifications"]
ON_TOP = {"privacy", "demo", "bench"}
# app -> apps it must never use
FORBIDDEN = {app: set(LAYERS[position + 1 :]) | ON_TOP for position, app in enumerate(LAYERS)}


# Imports --------------------------------------------------------------------------------


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


def templates_of(app: str):
    folder = ROOT / "templates" / app
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in {".html", ".txt"})


# Strings --------------------------------------------------------------------------------

URL_NAME = re.compile(r"^([a-z_]+):[A-Za-z_][\w-]*$")
MODEL_LABEL = re.compile(r"^([a-z_]+)\.[A-Z]\w*$")
TEMPLATE_PATH = re.compile(r"^([a-z_]+)/[\w/.-]+\.(?:html|txt)$")
# In templates: a quoted URL name or template path, and the libraries of {% load %}.
QUOTED = re.compile(r"""["']([a-z_]+)(?::[A-Za-z_][\w-]*|/[\w/.-]+\.(?:html|txt))["']""")
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def tag_libraries() -> dict[str, str]:
    """Template tag library name -> the app that provides it."""
    return {
        module.stem: app
        for app in [*LAYERS, *ON_TOP]
        for module in (ROOT / app / "templatetags").glob("*.py")
        if module.stem != "__init__"
    }


def apps_named_in_string(text: str) -> set[str]:
    found = set()
    for pattern in (URL_NAME, MODEL_LABEL, TEMPLATE_PATH):
        match = pattern.match(text)
        if match:
            found.add(match.group(1))
    return found


def string_references(path: Path) -> set[str]:
    """Apps a module names in strings: URL names, model labels, template paths, get_model."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found |= apps_named_in_string(node.value)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value.split(".")[0])
    return found


def template_references(path: Path, libraries: dict[str, str]) -> set[str]:
    """Apps a template names: URL names, templates it includes, tag libraries it loads."""
    text = path.read_text(encoding="utf-8")
    found = set(QUOTED.findall(text))
    for load in LOAD.findall(text):
        names = load.split(" from ")[-1].split() if " from " in load else load.split()
        found.update(libraries[name] for name in names if name in libraries)
    return found


# The tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_does_not_import_higher_layers(app):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_top_level_packages(path) & FORBIDDEN[app])
        for path in modules_of(app)
    }
    offenders = {path: names for path, names in offenders.items() if names}
    assert offenders == {}


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_does_not_name_higher_layers_in_strings(app):
    offenders = {
        str(path.relative_to(ROOT)): sorted(string_references(path) & FORBIDDEN[app])
        for path in modules_of(app)
    }
    offenders = {path: names for path, names in offenders.items() if names}
    assert offenders == {}


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_app_templates_do_not_name_higher_layers(app):
    libraries = tag_libraries()
    offenders = {
        str(path.relative_to(ROOT)): sorted(template_references(path, libraries) & FORBIDDEN[app])
        for path in templates_of(app)
    }
    offenders = {path: names for path, names in offenders.items() if names}
    assert offenders == {}


def test_every_app_with_code_is_placed_in_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(LAYERS) | ON_TOP


def test_the_checker_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from reviews.models import Review\nimport notifications.receivers\n")
    assert imported_top_level_packages(module) == {"reviews", "notifications"}


def test_the_checker_sees_upward_strings_in_a_module(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        "from django.apps import apps\n"
        "from django.shortcuts import redirect, render\n"
        "def view(request):\n"
        "    apps.get_model('notifications', 'Email')\n"
        "    Review = apps.get_model('reviews.Review')\n"
        "    owner = models.ForeignKey('privacy.Request', on_delete=models.CASCADE)\n"
        "    render(request, 'demo/page.html')\n"
        "    return redirect('decisions:desk', slug='x')\n"
    )
    assert string_references(module) == {"notifications", "reviews", "privacy", "demo", "decisions"}


def test_the_checker_ignores_strings_that_only_look_alike(tmp_path):
    module = tmp_path / "fine.py"
    module.write_text(
        "KEY = f'reviews.assignment:{pk}'\n"
        "PERMISSION = 'reviews.add_assignment'\n"
        "WORDS = 'Note: decisions are released later.'\n"
        "TIME = '10:30'\n"
    )
    assert string_references(module) == set()


def test_the_checker_sees_upward_references_in_a_template(tmp_path):
    template = tmp_path / "bad.html"
    template.write_text(
        "{% load static decisions_tags %}\n"
        "<a href=\"{% url 'decisions:desk' cycle.slug %}\">Desk</a>\n"
        '{% include "notifications/_notice.html" %}\n'
        "{% load figure from reviews_tags %}\n"
    )
    libraries = {"decisions_tags": "decisions", "reviews_tags": "reviews"}
    assert template_references(template, libraries) == {"decisions", "notifications", "reviews"}


def test_a_planted_upward_reference_fails_the_layer_check(tmp_path, monkeypatch):
    """The whole check, not only its parts: a reviews template linking to the desk fails."""
    planted = tmp_path / "templates" / "reviews"
    planted.mkdir(parents=True)
    (planted / "planted.html").write_text("<a href=\"{% url 'decisions:index' %}\">Desk</a>")
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "planted.py").write_text("NEXT = 'decisions:desk'\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)

    with pytest.raises(AssertionError):
        test_app_templates_do_not_name_higher_layers("reviews")
    with pytest.raises(AssertionError):
        test_app_does_not_name_higher_layers_in_strings("reviews")
    test_app_templates_do_not_name_higher_layers("decisions")  # decisions may link down
