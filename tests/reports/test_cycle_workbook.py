"""The Reports sheet of the board's cycle workbook, read back with openpyxl."""

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from decisions.exports import write_cycle_workbook
from tests.decisions.desk_data import HYPERLINK
from tests.payments.workbook_data import build_post_award_cycle

pytestmark = pytest.mark.django_db

REPORT_HEADERS = [
    "Application id",
    "Grantee",
    "Application",
    "Report",
    "Kind",
    "State",
    "Due on",
    "Submitted at (America/New_York)",
    "Accepted at (America/New_York)",
    "People served",
    "Sessions given",
    "Hours of oncology massage",
    "Course or certification completed",
]


@pytest.fixture
def reports_sheet():
    post = build_post_award_cycle()
    buffer = io.BytesIO()
    write_cycle_workbook(post.cycle, buffer)
    buffer.seek(0)
    return post, load_workbook(buffer)["Reports"]


def test_reports_sheet_has_each_report_with_its_impact_measures(reports_sheet):
    post, ws = reports_sheet

    assert [list(row) for row in ws.iter_rows(values_only=True)] == [
        REPORT_HEADERS,
        [
            post.a.pk,
            "Ana Lima",
            HYPERLINK,
            "Final report",
            "Final report",
            "Accepted",
            datetime(2026, 9, 30),
            datetime(2026, 9, 1, 8, 0),  # 12:00 UTC in New York
            datetime(2026, 9, 3, 8, 0),
            30,
            40,
            45.5,
            True,
        ],
    ]


def test_reports_sheet_cells_are_typed(reports_sheet):
    _, ws = reports_sheet

    assert ws["A2"].data_type == "n"
    assert ws["G2"].is_date and ws["G2"].number_format == "yyyy-mm-dd"
    assert ws["H2"].is_date and ws["H2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["I2"].number_format == "yyyy-mm-dd hh:mm"
    for column in "JKL":
        assert ws[f"{column}2"].data_type == "n", column
        assert ws[f"{column}2"].number_format == "General", column
    assert ws["M2"].data_type == "b"
    assert (ws["C2"].data_type, ws["C2"].quotePrefix) == ("s", True)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:M2"
    assert all(cell.font.b for cell in ws[1])
