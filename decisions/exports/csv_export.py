"""The Decisions sheet as CSV: UTF-8 with a BOM, one header row, the same injection guard."""

import csv
import io
from decimal import Decimal

from decisions.exports.cells import BOOLEAN, DATETIME, excel_time, safe_csv_text
from decisions.exports.rows import decision_columns, decision_rows
from grants.models import Cycle


def csv_value(value, kind: str, tz) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_csv_text(value)
    if kind == DATETIME:
        return excel_time(value, tz).strftime("%Y-%m-%d %H:%M")
    if kind == BOOLEAN:
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def write_decisions_csv(cycle: Cycle, fileobj, *, hidden: frozenset[int] = frozenset()) -> None:
    """The Decisions sheet as CSV: UTF-8 with a BOM (so Excel reads the accents), one
    header row, the same injection guard (a leading single quote). `fileobj` is binary."""
    columns = decision_columns(cycle)
    kinds = [column.kind for column in columns]
    text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow([safe_csv_text(column.header) for column in columns])
        for row in decision_rows(cycle, hidden=hidden):
            writer.writerow([csv_value(v, k, cycle.tz) for v, k in zip(row, kinds, strict=True)])
        text.flush()
    finally:
        text.detach()
