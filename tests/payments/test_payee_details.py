"""The grantee enters where their award is paid: their own accepted award only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.workflow import State
from payments.models import PayeeDetails
from tests import factories
from tests.payments.conftest import make_accepted_award

pytestmark = pytest.mark.django_db


def payee_url(application):
    return reverse("payments:payee", args=[application.pk])


def test_the_grantee_saves_their_payee_details(client, accepted_award):
    client.force_login(accepted_award.applicant)

    response = client.post(
        payee_url(accepted_award),
        {
            "legal_name": "  Alma   Q. Applicant ",
            "postal_address": "12 Elm Street\nAsheville NC 28801",
            "tax_form_received": "on",
        },
    )

    assert response.status_code == 302
    details = PayeeDetails.objects.get(application=accepted_award)
    assert (details.legal_name, details.postal_address, details.tax_form_received) == (
        "Alma Q. Applicant",
        "12 Elm Street\nAsheville NC 28801",
        True,
    )


def test_a_second_save_updates_the_same_details(client, accepted_award):
    client.force_login(accepted_award.applicant)
    data = {"legal_name": "Alma Applicant", "postal_address": "Old Road 1"}
    client.post(payee_url(accepted_award), data)

    client.post(payee_url(accepted_award), {**data, "postal_address": "New Road 2"})

    assert list(PayeeDetails.objects.values_list("postal_address", flat=True)) == ["New Road 2"]


def test_missing_fields_keep_what_was_typed_and_say_what_to_do(client, accepted_award):
    client.force_login(accepted_award.applicant)

    response = client.post(payee_url(accepted_award), {"legal_name": "Alma Applicant"})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "postal_address": ["Write the postal address where a check can reach you."]
    }
    assert 'value="Alma Applicant"' in response.content.decode()
    assert PayeeDetails.objects.count() == 0


def test_the_form_starts_from_the_grantees_name(client, accepted_award):
    client.force_login(accepted_award.applicant)

    response = client.get(payee_url(accepted_award))

    assert response.context["form"].initial == {
        "legal_name": accepted_award.applicant.get_full_name()
    }


def test_a_new_award_starts_from_the_last_details_but_not_the_tax_form(client, accepted_award):
    PayeeDetails.objects.create(
        application=accepted_award,
        legal_name="Alma Applicant",
        postal_address="12 Elm Street",
        tax_form_received=True,
    )
    second = make_accepted_award(applicant=accepted_award.applicant)
    client.force_login(accepted_award.applicant)

    response = client.get(payee_url(second))

    assert response.context["form"].initial == {
        "legal_name": "Alma Applicant",
        "postal_address": "12 Elm Street",
    }


def test_another_persons_award_is_a_404(client, accepted_award, other_applicant):
    client.force_login(other_applicant)

    assert client.get(payee_url(accepted_award)).status_code == 404
    response = client.post(payee_url(accepted_award), {"legal_name": "X", "postal_address": "Y"})
    assert response.status_code == 404
    assert PayeeDetails.objects.count() == 0


@pytest.mark.parametrize("state", [State.AWARDED, State.SUBMITTED, State.RESCINDED])
def test_an_award_not_accepted_is_a_404(client, state):
    application = factories.force_state(
        factories.ApplicationFactory(), state, awarded_amount=Decimal("100.00")
    )
    client.force_login(application.applicant)

    assert client.get(payee_url(application)).status_code == 404
