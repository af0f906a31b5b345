"""Money is Decimal with two places, in every model and service."""

from decimal import Decimal, InvalidOperation

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def format_money(amount, currency: str = "") -> str:
    """1234.5 -> "1,234.50 USD"; text that is not a number is shown as it is."""
    if amount is None or amount == "":
        return ""
    try:
        text = f"{Decimal(amount):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(amount)
    return f"{text} {currency}".strip()
