"""The payments as CSV and as a workbook (openpyxl, write-only), one row per payment.

The same columns and values (`payment_values`) make the "Payments" sheet of the board's
cycle workbook (payments/cycle_sheets.py).

Text passes the same guard as the cycle export (decisions.exports): characters a
spreadsheet cannot hold are removed, and text a spreadsheet could run as a formula is
kept as text (a quote prefix in the CSV, a quoted text cell in the workbook). Payee
details (legal name, postal address) are not in the downloads: they stay on the pages
the treasurer and staff open.
"""

import csv
from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from decisions.exports.cells import clean_text, fit_cell, is_risky, safe_csv_text

HEADERS = [
    "Cycle",
    "Application ID",
    "Title",
    "Grantee",
    "Awarded",
    "Currency",
    "Paid on",
    "Amount",
    "Method",
    "Reference",
    "Note",
    "Recorded by",
    "Recorded at",
]
MONEY_FORMAT = "#,##0.00"


def payment_values(payment) -> list:
    """One payment's values in HEADERS' order; "Recorded at" as the aware moment."""
    app = payment.application
    return [
        app.cycle.title,
        app.pk,
        str(app),
        app.applicant.get_full_name(),
        app.awarded_amount,
        app.cycle.currency,
        payment.paid_on,
        payment.amount,
        payment.get_method_display(),
        payment.reference,
        payment.note,
        payment.recorded_by.get_full_name(),
        payment.recorded_at,
    ]


def _values(payment) -> list:
    """payment_values with "Recorded at" in the server's zone, as the downloads show it."""
    values = payment_values(payment)
    values[-1] = timezone.localtime(values[-1]).replace(tzinfo=None, microsecond=0)
    return values


def write_payments_csv(payments: Iterable, fileobj) -> None:
    writer = csv.writer(fileobj)
    writer.writerow(HEADERS)
    for payment in payments:
        writer.writerow(
            [
                safe_csv_text(value) if isinstance(value, str) else _plain(value)
                for value in _values(payment)
            ]
        )


def _plain(value) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return "" if value is None else str(value)


def write_payments_workbook(payments: Iterable, fileobj) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Payments")
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    money_columns = {HEADERS.index("Awarded"), HEADERS.index("Amount")}
    for payment in payments:
        row = []
        for index, value in enumerate(_values(payment)):
            if isinstance(value, str):
                row.append(_text_cell(sheet, value))
            elif index in money_columns:
                cell = WriteOnlyCell(sheet, value)
                cell.number_format = MONEY_FORMAT
                row.append(cell)
            else:
                row.append(value)
        sheet.append(row)
    workbook.save(fileobj)


def _text_cell(sheet, value: str):
    text = fit_cell(clean_text(value))
    if not is_risky(text):
        return text
    cell = WriteOnlyCell(sheet)
    cell._value = text
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def filename(cycle, extension: str) -> str:
    stem = f"payments-{cycle.slug}" if cycle is not None else "payments"
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"
