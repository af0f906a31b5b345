"""After the award: the grantee's answer to the offer, the board's corrections and
rescinds, and the closeout facts reported by payments and reports.

Every use case that changes what a cycle has committed locks the cycle row first and
the application second, as awards do (grants.services.award), so concurrent answers,
corrections and offers to the next on the waitlist queue up and never leave committed
money above the budget. A correction never goes below what is already paid, and an award
with payments is not rescinded (grants.award_limits: payments registers what it paid).
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from grants import audit, award_limits
from grants import permissions as can
from grants.agreement_text import filled_agreement
from grants.models import Application, AwardAgreement, Cycle
from grants.money import CENT, format_money
from grants.refusals import TransitionRefused
from grants.signals import award_corrected
from grants.transitions import NOT_ALLOWED, locked, permitted, run, synced
from grants.workflow import Action, State, Transition, sources_of


def _lock_cycle(cycle_id: int) -> Cycle:
    return Cycle.objects.select_for_update().get(pk=cycle_id)


@transaction.atomic
def accept_award(
    application: Application,
    *,
    by,
    signed_name: str,
    agreed: bool,
    signed_from: str | None = None,
    report_due_dates: str = "",
    at=None,
) -> AwardAgreement:
    """The grantee accepts the offer and signs the agreement (typed full name and a tick)."""
    at = at or timezone.now()
    _lock_cycle(application.cycle_id)
    app = locked(application)
    if not agreed:
        raise TransitionRefused("Tick the box to say you agree to the terms, then sign again.")
    run(app, Transition.ACCEPT, by=by, signed_name=signed_name, at=at)
    agreement = AwardAgreement.objects.create(
        application=app,
        text=filled_agreement(app, report_due_dates=report_due_dates),
        amount=app.awarded_amount,
        signed_name=" ".join(signed_name.split()),
        signed_at=at,
        signed_from=signed_from or None,
    )
    synced(application, app)
    return agreement


@transaction.atomic
def decline_award(application: Application, *, by, reason: str, at=None) -> Application:
    """The grantee turns the offer down; its money is free again for the board."""
    _lock_cycle(application.cycle_id)
    app = locked(application)
    if not reason.strip():
        raise TransitionRefused("Tell us in a few words why you are declining; it helps the board.")
    return synced(application, run(app, Transition.DECLINE_AWARD, by=by, note=reason, at=at))


@transaction.atomic
def rescind_award(application: Application, *, by, reason: str) -> Application:
    """The board withdraws an offered or accepted award, with a reason the grantee is told.

    Refused once anything is paid: that money is gone and cannot be freed for the waiting
    list. The board corrects the award down to what is paid instead."""
    cycle = _lock_cycle(application.cycle_id)
    app = locked(application)
    if not permitted(Transition.RESCIND, app, by):
        raise TransitionRefused(NOT_ALLOWED)
    if app.state in sources_of(Transition.RESCIND):
        paid = award_limits.paid_so_far(app.pk)
        if paid > 0:
            paid_words = format_money(paid, cycle.currency)
            raise TransitionRefused(
                f"This award cannot be rescinded: {paid_words} of its "
                f"{format_money(app.awarded_amount, cycle.currency)} is already paid. To stop "
                f"further payments, correct the award to {paid_words} instead."
            )
    return synced(application, run(app, Transition.RESCIND, by=by, note=reason))


@transaction.atomic
def correct_award(application: Application, *, by, amount: Decimal, reason: str) -> Application:
    """Change an offered or accepted award's amount, within the request and the budget."""
    cycle = _lock_cycle(application.cycle_id)
    app = locked(application)
    if not can.decide(app, by):
        raise TransitionRefused(NOT_ALLOWED)
    # The awards the board may still change are the ones it may still rescind.
    if app.state not in sources_of(Transition.RESCIND):
        raise TransitionRefused(
            f"Only an award can be corrected; this application is {app.state_in_a_sentence}."
        )
    if not reason.strip():
        raise TransitionRefused("Write the reason for the correction: the grantee is told it.")
    amount = Decimal(amount).quantize(CENT)
    if amount <= 0:
        raise TransitionRefused(
            "The corrected amount must be more than zero. To withdraw the award, rescind it."
        )
    if app.amount_requested is not None and amount > app.amount_requested:
        raise TransitionRefused(
            f"The award cannot be more than the amount requested "
            f"({format_money(app.amount_requested, cycle.currency)})."
        )
    committed = Application.objects.in_cycle(cycle).committed_total()
    available = cycle.total_budget - committed + app.awarded_amount
    if amount > available:
        raise TransitionRefused(
            f"The budget has {format_money(available, cycle.currency)} for this award "
            f"(committed: {format_money(committed, cycle.currency)} of "
            f"{format_money(cycle.total_budget, cycle.currency)})."
        )
    previous = app.awarded_amount
    if amount == previous:
        raise TransitionRefused("That is the amount already awarded; nothing to correct.")
    # Under the application's row lock, which the payment service also takes.
    paid = award_limits.paid_so_far(app.pk)
    if amount < paid:
        raise TransitionRefused(
            f"The award cannot be corrected below what is already paid: "
            f"{format_money(paid, cycle.currency)} of "
            f"{format_money(previous, cycle.currency)} is paid."
        )
    app.awarded_amount = amount
    app.save(update_fields=["awarded_amount", "updated_at"])
    audit.record(
        app,
        name=Action.CORRECT_AWARD,
        actor=by,
        note=(
            f"From {format_money(previous, cycle.currency)} to "
            f"{format_money(amount, cycle.currency)}: {reason.strip()}"
        ),
    )
    award_corrected.send(
        sender=Application,
        application=app,
        previous=previous,
        amount=amount,
        reason=reason.strip(),
        by=by,
    )
    if paid or app.paid_in_full_at is not None:
        # Corrected to what is paid, the award is paid in full (and may close); corrected
        # up, it is not any more.
        app = note_paid_in_full(app, by=by, paid_in_full=(amount == paid))
    return synced(application, app)


# Closeout: payments and reports tell grants their half; the grant closes when both are in.


@transaction.atomic
def note_paid_in_full(application: Application, *, by, paid_in_full: bool) -> Application:
    """Payments reports whether the award is now paid in full (or no longer is)."""
    _lock_cycle(application.cycle_id)
    app = locked(application)
    if paid_in_full and app.paid_in_full_at is None:
        app.paid_in_full_at = timezone.now()
        app.save(update_fields=["paid_in_full_at", "updated_at"])
        audit.record(app, name=Action.PAID_IN_FULL, actor=by)
    elif not paid_in_full and app.paid_in_full_at is not None:
        app.paid_in_full_at = None
        app.save(update_fields=["paid_in_full_at", "updated_at"])
    return synced(application, _close_if_complete(app, by=by))


@transaction.atomic
def note_final_report_accepted(application: Application, *, by) -> Application:
    """Reports says the final report is accepted."""
    _lock_cycle(application.cycle_id)
    app = locked(application)
    if app.final_report_accepted_at is None:
        app.final_report_accepted_at = timezone.now()
        app.save(update_fields=["final_report_accepted_at", "updated_at"])
        audit.record(app, name=Action.FINAL_REPORT_ACCEPTED, actor=by)
    return synced(application, _close_if_complete(app, by=by))


def _close_if_complete(app: Application, *, by) -> Application:
    ready = app.paid_in_full_at is not None and app.final_report_accepted_at is not None
    if ready and app.state == State.ACCEPTED:
        # The system closes it on behalf of whoever completed the second half.
        run(app, Transition.CLOSE, by=by, check_permission=False)
    return app
