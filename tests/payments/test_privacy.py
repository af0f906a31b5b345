"""The grantee's data export holds their payee details and payments; deleting the account
keeps the payments' amounts and drops the personal text."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from grants.models import Application
from payments import services
from payments.models import Method, PayeeDetails, Payment
from privacy import services as privacy
from privacy.export import personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_award(accepted_award, treasurer):
    PayeeDetails.objects.create(
        application=accepted_award,
        legal_name="Alma Quinn Applicant",
        postal_address="12 Elm Street, Asheville NC",
        tax_form_received=True,
    )
    services.record_payment(
        accepted_award,
        by=treasurer,
        amount=Decimal("400.00"),
        paid_on=timezone.localdate(),
        method=Method.CHECK,
        reference="Check 1042",
        note="Alma asked for a paper check to her studio",
    )
    return accepted_award


def test_the_export_holds_payee_details_and_payments_without_the_treasurers_note(paid_award):
    (application,) = personal_data(paid_award.applicant)["applications"]

    assert application["payee_details"] == {
        "legal_name": "Alma Quinn Applicant",
        "postal_address": "12 Elm Street, Asheville NC",
        "tax_form_sent": True,
        "updated_at": PayeeDetails.objects.get().updated_at,
    }
    assert application["payments"] == [
        {
            "amount": Decimal("400.00"),
            "paid_on": timezone.localdate(),
            "method": "Check",
            "reference": "Check 1042",
        }
    ]


def test_an_application_without_payee_details_exports_none(accepted_award):
    (application,) = personal_data(accepted_award.applicant)["applications"]

    assert application["payee_details"] is None
    assert application["payments"] == []


def test_deleting_the_account_keeps_amounts_and_drops_personal_text(paid_award):
    summary = privacy.delete_account(user=paid_award.applicant)

    payment = Payment.objects.get()
    assert (payment.amount, payment.method, payment.reference, payment.note) == (
        Decimal("400.00"),
        Method.CHECK,
        "Check 1042",
        "",
    )
    details = PayeeDetails.objects.get()
    assert (details.legal_name, details.postal_address, details.tax_form_received) == (
        "Former applicant",
        "",
        True,
    )
    assert Application.objects.get(pk=paid_award.pk).applicant_id == summary.placeholder_id


def test_a_paid_application_is_kept_even_outside_a_closed_cycle(paid_award):
    # A cycle reopened after payments (its close moved later) must not lose them.
    cycle = paid_award.cycle
    cycle.closes_at = timezone.now() + timedelta(days=5)
    cycle.save(update_fields=["closes_at"])

    summary = privacy.delete_account(user=paid_award.applicant)

    assert (summary.deleted_applications, summary.anonymised_applications) == (0, 1)
    assert Payment.objects.count() == 1
