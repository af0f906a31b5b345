"""One write-only worksheet with a bold frozen header, widths, autofilter and typed cells.

Every text passes the guard (cells.clean_text, cells.is_risky) and the cell limit
(cells.fit_cell: longer text ends with the visible cut marker)."""

from collections.abc import Iterable
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from decisions.exports.cells import (
    DATE,
    DATE_FORMAT,
    DATETIME,
    DATETIME_FORMAT,
    MONEY,
    SCORE,
    SCORE_FORMAT,
    Column,
    clean_text,
    excel_time,
    fit_cell,
    is_risky,
    money_format,
)
from grants.models import Cycle


class SheetWriter:
    """One write-only sheet: bold frozen header, widths, autofilter and typed cells.

    Openpyxl's write-only sheets need the view (frozen panes) and the column widths set
    before the first row; the autofilter is written when the sheet closes.
    """

    def __init__(self, workbook: Workbook, title: str, columns: list[Column], *, cycle: Cycle):
        self.ws = workbook.create_sheet(title)
        self.columns = columns
        self.tz = cycle.tz
        self.rows_written = 0
        self.ws.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = column.width
        self._styles = self._style_templates(cycle)
        self._kinds = [column.kind for column in columns]
        self._prepare_cells()
        self._write_header()

    def _style_templates(self, cycle: Cycle) -> dict[str, object]:
        """A style per kind, built once and shared by every cell of that kind (fast)."""
        formats = {
            MONEY: money_format(cycle.currency),
            SCORE: SCORE_FORMAT,
            DATE: DATE_FORMAT,
            DATETIME: DATETIME_FORMAT,
        }
        styles = {}
        for kind, number_format in formats.items():
            template = WriteOnlyCell(self.ws)
            template.number_format = number_format
            styles[kind] = template._style
        text = WriteOnlyCell(self.ws)
        text.quotePrefix = True
        styles["guarded"] = text._style
        header = WriteOnlyCell(self.ws)
        header.font = Font(bold=True)
        styles["header"] = header._style
        guarded_header = WriteOnlyCell(self.ws)
        guarded_header.font = Font(bold=True)
        guarded_header.quotePrefix = True
        styles["guarded_header"] = guarded_header._style
        return styles

    def _write_header(self) -> None:
        cells = []
        for column in self.columns:
            text = fit_cell(clean_text(column.header))
            cell = WriteOnlyCell(self.ws, text)
            cell.data_type = "s"
            cell._style = self._styles["guarded_header" if is_risky(text) else "header"]
            cells.append(cell)
        self.ws.append(cells)

    def _prepare_cells(self) -> None:
        """One typed cell and one guarded-text cell per column, refilled for every row.

        A write-only sheet writes a row the moment it is appended, so a cell object can
        carry the next row's value: this saves creating (and type-guessing) a styled cell
        for every money, score and date value, most of the export's overhead over openpyxl.
        """
        self._typed = []
        self._guarded = []
        for kind in self._kinds:
            typed = None
            if kind in (MONEY, SCORE, DATE, DATETIME):
                typed = WriteOnlyCell(self.ws)
                typed._style = self._styles[kind]
                typed.data_type = "d" if kind in (DATE, DATETIME) else "n"
            guarded = WriteOnlyCell(self.ws)
            guarded._style = self._styles["guarded"]
            guarded.data_type = "s"
            self._typed.append(typed)
            self._guarded.append(guarded)
        self._last_moment = self._last_local = None

    def _text(self, value: str, index: int):
        text = fit_cell(clean_text(value))
        if not is_risky(text):
            return text
        # openpyxl would make "=..." a formula and "#N/A" an error: store it as text.
        cell = self._guarded[index]
        cell._value = text
        return cell

    def _local(self, moment: datetime) -> datetime:
        # Rows often repeat a time (a review's criteria): convert each distinct one once.
        if moment is not self._last_moment:
            self._last_moment, self._last_local = moment, excel_time(moment, self.tz)
        return self._last_local

    def _cell(self, value, index: int):
        if value is None:
            return None
        if isinstance(value, str):
            return self._text(value, index)
        typed = self._typed[index]
        if typed is None:
            return value
        typed._value = self._local(value) if self._kinds[index] == DATETIME else value
        return typed

    def append(self, values: Iterable) -> None:
        self.ws.append([self._cell(value, index) for index, value in enumerate(values)])
        self.rows_written += 1

    def close(self, *, filter_rows: int | None = None) -> None:
        """Put the autofilter over the header and `filter_rows` rows (default: all)."""
        rows = self.rows_written if filter_rows is None else filter_rows
        last_column = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = f"A1:{last_column}{rows + 1}"
