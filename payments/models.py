"""What the treasurer paid on each accepted award, and where the grantee wants it paid.

Payee details belong to one application (one award), not to the person: the treasurer
pays an award, a tax form is given for a payment year, and the name and address the money
went to must stay as they were for that award even when the grantee's details change for
a later one. The grantee's page pre-fills a new award's details from their last ones.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from grants.money import MONEY


class Method(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    CHECK = "check", "Check"
    CARD = "card", "Card"
    OTHER = "other", "Other"


class Payment(models.Model):
    """One instalment paid on an accepted award. Financial record: never deleted with a
    person (privacy keeps the amounts and drops the personal text)."""

    application = models.ForeignKey(
        "grants.Application", on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    paid_on = models.DateField("paid on")
    method = models.CharField(max_length=20, choices=Method.choices)
    reference = models.CharField(
        max_length=100, blank=True, help_text="Check number or bank reference."
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["paid_on", "pk"]
        indexes = [models.Index(fields=["application", "paid_on"], name="payment_application")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} paid on {self.paid_on} for {self.application}"


class PayeeDetails(models.Model):
    """Where the grantee wants their award paid, entered by the grantee.

    Seen by the treasurer and staff only (payments.view_payeedetails)."""

    application = models.OneToOneField(
        "grants.Application", on_delete=models.CASCADE, related_name="payee_details"
    )
    legal_name = models.CharField("legal name", max_length=200)
    postal_address = models.TextField("postal address")
    tax_form_received = models.BooleanField("tax form sent", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "payee details"
        verbose_name_plural = "payee details"

    def __str__(self) -> str:
        return f"Payee details for {self.application}"
