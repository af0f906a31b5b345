"""The treasurer's read side: accepted awards with what was paid, in a fixed number of
queries whatever the number of awards (one statement annotates every row)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, OuterRef, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce

from grants.models import Application, Cycle
from grants.money import ZERO
from grants.workflow import POST_AWARD_STATES
from payments.models import Payment


class PaymentStatus:
    UNPAID = "unpaid"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    CHOICES = [(UNPAID, "Unpaid"), (PARTLY_PAID, "Partly paid"), (PAID, "Paid in full")]
    LABELS = dict(CHOICES)


def status_of(paid: Decimal, awarded: Decimal) -> str:
    if paid <= 0:
        return PaymentStatus.UNPAID
    return PaymentStatus.PAID if paid >= awarded else PaymentStatus.PARTLY_PAID


_PAID = Coalesce(
    Sum("payments__amount"), Value(ZERO), output_field=DecimalField(max_digits=14, decimal_places=2)
)
STATUS_FILTERS = {
    PaymentStatus.UNPAID: Q(paid_to_date=0),
    PaymentStatus.PARTLY_PAID: Q(paid_to_date__gt=0, paid_to_date__lt=F("awarded_amount")),
    PaymentStatus.PAID: Q(paid_to_date__gte=F("awarded_amount")),
}


def _paid_or_accepted() -> Q:
    """Accepted and closed awards, and any application with a payment (an accepted award
    rescinded after a payment keeps its record in the treasurer's list)."""
    paid = Exists(Payment.objects.filter(application=OuterRef("pk")))
    return Q(state__in=POST_AWARD_STATES) | Q(paid)


def accepted_awards(*, cycle: Cycle | None = None, status: str = ""):
    """Accepted (and closed) awards with paid_to_date and payment_count, newest cycle first."""
    awards = (
        Application.objects.filter(_paid_or_accepted())
        .select_related("cycle", "applicant")
        .annotate(paid_to_date=_PAID, payment_count=Count("payments"))
        .order_by("-cycle__closes_at", "cycle_id", "applicant__full_name", "pk")
    )
    if cycle is not None:
        awards = awards.filter(cycle=cycle)
    if status in STATUS_FILTERS:
        awards = awards.filter(STATUS_FILTERS[status])
    return awards


@dataclass(frozen=True)
class AwardRow:
    application: Application
    paid: Decimal
    outstanding: Decimal
    status: str

    @property
    def status_label(self) -> str:
        return PaymentStatus.LABELS[self.status]


def award_row(application: Application, paid: Decimal) -> AwardRow:
    awarded = application.awarded_amount or ZERO
    return AwardRow(
        application=application,
        paid=paid,
        outstanding=max(awarded - paid, ZERO),
        status=status_of(paid, awarded),
    )


def rows(applications) -> list[AwardRow]:
    return [award_row(app, app.paid_to_date) for app in applications]


def award_for_treasurer(pk: int) -> Application | None:
    """One accepted (or closed, or paid) award with its payments, agreement and payee details."""
    return (
        Application.objects.filter(_paid_or_accepted(), pk=pk)
        .select_related("cycle", "applicant", "agreement", "payee_details")
        .prefetch_related(
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("recorded_by").order_by("paid_on", "pk"),
            )
        )
        .first()
    )


def cycles_with_awards():
    return (
        Cycle.objects.filter(
            Q(applications__state__in=POST_AWARD_STATES) | Q(applications__payments__isnull=False)
        )
        .distinct()
        .order_by("-closes_at")
    )


def payments_for_export(*, cycle: Cycle | None = None):
    payments = Payment.objects.select_related(
        "application__cycle", "application__applicant", "recorded_by"
    ).order_by("application__cycle__closes_at", "application_id", "paid_on", "pk")
    if cycle is not None:
        payments = payments.filter(application__cycle=cycle)
    return payments
