"""The cycle workbook and the Decisions CSV, read back as a person's spreadsheet would."""

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from decisions.exports import write_cycle_workbook, write_decisions_csv
from tests.decisions.desk_data import HYPERLINK, build_known_cycle

pytestmark = pytest.mark.django_db

DECISION_HEADERS = [
    "Application id",
    "Applicant name",
    "Applicant email",
    "Purpose",
    "Title",
    "Amount requested (USD)",
    "Amount awarded (USD)",
    "State",
    "Decision note",
    "Decided by",
    "Decided at (America/New_York)",
    "Score (0-100)",
    "Normalised score (0-100)",
    "Rank",
    "Reviews",
    "Flagged",
]
# The workbook's Decisions sheet ends with the recommendation counts (not in the CSV).
RECOMMENDATION_HEADERS = [
    "Recommended: Fund",
    "Recommended: Fund with changes",
    "Recommended: Do not fund",
]
SHEET_HEADERS = DECISION_HEADERS + RECOMMENDATION_HEADERS
SHEETS = [
    "Decisions",
    "Reviews",
    "Criteria",
    "Reviewers",
    "Budget",
    "Awards",
    "Payments",
    "Reports",
]


@pytest.fixture
def known():
    return build_known_cycle()


@pytest.fixture
def workbook(known):
    buffer = io.BytesIO()
    write_cycle_workbook(known.cycle, buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def values(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_workbook_has_its_five_sheets_then_the_registered_ones_in_order(workbook):
    assert workbook.sheetnames == SHEETS


def test_decisions_sheet_has_exact_rows_best_ranked_first(workbook, known):
    rows = values(workbook["Decisions"])

    assert rows[0] == SHEET_HEADERS
    assert [row[:16] for row in rows[1:]] == [
        [
            known.a.pk,
            "Ana Lima",
            "ana@example.org",
            "Professional development",
            HYPERLINK,
            1200,
            1000,
            "Awarded",
            "=cmd|' /C calc'!A0",
            "Robin Chair",
            datetime(2026, 3, 5, 10, 30),
            81.25,
            82.26,
            1,
            2,
            False,
        ],
        [
            known.b.pk,
            "Ben Ode",
            "ben@example.org",
            "Professional development",
            "+1+1",
            800,
            None,
            "Reviewed",
            None,
            None,
            None,
            43.75,
            42.74,
            2,
            2,
            False,
        ],
        [
            known.c.pk,
            "Cleo Park",
            "cleo@example.org",
            "Community service",
            "@SUM(A1)",
            500,
            None,
            "Under review",
            None,
            None,
            None,
            None,
            None,
            None,
            0,
            False,
        ],
        [
            known.d.pk,
            "Dee Ray",
            "dee@example.org",
            "Professional development",
            "-2",
            300,
            None,
            "Withdrawn",
            None,
            None,
            None,
            None,
            None,
            None,
            0,
            False,
        ],
    ]


def test_decisions_cells_have_real_types_and_formats(workbook):
    ws = workbook["Decisions"]

    assert ws["A2"].data_type == "n"
    assert ws["F2"].data_type == "n"
    assert ws["F2"].number_format == '"$"#,##0.00'
    assert ws["G2"].number_format == '"$"#,##0.00'
    assert ws["K2"].is_date
    assert ws["K2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["L2"].data_type == "n"
    assert ws["L2"].number_format == "0.00"
    assert ws["M2"].number_format == "0.00"
    assert ws["N2"].data_type == "n"
    assert ws["P2"].data_type == "b"


def test_header_rows_are_bold_frozen_and_filtered(workbook):
    for name in workbook.sheetnames:
        ws = workbook[name]
        assert ws.freeze_panes == "A2", name
        assert all(cell.font.b for cell in ws[1] if cell.value is not None), name
    assert workbook["Decisions"].auto_filter.ref == "A1:S5"
    assert workbook["Reviews"].auto_filter.ref == "A1:I9"
    assert workbook["Criteria"].auto_filter.ref == "A1:D4"
    assert workbook["Reviewers"].auto_filter.ref == "A1:F4"
    assert workbook["Budget"].auto_filter.ref == "A1:D13"


def test_columns_have_sensible_widths(workbook):
    ws = workbook["Decisions"]
    assert ws.column_dimensions["A"].width == 12
    assert ws.column_dimensions["E"].width == 40
    assert ws.column_dimensions["K"].width == 20


@pytest.mark.parametrize(
    "cell, text",
    [
        ("E2", HYPERLINK),
        ("E3", "+1+1"),
        ("E4", "@SUM(A1)"),
        ("E5", "-2"),
        ("I2", "=cmd|' /C calc'!A0"),
    ],
)
def test_formula_like_text_is_stored_as_quoted_text(workbook, cell, text):
    stored = workbook["Decisions"][cell]

    assert stored.value == text
    assert stored.data_type == "s"
    assert stored.quotePrefix is True


def test_plain_text_has_no_quote_prefix(workbook):
    assert workbook["Decisions"]["B3"].quotePrefix is False


def test_illegal_control_characters_are_removed(workbook):
    assert workbook["Decisions"]["B2"].value == "Ana Lima"


def test_error_code_text_is_stored_as_text(known):
    known.b.title = "#N/A"
    known.b.save()
    buffer = io.BytesIO()
    write_cycle_workbook(known.cycle, buffer)
    buffer.seek(0)

    cell = load_workbook(buffer)["Decisions"]["E3"]

    assert (cell.value, cell.data_type) == ("#N/A", "s")


def test_reviews_sheet_has_one_row_per_review_and_criterion(workbook, known):
    rows = values(workbook["Reviews"])
    submitted = datetime(2026, 2, 20, 9, 0)

    assert rows[0] == [
        "Application id",
        "Reviewer",
        "Criterion",
        "Score",
        "N/A",
        "Comment",
        "Submitted at (America/New_York)",
        "Recommendation",
        "Overall comment",
    ]
    overall = "A clear, realistic plan."  # the factory's; no recommendation given
    assert rows[1:] == [
        [known.a.pk, "Kim Reviewer", "Plan", 5, False, "Clear plan", submitted, None, overall],
        [
            known.a.pk,
            "Kim Reviewer",
            "Community benefit",
            4,
            False,
            "Clear plan",
            submitted,
            None,
            overall,
        ],
        [known.a.pk, "Lee Reviewer", "Plan", 4, False, None, submitted, None, overall],
        [
            known.a.pk,
            "Lee Reviewer",
            "Community benefit",
            4,
            False,
            None,
            submitted,
            None,
            overall,
        ],
        [known.b.pk, "Kim Reviewer", "Plan", 2, False, "=1+2", submitted, None, overall],
        [
            known.b.pk,
            "Kim Reviewer",
            "Community benefit",
            3,
            False,
            "=1+2",
            submitted,
            None,
            overall,
        ],
        [known.b.pk, "Lee Reviewer", "Plan", 3, False, None, submitted, None, overall],
        [
            known.b.pk,
            "Lee Reviewer",
            "Community benefit",
            3,
            False,
            None,
            submitted,
            None,
            overall,
        ],
    ]
    assert workbook["Reviews"]["F6"].data_type == "s"
    assert workbook["Reviews"]["G2"].number_format == "yyyy-mm-dd hh:mm"


def test_criteria_sheet_has_each_criterion_mean_per_application(workbook, known):
    rows = values(workbook["Criteria"])

    assert rows == [
        ["Application id", "Title", "Plan (1-5)", "Community benefit (1-5)"],
        [known.a.pk, HYPERLINK, 4.5, 4],
        [known.b.pk, "+1+1", 2.5, 3],
        [known.c.pk, "@SUM(A1)", None, None],
    ]
    assert workbook["Criteria"]["C2"].number_format == "0.00"


def test_reviewers_sheet_counts_assignments_per_reviewer(workbook):
    assert values(workbook["Reviewers"]) == [
        ["Reviewer", "Email", "Assigned", "Submitted", "Conflicts", "Overdue"],
        ["Kim Reviewer", "kim@example.org", 3, 2, 0, 1],
        ["Lee Reviewer", "lee@example.org", 2, 2, 0, 0],
        ["Max Conflict", "max@example.org", 1, 0, 1, 0],
    ]


def test_budget_sheet_has_totals_per_state_and_what_remains(workbook):
    ws = workbook["Budget"]

    assert values(ws) == [
        ["State", "Applications", "Amount requested (USD)", "Amount awarded (USD)"],
        ["Submitted", 0, 0, 0],
        ["Under review", 1, 500, 0],
        ["Reviewed", 1, 800, 0],
        ["Awarded", 1, 1200, 1000],
        ["Declined", 0, 0, 0],
        ["Waitlisted", 0, 0, 0],
        ["Withdrawn", 1, 300, 0],
        ["Accepted", 0, 0, 0],
        ["Award declined", 0, 0, 0],
        ["Rescinded", 0, 0, 0],
        ["Closed", 0, 0, 0],
        ["All applications", 4, 2800, 1000],
        [None, None, None, None],
        ["Cycle budget", None, None, 10000],
        ["Awarded", None, None, 1000],
        ["Remaining budget", None, None, 9000],
        ["Waitlisted (requested)", None, 0, None],
    ]
    assert ws["D16"].number_format == '"$"#,##0.00'


def test_a_cycle_in_euros_uses_the_euro_format(known):
    known.cycle.currency = "EUR"
    known.cycle.save()
    buffer = io.BytesIO()
    write_cycle_workbook(known.cycle, buffer)
    buffer.seek(0)

    ws = load_workbook(buffer)["Decisions"]

    assert ws["F1"].value == "Amount requested (EUR)"
    assert ws["F2"].number_format == '"€"#,##0.00'


def test_an_empty_cycle_still_exports_headers(db):
    from tests.factories import CycleFactory

    buffer = io.BytesIO()
    write_cycle_workbook(CycleFactory(), buffer)
    buffer.seek(0)
    workbook = load_workbook(buffer)

    assert values(workbook["Decisions"]) == [SHEET_HEADERS]
    assert values(workbook["Criteria"]) == [["Application id", "Title"]]
    assert workbook["Decisions"].auto_filter.ref == "A1:S1"
    for name in SHEETS[5:]:
        assert workbook[name].max_row == 1, name


def csv_rows(known):
    buffer = io.BytesIO()
    write_decisions_csv(known.cycle, buffer)
    return buffer.getvalue()


def test_csv_starts_with_a_bom_and_has_the_decisions_columns(known):
    data = csv_rows(known)

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == DECISION_HEADERS
    assert rows[1] == [
        str(known.a.pk),
        "Ana Lima",
        "ana@example.org",
        "Professional development",
        "'" + HYPERLINK,
        "1200.00",
        "1000.00",
        "Awarded",
        "'=cmd|' /C calc'!A0",
        "Robin Chair",
        "2026-03-05 10:30",
        "81.25",
        "82.26",
        "1",
        "2",
        "no",
    ]
    assert [row[4] for row in rows[2:]] == ["'+1+1", "'@SUM(A1)", "'-2"]
    assert rows[3][11:15] == ["", "", "", "0"]
    assert len(rows) == 5


def test_csv_keeps_accents_and_guards_tabs_and_newlines(known):
    known.b.title = "\tCours de massage — oncologie"
    known.b.save()
    known.c.title = "\nNew line first"
    known.c.save()

    rows = list(csv.reader(io.StringIO(csv_rows(known).decode("utf-8-sig"))))

    assert rows[2][4] == "'\tCours de massage — oncologie"
    assert rows[3][4] == "'\nNew line first"


def test_reviews_are_read_in_batches_not_all_at_once(known, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from decisions.exports import rows as exports

    whole = list(exports.review_rows(known.cycle))
    monkeypatch.setattr(exports, "REVIEW_BATCH", 1)

    with CaptureQueriesContext(connection) as queries:
        batched = list(exports.review_rows(known.cycle))

    assert batched == whole
    assert len(whole) == 8
    # The criteria, the reviews (streamed), then one query per batch of reviews' scores.
    assert len(queries) == 1 + 1 + 4
