"""The "Reports" sheet of the board's cycle workbook (decisions.exports), registered from
ReportsConfig.ready() through decisions.exports.registry.

One row per grant report of the cycle (impact.report_rows, a fixed number of queries):
dates as dates, the submission and acceptance as times in the cycle's zone, the summed
impact measures as numbers and the counted ones (a course completed) as TRUE/FALSE. Reports
hold no review details, so a board member's conflicts (`hidden`) leave the sheet whole.
"""

from collections.abc import Iterator

from decisions.exports.cells import BOOLEAN, DATE, DATETIME, INTEGER, NUMBER, TEXT, Column
from decisions.exports.registry import register_sheet
from grants.models import Cycle
from reports.impact import REPORT_COLUMNS, report_rows
from reports.models import COUNTED_MEASURES
from reports.queries import IMPACT_MEASURES

# How each of REPORT_COLUMNS is stored: (kind, width); the measures follow the dates.
_LEADING = [
    (INTEGER, 12),  # Application id
    (TEXT, 24),  # Grantee
    (TEXT, 36),  # Application
    (TEXT, 28),  # Report
    (TEXT, 16),  # Kind
    (TEXT, 18),  # State
    (DATE, 12),  # Due on
    (DATETIME, 20),  # Submitted at
    (DATETIME, 20),  # Accepted at
]


def report_columns(cycle: Cycle) -> list[Column]:
    kinds = [
        *_LEADING,
        *((BOOLEAN if m in COUNTED_MEASURES else NUMBER, 16) for m in IMPACT_MEASURES),
    ]
    columns = []
    for header, (kind, width) in zip(REPORT_COLUMNS, kinds, strict=True):
        zone = f" ({cycle.time_zone})" if kind == DATETIME else ""
        columns.append(Column(header + zone, kind, width))
    return columns


def report_sheet_rows(cycle: Cycle, hidden: frozenset[int] = frozenset()) -> Iterator[list]:
    yield from report_rows(cycle)


def register() -> None:
    register_sheet("Reports", order=30, columns=report_columns, rows=report_sheet_rows)
