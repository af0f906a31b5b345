"""Recording payments on accepted awards, and the grantee's payee details.

`record_payment` locks the cycle's row and then the application's (the order awards and
corrections take) before it adds up what was paid, so two treasurers recording at once
queue up and the total paid never passes the award, and a correction or rescind racing a
payment sees it (grants.award_limits). Every
payment is audited (grants.audit, Action.PAYMENT_RECORDED) in the same transaction, and
grants hears whether the award is now paid in full (grants.offers.note_paid_in_full).
Refusals are grants.refusals.TransitionRefused with the reason in plain words.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from grants import audit, offers
from grants.models import Application, Cycle
from grants.money import CENT, ZERO, format_money
from grants.refusals import TransitionRefused
from grants.workflow import POST_AWARD_STATES, Action, State
from payments.models import Method, PayeeDetails, Payment
from payments.permissions import may_record_payments
from payments.signals import payment_recorded

NOT_ALLOWED = "You are not allowed to record payments."


def paid_total(application_id: int) -> Decimal:
    total = Payment.objects.filter(application_id=application_id).aggregate(s=Sum("amount"))["s"]
    return Decimal(total or ZERO).quantize(CENT)


def _lock(application: Application) -> Application:
    """Lock the cycle's row, then the application's: the order every use case that
    changes an award takes (grants.offers). Locking only the application would deadlock
    against a correction: it holds the cycle and waits for the application, while the
    payment's letter (which names the cycle) waits at commit for the cycle's row."""
    Cycle.objects.select_for_update().filter(pk=application.cycle_id).values_list("pk").get()
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("cycle", "applicant")
        .get(pk=application.pk)
    )


def _clean_amount(amount) -> Decimal:
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise TransitionRefused("Write the amount as a number, such as 250.00.") from error
    if not value.is_finite() or value <= 0:
        raise TransitionRefused("The amount must be more than zero.")
    if value != value.quantize(CENT):
        raise TransitionRefused("Use at most two digits after the point.")
    return value.quantize(CENT)


@transaction.atomic
def record_payment(
    application: Application,
    *,
    by,
    amount: Decimal,
    paid_on: datetime.date,
    method: str,
    reference: str = "",
    note: str = "",
) -> Payment:
    """Record one instalment on an accepted award; the total paid never exceeds the award."""
    if not may_record_payments(by):
        raise TransitionRefused(NOT_ALLOWED)
    app = _lock(application)
    currency = app.cycle.currency
    if app.state != State.ACCEPTED:
        raise TransitionRefused(
            "Payments are recorded only on an award the grantee has accepted; this "
            f"application is {app.state_in_a_sentence}."
        )
    amount = _clean_amount(amount)
    if method not in Method.values:
        raise TransitionRefused("Choose how the money was paid.")
    if paid_on > timezone.localdate():
        raise TransitionRefused(
            "The payment date is in the future. Record a payment on the day it is made."
        )
    awarded = app.awarded_amount
    paid = paid_total(app.pk)
    outstanding = awarded - paid
    if outstanding <= 0:
        raise TransitionRefused(
            f"This award is already paid in full ({format_money(awarded, currency)}); "
            "nothing is outstanding."
        )
    if amount > outstanding:
        raise TransitionRefused(
            f"That is more than is outstanding: {format_money(outstanding, currency)} is "
            f"outstanding (awarded {format_money(awarded, currency)}, paid so far "
            f"{format_money(paid, currency)}). Record at most the outstanding amount."
        )
    payment = Payment.objects.create(
        application=app,
        amount=amount,
        paid_on=paid_on,
        method=method,
        reference=reference.strip(),
        note=note.strip(),
        recorded_by=by,
    )
    total = paid + amount
    audit.record(
        app,
        name=Action.PAYMENT_RECORDED,
        actor=by,
        note=(
            f"{format_money(amount, currency)} by {Method(method).label.lower()} on "
            f"{paid_on.isoformat()}; paid to date {format_money(total, currency)} of "
            f"{format_money(awarded, currency)}."
        ),
    )
    offers.note_paid_in_full(app, by=by, paid_in_full=(total == awarded))
    payment_recorded.send(sender=Payment, payment=payment, by=by, total_paid=total)
    application.refresh_from_db()
    return payment


def payee_application(user, pk: int) -> Application | None:
    """The person's own accepted (or closed) award, or None: anyone else's is a 404."""
    return (
        Application.objects.select_related("cycle")
        .filter(pk=pk, applicant=user, state__in=POST_AWARD_STATES)
        .first()
        if user.is_authenticated
        else None
    )


def payee_initial(application: Application) -> dict:
    """What the form starts with: this award's details, else the grantee's latest ones
    (name and address only: a tax form is sent for each award)."""
    own = PayeeDetails.objects.filter(application=application).first()
    if own is not None:
        return {
            "legal_name": own.legal_name,
            "postal_address": own.postal_address,
            "tax_form_received": own.tax_form_received,
        }
    latest = (
        PayeeDetails.objects.filter(application__applicant_id=application.applicant_id)
        .order_by("-updated_at")
        .first()
    )
    if latest is None:
        return {"legal_name": application.applicant.get_full_name()}
    return {"legal_name": latest.legal_name, "postal_address": latest.postal_address}


@transaction.atomic
def save_payee_details(
    application: Application,
    *,
    by,
    legal_name: str,
    postal_address: str,
    tax_form_received: bool,
) -> PayeeDetails:
    """The grantee says where their award is paid (their own accepted award only)."""
    app = _lock(application)
    if not (by and by.is_authenticated and app.applicant_id == by.pk):
        raise TransitionRefused("Only the grantee can enter their payee details.")
    if app.state not in POST_AWARD_STATES:
        raise TransitionRefused(
            "Payee details are asked for once you have accepted an award; this application "
            f"is {app.state_in_a_sentence}."
        )
    legal_name = " ".join(legal_name.split())
    postal_address = postal_address.strip()
    missing = [
        words
        for value, words in (
            (legal_name, "Write your legal name, as the payment should name you."),
            (postal_address, "Write the postal address where a check can reach you."),
        )
        if not value
    ]
    if missing:
        raise TransitionRefused(missing)
    details, _ = PayeeDetails.objects.update_or_create(
        application=app,
        defaults={
            "legal_name": legal_name,
            "postal_address": postal_address,
            "tax_form_received": bool(tax_form_received),
        },
    )
    return details
