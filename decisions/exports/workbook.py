"""A cycle's record as a spreadsheet (.xlsx): its five sheets, then the registered ones.

`write_cycle_workbook(cycle, fileobj)` is the one function the desk's download button and
`manage.py export_cycle` both call. The workbook is written by openpyxl in write-only mode
(rows stream to the file; lxml makes it fast) with real types: numbers as numbers, money
with a currency number format, times as spreadsheet dates in the cycle's time zone.

Apps above decisions add sheets through decisions.exports.registry (register_sheet in
their AppConfig.ready()); they are written after the five, in (order, name) order.
docs/exports.md lists every column.
"""

from django.utils import timezone
from openpyxl import Workbook

from decisions.budget import budget_summary
from decisions.exports import rows
from decisions.exports.cells import INTEGER, MONEY, TEXT, Column
from decisions.exports.registry import registered_sheets
from decisions.exports.sheets import SheetWriter
from grants.models import Cycle


def budget_columns(cycle: Cycle) -> list[Column]:
    money = f" ({cycle.currency})"
    return [
        Column("State", TEXT, 22),
        Column("Applications", INTEGER, 14),
        Column("Amount requested" + money, MONEY, 20),
        Column("Amount awarded" + money, MONEY, 20),
    ]


def write_budget(sheet: SheetWriter, cycle: Cycle) -> None:
    """Totals per state, a total row, then the budget, what is awarded and what is left."""
    summary = budget_summary(cycle)
    for row in summary.by_state:
        sheet.append((row.label, row.count, row.requested, row.awarded))
    sheet.append(("All applications", summary.count, summary.requested_total, summary.awarded))
    states_and_total = sheet.rows_written
    sheet.append((None, None, None, None))
    sheet.append(("Cycle budget", None, None, summary.total))
    sheet.append(("Awarded", None, None, summary.awarded))
    sheet.append(("Remaining budget", None, None, summary.remaining))
    sheet.append(("Waitlisted (requested)", None, summary.waitlisted, None))
    sheet.close(filter_rows=states_and_total)


# The two entry points -------------------------------------------------------------------


def write_cycle_workbook(cycle: Cycle, fileobj, *, hidden: frozenset[int] = frozenset()) -> None:
    """Write the cycle's workbook (.xlsx) to a binary file object or a path.

    `hidden`: applications whose review details are left out (the downloader's conflicts).
    """
    workbook = Workbook(write_only=True)
    workbook.properties.title = f"{cycle.title}: the board's record"
    workbook.properties.creator = "S4OM Grants"
    ranking = rows.visible_ranking(cycle, hidden)

    columns = [*rows.decision_columns(cycle), *rows.recommendation_columns()]
    sheet = SheetWriter(workbook, "Decisions", columns, cycle=cycle)
    for row in rows.decision_sheet_rows(cycle, ranking, hidden=hidden):
        sheet.append(row)
    sheet.close()

    criteria = rows.cycle_criteria(cycle)
    sheet = SheetWriter(workbook, "Reviews", rows.review_columns(cycle), cycle=cycle)
    for row in rows.review_rows(cycle, criteria, hidden=hidden):
        sheet.append(row)
    sheet.close()

    sheet = SheetWriter(workbook, "Criteria", rows.criteria_columns(criteria), cycle=cycle)
    for row in rows.criteria_rows(cycle, ranking, criteria, hidden=hidden):
        sheet.append(row)
    sheet.close()

    sheet = SheetWriter(workbook, "Reviewers", rows.REVIEWER_COLUMNS, cycle=cycle)
    for row in rows.reviewer_rows(cycle):
        sheet.append(row)
    sheet.close()

    write_budget(SheetWriter(workbook, "Budget", budget_columns(cycle), cycle=cycle), cycle)

    for registered in registered_sheets():
        sheet = SheetWriter(workbook, registered.name, registered.columns(cycle), cycle=cycle)
        for row in registered.rows(cycle, hidden):
            sheet.append(row)
        sheet.close()
    workbook.save(fileobj)


def export_filename(cycle: Cycle, extension: str) -> str:
    stamp = timezone.localtime(timezone.now(), cycle.tz).strftime("%Y-%m-%d")
    return f"{cycle.slug}-decisions-{stamp}.{extension}"
