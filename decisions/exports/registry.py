"""Sheets that apps above decisions add to the cycle workbook, after its own five.

Decisions owns the workbook but knows nothing of the apps built on it: an app that has
something to add to the board's record of a cycle registers a sheet from its
AppConfig.ready():

    register_sheet("Awards", order=10, columns=award_columns, rows=award_rows)

`columns(cycle)` returns the sheet's `Column`s (header, kind, width); `rows(cycle, hidden)`
yields one tuple of plain values per row (text, numbers, Decimal money, dates, aware
datetimes, booleans or None), in the columns' order, with a fixed number of queries
whatever the cycle's size. `hidden` holds the applications whose review details the
downloader may not see; a sheet showing review details must leave them out.

The workbook writes registered sheets in (order, name) order, so the file's layout does
not depend on the order in which apps are loaded.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from decisions.exports.cells import Column
from grants.models import Cycle

# The workbook's own sheets, in their order; registered sheets come after them.
OWN_SHEETS = ("Decisions", "Reviews", "Criteria", "Reviewers", "Budget")
# What Excel refuses in a sheet's name (and its 31-character limit).
FORBIDDEN_IN_NAMES = set("[]:*?/\\")
NAME_LIMIT = 31


@dataclass(frozen=True)
class RegisteredSheet:
    name: str
    order: int
    columns: Callable[[Cycle], list[Column]]
    rows: Callable[[Cycle, frozenset[int]], Iterable[Sequence]]


_registry: dict[str, RegisteredSheet] = {}


def register_sheet(
    name: str,
    *,
    order: int,
    columns: Callable[[Cycle], list[Column]],
    rows: Callable[[Cycle, frozenset[int]], Iterable[Sequence]],
) -> RegisteredSheet:
    """Add a sheet to every cycle workbook. Registering the same sheet again is harmless;
    another sheet under a name already taken is a configuration error."""
    if not name or len(name) > NAME_LIMIT or FORBIDDEN_IN_NAMES & set(name):
        raise ImproperlyConfigured(
            f"{name!r} cannot name a sheet: at most {NAME_LIMIT} characters, none of []:*?/\\."
        )
    if name.casefold() in {own.casefold() for own in OWN_SHEETS}:
        raise ImproperlyConfigured(f"The workbook already has its own {name!r} sheet.")
    sheet = RegisteredSheet(name=name, order=order, columns=columns, rows=rows)
    taken = next((s for s in _registry.values() if s.name.casefold() == name.casefold()), None)
    if taken is not None and taken != sheet:
        raise ImproperlyConfigured(f"A sheet named {name!r} is registered already.")
    _registry[name] = sheet
    return sheet


def unregister_sheet(name: str) -> None:
    """Take a registered sheet out again (tests that register a sheet of their own)."""
    _registry.pop(name, None)


def registered_sheets() -> list[RegisteredSheet]:
    """The registered sheets in the order the workbook writes them."""
    return sorted(_registry.values(), key=lambda sheet: (sheet.order, sheet.name))
