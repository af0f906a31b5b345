"""The board after the award: the waiting list in rank order, and offering the money
that came back to the next application on it.

Offering to the next is an award (grants.services.award, under the cycle's row lock), so
the budget rule, the audit row and the letter are the same as at the desk.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from decisions.budget import budget_summary
from decisions.permissions import may_use_desk
from grants import services as grant_services
from grants.models import Application, Cycle, TransitionRefused
from grants.money import format_money
from grants.workflow import State
from reviews.board_conflicts import conflicted_ids
from reviews.ranking import in_ranking_order

NOTHING_FREE = (
    "No money is free in this cycle's budget ({committed} of the {total} budget is "
    "committed), so there is nothing to offer."
)


@dataclass(frozen=True)
class WaitingList:
    applications: list[Application]  # waitlisted, best ranked first, none of the viewer's
    free: Decimal  # the budget not committed now
    currency: str

    @property
    def next(self) -> Application | None:
        return self.applications[0] if self.applications else None


SHOWN = 10


def waiting_list(cycle: Cycle, *, viewer, hidden=None, free=None) -> WaitingList:
    """The best-ranked waitlisted applications (ranked in SQL, one page), leaving out those
    the viewer is conflicted with (they may not decide them), and the money free now.
    The desk passes the `hidden` ids and the `free` money it has already read."""
    hidden = conflicted_ids(viewer, cycle) if hidden is None else hidden
    first = in_ranking_order(cycle, [State.WAITLISTED], limit=SHOWN + len(hidden))
    waiting = [application for application in first if application.pk not in hidden][:SHOWN]
    if free is None:
        free = budget_summary(cycle).remaining
    return WaitingList(applications=waiting, free=free, currency=cycle.currency)


@transaction.atomic
def offer_to_next(cycle: Cycle, *, by) -> Application:
    """Award the best-ranked waitlisted application its request, or what is free when
    less; refused when nothing is free or nobody waits."""
    if not may_use_desk(by):
        raise TransitionRefused("Only board members can offer awards.")
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    waiting = waiting_list(locked, viewer=by)
    if waiting.next is None:
        raise TransitionRefused("Nobody is on the waiting list (that you may decide).")
    if waiting.free <= 0:
        committed = Application.objects.in_cycle(locked).committed_total()
        raise TransitionRefused(
            NOTHING_FREE.format(
                committed=format_money(committed, locked.currency),
                total=format_money(locked.total_budget, locked.currency),
            )
        )
    application = waiting.next
    amount = min(application.amount_requested or waiting.free, waiting.free)
    return grant_services.award(
        application,
        by=by,
        amount=amount,
        note="Offered from the waiting list when money came back.",
    )
