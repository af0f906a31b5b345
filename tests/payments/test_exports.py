"""The payments downloads: one row per payment, money as numbers, formulas kept as text."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from payments import services
from payments.models import Method
from tests.payments.conftest import make_accepted_award

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(treasurer):
    award = make_accepted_award(title='=HYPERLINK("http://x.example","click")')
    services.record_payment(
        award,
        by=treasurer,
        amount=Decimal("250.50"),
        paid_on=timezone.localdate(),
        method=Method.CHECK,
        reference="+1042",
        note="@SUM(A1)",
    )
    return award


def test_the_csv_has_one_row_per_payment_with_risky_text_quoted(client, treasurer, paid):
    client.force_login(treasurer)

    response = client.get(reverse("payments:export_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="payments-')
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[:8] == [
        "Cycle",
        "Application ID",
        "Title",
        "Grantee",
        "Awarded",
        "Currency",
        "Paid on",
        "Amount",
    ]
    values = dict(zip(header, row, strict=True))
    assert values["Title"] == '\'=HYPERLINK("http://x.example","click")'
    assert values["Reference"] == "'+1042"
    assert values["Note"] == "'@SUM(A1)"
    assert (values["Awarded"], values["Amount"], values["Method"]) == ("1000.00", "250.50", "Check")
    assert values["Paid on"] == timezone.localdate().isoformat()


def test_the_csv_filters_by_cycle(client, treasurer, paid):
    other = make_accepted_award(title="Other cycle")
    services.record_payment(
        other,
        by=treasurer,
        amount=Decimal("1.00"),
        paid_on=timezone.localdate(),
        method=Method.OTHER,
        reference="",
        note="",
    )
    client.force_login(treasurer)

    response = client.get(reverse("payments:export_csv"), {"cycle": other.cycle.slug})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[2] for row in rows[1:]] == ["Other cycle"]


def test_the_workbook_keeps_money_as_numbers_and_formulas_as_text(client, treasurer, paid):
    client.force_login(treasurer)

    response = client.get(reverse("payments:export_xlsx"))

    sheet = load_workbook(io.BytesIO(response.content))["Payments"]
    header, row = [[cell.value for cell in line] for line in sheet.iter_rows()]
    values = dict(zip(header, row, strict=True))
    assert values["Amount"] == 250.5
    assert values["Awarded"] == 1000
    cells = dict(zip(header, next(sheet.iter_rows(min_row=2)), strict=True))
    assert cells["Title"].data_type == "s"
    assert cells["Title"].value == '=HYPERLINK("http://x.example","click")'
    assert cells["Title"].quotePrefix is True
    assert cells["Amount"].number_format == "#,##0.00"
