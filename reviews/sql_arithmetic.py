"""Integer arithmetic in SQL that SQLite and PostgreSQL compute alike (the ranking's
figures are integer cents, so both databases give Python's figures to the last cent)."""

from django.db import connection

TOLERANCE = "0.000000001"


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def idiv(a: str, b: str) -> str:
    """Integer division of non-negative integers (every count and sum here is an integer:
    cents are INTEGER, so SUM gives BIGINT on PostgreSQL, never the slower numeric)."""
    return f"(({a}) / ({b}))"


def floor_int(x: str) -> str:
    """floor(x) for x >= 0, as an integer."""
    return f"CAST(FLOOR({x}) AS BIGINT)" if is_postgresql() else f"CAST(({x}) AS INTEGER)"


def sqrt(x: str) -> str:
    """The square root of an integer, as a float."""
    return f"SQRT(CAST({x} AS DOUBLE PRECISION))" if is_postgresql() else f"SQRT({x})"


def review_cents(score: str = "r.score") -> str:
    """A stored review score (two decimals) as integer cents: 72.45 is 7245."""
    if is_postgresql():
        return f"CAST({score} * 100 AS INTEGER)"
    return f"CAST(ROUND({score} * 100) AS INTEGER)"
