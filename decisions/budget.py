"""The budget read model: counts and amounts per state and what is left, in one query.

Read by the desk, the release page and the workbook's Budget sheet. Writes live in
decisions.services; the awarding itself (under the cycle's row lock) in grants.services.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from grants.models import ZERO, Application, Cycle
from grants.workflow import BUDGET_STATES, DECISION_STATES, EDITABLE_STATES, State


@dataclass(frozen=True)
class StateTotal:
    state: str
    label: str
    count: int
    requested: Decimal
    awarded: Decimal


@dataclass(frozen=True)
class BudgetSummary:
    total: Decimal
    awarded: Decimal
    waitlisted: Decimal  # amount requested by waitlisted applications
    remaining: Decimal  # never below zero; see over_budget
    currency: str
    by_state: tuple[StateTotal, ...]

    @property
    def over_budget(self) -> Decimal:
        """How far awards exceed the budget (0.00 when they do not).

        Cycle.clean() and the award service prevent it; it can only come from data
        changed outside them (a database edit), and the desk then warns instead of showing
        a negative remaining.
        """
        return max(self.awarded - self.total, ZERO)

    @property
    def awarded_percent(self) -> int:
        return _percent(self.awarded, self.total)

    @property
    def waitlisted_percent(self) -> int:
        """The waitlist's share of the bar, never beyond what remains."""
        return min(_percent(self.waitlisted, self.total), 100 - self.awarded_percent)

    @property
    def waitlist_fits(self) -> bool:
        return self.waitlisted <= self.remaining

    @property
    def decided(self) -> tuple[StateTotal, ...]:
        return tuple(row for row in self.by_state if row.state in DECISION_STATES)

    @property
    def count(self) -> int:
        return sum(row.count for row in self.by_state)

    @property
    def requested_total(self) -> Decimal:
        return sum((row.requested for row in self.by_state), ZERO)

    @property
    def awarded_total(self) -> Decimal:
        return sum((row.awarded for row in self.by_state), ZERO)


def _percent(part: Decimal, whole: Decimal) -> int:
    if not whole:
        return 0
    return max(0, min(100, int(part * 100 / whole)))


def budget_summary(cycle: Cycle) -> BudgetSummary:
    """Counts and amounts per state and the budget left, in one query.

    Drafts are left out: they were never submitted to the board.
    """
    rows = (
        Application.objects.in_cycle(cycle)
        .exclude(state__in=EDITABLE_STATES)
        .values("state")
        .annotate(
            count=Count("pk"),
            requested=Sum("amount_requested", default=ZERO),
            awarded=Sum("awarded_amount", default=ZERO, filter=Q(state__in=BUDGET_STATES)),
        )
        .order_by()
    )
    found = {row["state"]: row for row in rows}
    by_state = tuple(
        StateTotal(
            state=state.value,
            label=state.label,
            count=found.get(state, {}).get("count", 0),
            requested=_money(found.get(state, {}).get("requested")),
            awarded=_money(found.get(state, {}).get("awarded")),
        )
        for state in State
        if state not in EDITABLE_STATES
    )
    # Everything committed: offered, accepted and closed awards alike.
    awarded = sum((row.awarded for row in by_state), ZERO)
    waitlisted = next(row.requested for row in by_state if row.state == State.WAITLISTED)
    return BudgetSummary(
        total=cycle.total_budget,
        awarded=awarded,
        waitlisted=waitlisted,
        remaining=max(cycle.total_budget - awarded, ZERO),
        currency=cycle.currency,
        by_state=by_state,
    )


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))
