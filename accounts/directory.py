"""Reading the society's directory export (CSV): one practitioner per row, by listing id
or email. Pure parsing and matching; accounts.services does the writing.

Accepted shapes:
- a header row naming an "email" column and/or a "listing" column ("listing id",
  "listing_id", "id" also work); other columns are ignored;
- no header: the first cell of each row is a listing id or an email (it has an "@").
Blank lines are skipped. Every other problem is reported with its line number.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MAX_BYTES = 2 * 1024 * 1024
EMAIL_HEADERS = {"email", "e-mail", "email address"}
LISTING_HEADERS = {"listing", "listing id", "listing_id", "listingid", "id", "member id"}
LISTING_ID = re.compile(r"^[\w.\-]{1,100}$")


@dataclass(frozen=True)
class Problem:
    line: int  # 0 when it is about the whole file
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class Row:
    line: int
    email: str = ""
    listing: str = ""


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def listing_key(value: str) -> str:
    """A listing id or a listing's web address reduced to its id, for comparing.

    "PP-1042", " pp-1042 " and "https://s4om.org/directory/PP-1042/" all give "pp-1042".
    """
    text = (value or "").strip().lower().split("#")[0].rstrip("/")
    for separator in ("/", "=", "?"):
        text = text.rsplit(separator, 1)[-1]
    return text.strip()


def decode(data: bytes) -> tuple[str, list[Problem]]:
    if len(data) > MAX_BYTES:
        return "", [Problem(0, "The file is larger than 2 MB. Split it into smaller files.")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return "", [
            Problem(
                0,
                "The file is not UTF-8 text. Save it again as “CSV UTF-8” and upload it again.",
            )
        ]


def _columns(first: list[str]) -> tuple[int | None, int | None] | None:
    """The email and listing column positions when the first row is a header, else None."""
    names = [cell.strip().lower() for cell in first]
    email = next((i for i, name in enumerate(names) if name in EMAIL_HEADERS), None)
    listing = next((i for i, name in enumerate(names) if name in LISTING_HEADERS), None)
    if email is None and listing is None:
        return None
    return email, listing


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _row(line: int, email: str, listing: str) -> Row | Problem:
    if not email and not listing:
        return Problem(line, "there is no email address or listing id on this row.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return Problem(line, f"“{email[:80]}” is not an email address.")
    if listing and not LISTING_ID.match(listing_key(listing)):
        return Problem(
            line,
            f"“{listing[:80]}” is not a listing id (letters, digits, dots and dashes only).",
        )
    return Row(line=line, email=email.lower(), listing=listing_key(listing) if listing else "")


def parse(text: str) -> Parsed:
    parsed = Parsed()
    reader = csv.reader(io.StringIO(text))
    columns = None
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns = _columns(cells)
                if columns is not None:
                    continue
                columns = (None, None)  # no header: the first cell says what it is
            if columns == (None, None):
                value = cells[0].strip()
                is_email = "@" in value
                result = _row(line, value if is_email else "", "" if is_email else value)
            else:
                result = _row(line, _cell(cells, columns[0]), _cell(cells, columns[1]))
            target = parsed.problems if isinstance(result, Problem) else parsed.rows
            target.append(result)
    except csv.Error as error:
        problem = Problem(reader.line_num, f"the file cannot be read as CSV ({error}).")
        parsed.problems.append(problem)
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(Problem(0, "The file has no rows to import."))
    return parsed
