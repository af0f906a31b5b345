"""manage.py export_cycle writes the same workbook and CSV as the desk's buttons."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.decisions.desk_data import HYPERLINK, build_known_cycle

pytestmark = pytest.mark.django_db


def test_export_cycle_by_slug_writes_workbook_and_csv(tmp_path):
    known = build_known_cycle()
    xlsx, csv_path = tmp_path / "spring.xlsx", tmp_path / "spring.csv"
    out = io.StringIO()

    call_command("export_cycle", "spring-2026", output=str(xlsx), csv=str(csv_path), stdout=out)

    workbook = load_workbook(xlsx)
    assert workbook.sheetnames == [
        "Decisions",
        "Reviews",
        "Criteria",
        "Reviewers",
        "Budget",
        "Awards",
        "Payments",
        "Reports",
    ]
    assert workbook["Decisions"]["E2"].value == HYPERLINK
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbfApplication id,")
    assert out.getvalue() == (f"Wrote {xlsx} for Spring 2026 (spring-2026).\nWrote {csv_path}.\n")
    assert known.cycle.slug == "spring-2026"


def test_export_cycle_by_id(tmp_path):
    known = build_known_cycle()
    xlsx = tmp_path / "by-id.xlsx"

    call_command("export_cycle", str(known.cycle.pk), "--output", str(xlsx), stdout=io.StringIO())

    assert load_workbook(xlsx)["Decisions"].max_row == 5


def test_export_cycle_names_the_known_cycles_when_not_found(tmp_path):
    build_known_cycle()

    with pytest.raises(CommandError) as error:
        call_command("export_cycle", "autumn", output=str(tmp_path / "x.xlsx"))

    assert str(error.value) == "No cycle has the slug or id 'autumn'. Known cycles: spring-2026."


def test_export_cycle_refuses_a_missing_folder(tmp_path):
    build_known_cycle()

    with pytest.raises(CommandError) as error:
        call_command("export_cycle", "spring-2026", output=str(tmp_path / "nope" / "x.xlsx"))

    assert "does not exist; create it first." in str(error.value)
