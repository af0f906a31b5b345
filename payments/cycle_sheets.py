"""The "Awards" and "Payments" sheets of the board's cycle workbook (decisions.exports).

Registered from PaymentsConfig.ready() through decisions.exports.registry, so decisions
writes them without knowing payments. Each sheet costs one query whatever the cycle's
size. Neither holds review details (scores, reviews, reviewer names), so a board
member's conflicts (`hidden`) leave them whole, as the Decisions sheet's amounts are.
"""

from collections.abc import Iterator

from django.db.models import Count, DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from decisions.exports.cells import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    MONEY,
    TEXT,
    Column,
)
from decisions.exports.registry import register_sheet
from grants.models import Application, ApplicationEvent, Cycle
from grants.money import ZERO
from grants.workflow import POST_AWARD_STATES, State, Transition
from payments.exports import HEADERS, payment_values
from payments.models import Payment
from payments.queries import PaymentStatus, award_row, payments_for_export

# The grantee's two answers to an offer, as the Awards sheet words them.
ANSWERS = {Transition.ACCEPT: "Accepted", Transition.DECLINE_AWARD: "Declined"}
STATE_LABELS = dict(State.choices)


# Awards ----------------------------------------------------------------------------------


def award_columns(cycle: Cycle) -> list[Column]:
    money = f" ({cycle.currency})"
    zone = f" ({cycle.time_zone})"
    return [
        Column("Application id", INTEGER, 12),
        Column("Grantee", TEXT, 24),
        Column("Title", TEXT, 40),
        Column("Amount requested" + money, MONEY, 16),
        Column("Amount awarded" + money, MONEY, 16),
        Column("State", TEXT, 16),
        Column("Offered at" + zone, DATETIME, 20),
        Column("Answer", TEXT, 11),
        Column("Answered at" + zone, DATETIME, 20),
        Column("Reason for declining", TEXT, 40),
        Column("Agreement signed", BOOLEAN, 11),
        Column("Signed as", TEXT, 24),
        Column("Paid to date" + money, MONEY, 16),
        Column("Outstanding" + money, MONEY, 16),
        Column("Payment status", TEXT, 14),
        Column("Payments", INTEGER, 10),
    ]


def _paid_to_date():
    """The sum of an application's payments, as a subquery (no GROUP BY on the row)."""
    paid = (
        Payment.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(
        Subquery(paid), Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2)
    )


def _payment_count():
    count = (
        Payment.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(count), Value(0))


def awards_of(cycle: Cycle):
    """Every application of the cycle that was awarded (an amount stands on it: offered,
    accepted, declined by the grantee, rescinded or closed), with its latest answer, its
    signature and what was paid. One query."""
    answers = ApplicationEvent.objects.filter(
        application=OuterRef("pk"), name__in=list(ANSWERS)
    ).order_by("-created_at", "-pk")
    return (
        Application.objects.in_cycle(cycle)
        .filter(awarded_amount__isnull=False)
        .select_related("applicant")
        .annotate(
            answer=Subquery(answers.values("name")[:1]),
            answered_at=Subquery(answers.values("created_at")[:1]),
            answer_note=Subquery(answers.values("note")[:1]),
            signed_name=F("agreement__signed_name"),
            paid_to_date=_paid_to_date(),
            payment_count=_payment_count(),
        )
        .order_by("applicant__full_name", "pk")
    )


def offered_at(application: Application, cycle: Cycle):
    """An award is offered when the board releases its decisions, or when it is decided
    after the release (an offer to the next on the waiting list); not yet before."""
    released = cycle.decisions_released_at
    if released is None:
        return None
    decided = application.decided_at
    return decided if decided is not None and decided > released else released


def award_sheet_row(application: Application, cycle: Cycle) -> tuple:
    row = award_row(application, application.paid_to_date)
    # Money is owed only on an accepted award (not on an open offer, nor on one declined
    # or rescinded): outstanding and the payment status are blank otherwise.
    owed = application.state in POST_AWARD_STATES
    return (
        application.pk,
        application.applicant.get_full_name(),
        str(application),
        application.amount_requested,
        application.awarded_amount,
        STATE_LABELS.get(application.state, application.state),
        offered_at(application, cycle),
        ANSWERS.get(application.answer),
        application.answered_at,
        application.answer_note if application.answer == Transition.DECLINE_AWARD else None,
        application.signed_name is not None,
        application.signed_name,
        row.paid,
        row.outstanding if owed else None,
        PaymentStatus.LABELS[row.status] if owed else None,
        application.payment_count,
    )


def award_rows(cycle: Cycle, hidden: frozenset[int] = frozenset()) -> Iterator[tuple]:
    for application in awards_of(cycle).iterator(chunk_size=2000):
        yield award_sheet_row(application, cycle)


# Payments --------------------------------------------------------------------------------

PAYMENT_KINDS = {
    "Application ID": INTEGER,
    "Awarded": MONEY,
    "Paid on": DATE,
    "Amount": MONEY,
    "Recorded at": DATETIME,
}
PAYMENT_WIDTHS = {"Title": 40, "Note": 40, "Reference": 18, "Recorded at": 20}


def payment_columns(cycle: Cycle) -> list[Column]:
    """The columns of the treasurer's payments download, money and times named."""
    suffix = {
        MONEY: f" ({cycle.currency})",
        DATETIME: f" ({cycle.time_zone})",
    }
    columns = []
    for header in HEADERS:
        kind = PAYMENT_KINDS.get(header, TEXT)
        width = PAYMENT_WIDTHS.get(header, 14)
        columns.append(Column(header + suffix.get(kind, ""), kind, width))
    return columns


def payment_rows(cycle: Cycle, hidden: frozenset[int] = frozenset()) -> Iterator[tuple]:
    """One row per payment, oldest first, as in the treasurer's download. One query."""
    for payment in payments_for_export(cycle=cycle).iterator(chunk_size=2000):
        yield tuple(payment_values(payment))


def register() -> None:
    register_sheet("Awards", order=10, columns=award_columns, rows=award_rows)
    register_sheet("Payments", order=20, columns=payment_columns, rows=payment_rows)
