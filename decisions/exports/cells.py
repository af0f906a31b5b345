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

# Column kinds: how a value is stored and shown.
TEXT, INTEGER, MONEY, SCORE, DATETIME, BOOLEAN = (
    "text",
    "integer",
    "money",
    "score",
    "datetime",
    "boolean",
)
SCORE_FORMAT = "0.00"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
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
