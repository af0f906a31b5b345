"""The payments demo: a treasurer account and one accepted award with one instalment paid."""

from decimal import Decimal

import pytest

from accounts.roles import Role, has_role
from demo.seeding import payments as payments_seed
from demo.seeding.people import seed_people
from grants.models import AwardAgreement
from grants.workflow import State
from payments.models import PayeeDetails, Payment

pytestmark = pytest.mark.django_db


def _seed():
    context = {"people": seed_people()}
    payments_seed.seed(context)
    return context


def test_the_demo_has_a_treasurer_and_an_accepted_award_partly_paid():
    context = _seed()

    treasurer = context["people"]["treasurer@example.org"]
    assert has_role(treasurer, Role.TREASURER)
    award = context["paid_award"]
    assert award.state == State.ACCEPTED
    assert award.awarded_amount == Decimal("1000.00")
    assert AwardAgreement.objects.get(application=award).signed_name == "Bea Practitioner"
    assert list(Payment.objects.values_list("amount", "recorded_by")) == [
        (Decimal("500.00"), treasurer.pk)
    ]
    assert PayeeDetails.objects.get(application=award).tax_form_received is True


def test_the_payments_demo_is_idempotent():
    _seed()

    _seed()

    assert Payment.objects.count() == 1
    assert PayeeDetails.objects.count() == 1
    assert AwardAgreement.objects.count() == 1
