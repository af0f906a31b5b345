"""What has already been paid out of an award, asked by grants before it corrects or
rescinds one.

Grants knows nothing above it, yet a correction must never take an award below what the
treasurer has paid, and an award with payments cannot simply be rescinded (its money is
gone; it cannot be freed for the next on the waiting list). So the layer that pays
awards registers a source here in its AppConfig.ready() (payments does:
`register_paid_so_far("payments", payments.services.paid_total)`), and grants adds the
sources up.

`grants.offers.correct_award` and `rescind_award` ask while they hold the application's
row lock: the same lock the payment service takes before it adds a payment up, so a
payment and a correction queue up and whichever comes second sees the other's result.
"""

from collections.abc import Callable
from decimal import Decimal

from grants.money import CENT, ZERO

PaidSoFar = Callable[[int], Decimal]  # application id -> amount already paid out of it

_sources: dict[str, PaidSoFar] = {}


def register_paid_so_far(name: str, source: PaidSoFar) -> None:
    """Add (or replace) the source `name`; registering again is harmless."""
    _sources[name] = source


def unregister(name: str) -> None:
    _sources.pop(name, None)


def registered() -> tuple[str, ...]:
    return tuple(sorted(_sources))


def paid_so_far(application_id: int) -> Decimal:
    """What every registered source has paid out of this application's award."""
    total = sum((Decimal(source(application_id)) for source in _sources.values()), ZERO)
    return total.quantize(CENT)
