"""Dates and money in the words emails use: the cycle's own time zone, named."""

from decimal import Decimal

from grants.dates import moment_words


def moment(cycle, value) -> str:
    """The site's one format (grants.dates) in the cycle's zone, the zone named:
    'Tuesday 1 December 2026, 5:00pm (New York time)'."""
    return moment_words(value, cycle.tz)


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
