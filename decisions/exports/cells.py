"""Cell values for spreadsheets and CSV: column kinds, number formats, the injection guard.

Every text value passes the guard (`clean_text`, `is_risky`): characters a spreadsheet
cannot hold are removed, and text that a spreadsheet program could run as a formula (it
begins with = + - @ tab CR LF, or is an error code such as #N/A) is stored as text with a
quote prefix, so opening, editing or re-saving the file never turns a title into a formula.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

# Text a spreadsheet may read as a formula when it starts with one of these (OWASP CSV
# injection; ASVS 5.0 1.2.10).
RISKY_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r", "\n")

# Column kinds: how a value is stored and shown. NUMBER is any number in the General
# format (a count or hours, 45.5); DATE a calendar date, DATETIME a moment.
TEXT, INTEGER, NUMBER, MONEY, SCORE, DATE, DATETIME, BOOLEAN = (
    "text",
    "integer",
    "number",
    "money",
    "score",
    "date",
    "datetime",
    "boolean",
)
SCORE_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# A spreadsheet cell holds at most 32,767 characters (counted in UTF-16 units, as Excel
# does); longer text is cut so that it ends with this marker, never silently.
CELL_LIMIT = 32767
CUT_MARKER = "[cut: full text in the CSV and the app]"
CUT_SUFFIX = " … " + CUT_MARKER
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"}


def money_format(currency: str) -> str:
    """A number format showing the cycle's currency: "$"#,##0.00 or #,##0.00" CHF"."""
    symbol = CURRENCY_SYMBOLS.get(currency)
    if symbol:
        return f'"{symbol}"#,##0.00'
    return f'#,##0.00" {currency}"'


# The injection guard ------------------------------------------------------------------


def clean_text(value: str) -> str:
    """Remove the control characters a workbook cannot hold (they would crash openpyxl)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fit_cell(text: str) -> str:
    """Text as a cell can hold it: unchanged when it fits, else cut to end with CUT_MARKER
    (and at most CELL_LIMIT UTF-16 units in all, so Excel and LibreOffice keep the marker)."""
    if len(text) <= CELL_LIMIT // 2 or _utf16_length(text) <= CELL_LIMIT:
        return text
    room = (CELL_LIMIT - _utf16_length(CUT_SUFFIX)) * 2
    # Cut on UTF-16 units; a character split in half (an emoji) is dropped whole.
    kept = text.encode("utf-16-le")[:room].decode("utf-16-le", errors="ignore")
    return kept + CUT_SUFFIX


def is_risky(text: str) -> bool:
    """Would a spreadsheet program treat this text as a formula or an error value?"""
    return text.startswith(RISKY_FIRST_CHARACTERS) or text in ERROR_CODES


def safe_csv_text(value: str) -> str:
    """CSV has no types: a leading single quote keeps risky text from being run."""
    text = clean_text(value)
    return "'" + text if is_risky(text) else text


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: float = 14


def excel_time(moment: datetime, tz) -> datetime:
    """Spreadsheets have no time zones: the local wall time in the cycle's zone, naive."""
    if timezone.is_naive(moment):
        return moment
    return moment.astimezone(tz).replace(tzinfo=None)
