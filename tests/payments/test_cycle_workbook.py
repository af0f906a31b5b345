"""The Awards and Payments sheets of the board's cycle workbook, read back with openpyxl."""

import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from decisions.exports import write_cycle_workbook
from tests.decisions.desk_data import HYPERLINK
from tests.payments.workbook_data import build_post_award_cycle

pytestmark = pytest.mark.django_db

MONEY = '"$"#,##0.00'
AWARD_HEADERS = [
    "Application id",
    "Grantee",
    "Title",
    "Amount requested (USD)",
    "Amount awarded (USD)",
    "State",
    "Offered at (America/New_York)",
    "Answer",
    "Answered at (America/New_York)",
    "Reason for declining",
    "Agreement signed",
    "Signed as",
    "Paid to date (USD)",
    "Outstanding (USD)",
    "Payment status",
    "Payments",
]
PAYMENT_HEADERS = [
    "Cycle",
    "Application ID",
    "Title",
    "Grantee",
    "Awarded (USD)",
    "Currency",
    "Paid on",
    "Amount (USD)",
    "Method",
    "Reference",
    "Note",
    "Recorded by",
    "Recorded at (America/New_York)",
]


@pytest.fixture
def post():
    return build_post_award_cycle()


def workbook_of(cycle, **kwargs):
    buffer = io.BytesIO()
    write_cycle_workbook(cycle, buffer, **kwargs)
    buffer.seek(0)
    return load_workbook(buffer)


def values(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_awards_sheet_has_every_award_with_its_answer_signature_and_payments(post):
    rows = values(workbook_of(post.cycle)["Awards"])

    released = datetime(2026, 3, 10, 10, 0)  # 14:00 UTC in New York (daylight time)
    assert rows[0] == AWARD_HEADERS
    # By grantee name: Ana, Eve, Fay, Gus.
    assert rows[1:] == [
        [
            post.a.pk,
            "Ana Lima",
            HYPERLINK,
            1200,
            1000,
            "Accepted",
            released,
            "Accepted",
            datetime(2026, 3, 12, 9, 0),
            None,
            True,
            "Ana Lima",
            400,
            600,
            "Partly paid",
            1,
        ],
        [
            post.e.pk,
            "Eve Next",
            "Open offer",
            500,
            450,
            "Awarded",
            datetime(2026, 3, 20, 12, 0),  # offered to the next after the release
            None,
            None,
            None,
            False,
            None,
            0,
            None,
            None,
            0,
        ],
        [
            post.f.pk,
            "Fay Gone",
            "=Declined",
            300,
            300,
            "Award declined",
            released,
            "Declined",
            datetime(2026, 3, 15, 10, 0),
            "=Moved away",
            False,
            None,
            0,
            None,
            None,
            0,
        ],
        [
            post.g.pk,
            "Gus Late",
            "Rescinded",
            250,
            250,
            "Rescinded",
            released,
            None,
            None,
            None,
            False,
            None,
            0,
            None,
            None,
            0,
        ],
    ]


def test_awards_sheet_cells_are_typed(post):
    ws = workbook_of(post.cycle)["Awards"]

    for column in "DEMN":
        assert ws[f"{column}2"].data_type == "n", column
        assert ws[f"{column}2"].number_format == MONEY, column
    assert ws["G2"].is_date and ws["G2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["I2"].is_date
    assert ws["K2"].data_type == "b"
    assert ws["P2"].data_type == "n"
    # Formula-like text stays text: the title and the reason for declining.
    for cell in ("C4", "J4"):
        assert (ws[cell].data_type, ws[cell].quotePrefix) == ("s", True), cell
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:P5"


def test_payments_sheet_has_the_columns_of_the_treasurers_download(post):
    ws = workbook_of(post.cycle)["Payments"]

    assert values(ws) == [
        PAYMENT_HEADERS,
        [
            "Spring 2026",
            post.a.pk,
            HYPERLINK,
            "Ana Lima",
            1000,
            "USD",
            datetime(2026, 4, 1),
            400,
            "Check",
            "+1042",
            "@first instalment",
            "Tess Treasurer",
            datetime(2026, 4, 1, 14, 30),  # 18:30 UTC in New York
        ],
    ]
    assert ws["E2"].number_format == MONEY
    assert ws["H2"].number_format == MONEY
    assert ws["G2"].is_date and ws["G2"].number_format == "yyyy-mm-dd"
    assert ws["M2"].number_format == "yyyy-mm-dd hh:mm"
    for cell in ("C2", "J2", "K2"):
        assert (ws[cell].data_type, ws[cell].quotePrefix) == ("s", True), cell


def test_a_payment_of_another_cycle_is_not_in_the_sheet(post):
    from tests.payments.conftest import make_accepted_award

    make_accepted_award()  # another cycle, no payment yet
    rows = values(workbook_of(post.cycle)["Payments"])

    assert [row[1] for row in rows[1:]] == [post.a.pk]


def test_conflicts_leave_the_money_sheets_whole(post):
    """Awards and payments hold no review details: a conflicted member sees them all."""
    hidden = frozenset({post.a.pk, post.f.pk})
    workbook = workbook_of(post.cycle, hidden=hidden)

    assert workbook["Awards"].max_row == 5
    assert workbook["Payments"]["B2"].value == post.a.pk
    assert {row[0] for row in workbook["Reviews"].iter_rows(min_row=2, values_only=True)} == {
        post.known.b.pk
    }


def test_the_desk_download_has_the_new_sheets(client, post):
    client.force_login(post.known.board)

    response = client.get(reverse("decisions:export_xlsx", args=[post.cycle.slug]))

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames[5:] == ["Awards", "Payments", "Reports"]
    assert workbook["Awards"]["O2"].value == "Partly paid"


def test_paid_on_is_a_date_not_a_moment(post):
    ws = workbook_of(post.cycle)["Payments"]
    assert ws["G2"].value.date() == date(2026, 4, 1)
    assert (ws["G2"].value.hour, ws["G2"].value.minute) == (0, 0)
