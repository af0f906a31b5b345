"""Dates and money in the words emails use: the cycle's own time zone, named."""

from decimal import Decimal


def moment(cycle, value) -> str:
    """'Monday, December 1, 2026 at 5:00 PM (America/New_York)' in the cycle's zone."""
    if value is None:
        return ""
    local = cycle.local(value)
    return f"{local:%A, %B %-d, %Y at %-I:%M %p} ({cycle.time_zone})"


def money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    return f"{amount:,.2f} {currency}"


def one_line(text: str, limit: int = 300) -> str:
    """A header-safe single line: email subjects must not carry line breaks."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def about(application) -> str:
    """The end of every subject: which application, in which cycle."""
    return f"{application} — {application.cycle}"
