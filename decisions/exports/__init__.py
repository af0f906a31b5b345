"""A cycle's record as a spreadsheet (.xlsx) and its Decisions sheet as CSV.

`write_cycle_workbook(cycle, fileobj)` is the one function the desk's download button and
`manage.py export_cycle` both call. cells.py holds the value rules and the injection
guard, sheets.py the write-only sheet, rows.py each sheet's rows, workbook.py and
csv_export.py the two entry points. docs/exports.md lists every column.
"""

from decisions.exports.csv_export import write_decisions_csv
from decisions.exports.workbook import export_filename, write_cycle_workbook

__all__ = ["export_filename", "write_cycle_workbook", "write_decisions_csv"]
