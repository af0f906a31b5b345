"""The treasurer's pages: the awards list, one award's payments and the record form."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from payments import services
from payments.models import Method, PayeeDetails, Payment
from tests.payments.conftest import make_accepted_award

pytestmark = pytest.mark.django_db


def pay(application, by, amount):
    return services.record_payment(
        application,
        by=by,
        amount=Decimal(amount),
        paid_on=timezone.localdate(),
        method=Method.CHECK,
        reference="",
        note="",
    )


def form_data(**overrides):
    data = {
        "amount": "250.00",
        "paid_on": timezone.localdate().isoformat(),
        "method": Method.BANK_TRANSFER,
        "reference": "TRF-77",
        "note": "First instalment",
    }
    data.update(overrides)
    return data


def test_the_list_shows_unpaid_partly_paid_and_paid_awards(client, treasurer):
    unpaid = make_accepted_award(title="Unpaid course")
    partly = make_accepted_award(title="Partly paid course")
    paid = make_accepted_award(title="Paid course", amount=Decimal("300.00"))
    pay(partly, treasurer, "400.00")
    pay(paid, treasurer, "300.00")
    client.force_login(treasurer)

    response = client.get(reverse("payments:awards"))

    assert response.status_code == 200
    rows = {
        row.application.pk: (row.paid, row.outstanding, row.status_label)
        for row in response.context["rows"]
    }
    assert rows == {
        unpaid.pk: (Decimal("0.00"), Decimal("1000.00"), "Unpaid"),
        partly.pk: (Decimal("400.00"), Decimal("600.00"), "Partly paid"),
        paid.pk: (Decimal("300.00"), Decimal("0.00"), "Paid in full"),
    }


@pytest.mark.parametrize(
    "status,expected",
    [("unpaid", "Unpaid course"), ("partly_paid", "Partly paid course"), ("paid", "Paid course")],
)
def test_the_list_filters_by_status(client, treasurer, status, expected):
    make_accepted_award(title="Unpaid course")
    pay(make_accepted_award(title="Partly paid course"), treasurer, "1.00")
    pay(make_accepted_award(title="Paid course", amount=Decimal("5.00")), treasurer, "5.00")
    client.force_login(treasurer)

    response = client.get(reverse("payments:awards"), {"status": status})

    assert [row.application.title for row in response.context["rows"]] == [expected]


def test_the_list_filters_by_cycle(client, treasurer):
    first = make_accepted_award(title="First cycle's award")
    make_accepted_award(title="Second cycle's award")
    client.force_login(treasurer)

    response = client.get(reverse("payments:awards"), {"cycle": first.cycle.slug})

    assert [row.application.title for row in response.context["rows"]] == ["First cycle's award"]


def test_the_list_leaves_out_awards_not_accepted(client, treasurer):
    from grants.workflow import State
    from tests import factories

    factories.force_state(
        factories.ApplicationFactory(title="Open offer"),
        State.AWARDED,
        awarded_amount=Decimal("10.00"),
    )
    make_accepted_award(title="Accepted")
    client.force_login(treasurer)

    response = client.get(reverse("payments:awards"))

    assert [row.application.title for row in response.context["rows"]] == ["Accepted"]


# Session, user, the person's permissions (own and groups'), roles, notices badge and the
# session save, plus the count, the page of awards and the filter's cycles.
AWARDS_LIST_QUERIES = 8
# The same signed-in overhead, the award with its agreement and payee details, its payments.
AWARD_PAGE_QUERIES = 7


@pytest.mark.parametrize("size", [2, 12])
def test_the_list_costs_a_fixed_number_of_queries(
    client, treasurer, size, django_assert_num_queries
):
    for _ in range(size):
        pay(make_accepted_award(), treasurer, "10.00")
    client.force_login(treasurer)

    with django_assert_num_queries(AWARDS_LIST_QUERIES):
        response = client.get(reverse("payments:awards"))

    assert len(response.context["rows"]) == size


@pytest.mark.parametrize("size", [1, 8])
def test_the_award_page_costs_a_fixed_number_of_queries(
    client, treasurer, size, django_assert_num_queries
):
    award = make_accepted_award()
    for _ in range(size):
        pay(award, treasurer, "10.00")
    client.force_login(treasurer)

    with django_assert_num_queries(AWARD_PAGE_QUERIES):
        response = client.get(reverse("payments:award", args=[award.pk]))

    assert len(response.context["payments"]) == size


def test_the_award_page_shows_payments_payee_details_and_the_agreement(
    client, treasurer, accepted_award
):
    pay(accepted_award, treasurer, "400.00")
    PayeeDetails.objects.create(
        application=accepted_award,
        legal_name="Alma Q. Applicant",
        postal_address="12 Elm Street\nAsheville NC 28801",
        tax_form_received=True,
    )
    client.force_login(treasurer)

    response = client.get(reverse("payments:award", args=[accepted_award.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Alma Q. Applicant" in page
    assert "12 Elm Street<br>Asheville NC 28801" in page
    assert reverse("grants:agreement", args=[accepted_award.pk]) in page
    assert "400.00 USD" in page and "600.00 USD" in page
    assert "Record the payment" in page


def test_recording_a_payment_from_the_page(client, treasurer, accepted_award):
    client.force_login(treasurer)

    response = client.post(reverse("payments:award", args=[accepted_award.pk]), form_data())

    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.amount, payment.method, payment.reference, payment.note) == (
        Decimal("250.00"),
        Method.BANK_TRANSFER,
        "TRF-77",
        "First instalment",
    )


@pytest.mark.parametrize("typed", ["1e3", "1,000", "$250", "250.505", "twelve", " -5"])
def test_amounts_in_other_forms_are_refused_showing_the_expected_form(
    client, treasurer, accepted_award, typed
):
    client.force_login(treasurer)

    response = client.post(
        reverse("payments:award", args=[accepted_award.pk]), form_data(amount=typed)
    )

    assert response.status_code == 400
    errors = response.context["form"].errors["amount"]
    assert errors == [
        f"“{typed.strip()}” is not an amount we can read. Write the amount as digits, with a "
        "point before the cents: 250 or 250.50, with no commas, spaces, letters or currency signs."
    ]
    page = response.content.decode()
    assert 'value="TRF-77"' in page  # what was typed is kept
    assert "First instalment" in page
    assert Payment.objects.count() == 0


def test_a_payment_above_the_outstanding_amount_keeps_the_form_and_says_why(
    client, treasurer, accepted_award
):
    pay(accepted_award, treasurer, "900.00")
    client.force_login(treasurer)

    response = client.post(
        reverse("payments:award", args=[accepted_award.pk]), form_data(amount="200")
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "100.00 USD is outstanding" in page
    assert 'value="200"' in page
    assert Payment.objects.count() == 1


def test_the_signed_agreement_page(client, treasurer, accepted_award):
    client.force_login(treasurer)

    response = client.get(reverse("grants:agreement", args=[accepted_award.pk]))

    assert response.status_code == 200
    assert response.context["signed"] == accepted_award.agreement
    assert accepted_award.applicant.get_full_name() in response.content.decode()


def test_an_award_rescinded_after_a_payment_stays_in_the_list_without_a_form(
    client, treasurer, accepted_award
):
    """The services refuse to rescind a paid award (tests/payments/test_award_limits.py);
    a record from before that rule, or changed in the database, still shows its payment."""
    from grants.workflow import State
    from tests.factories import force_state

    pay(accepted_award, treasurer, "100.00")
    force_state(accepted_award, State.RESCINDED)
    client.force_login(treasurer)

    listed = client.get(reverse("payments:awards")).context["rows"]
    page = client.get(reverse("payments:award", args=[accepted_award.pk]))

    assert [(row.application.pk, row.paid) for row in listed] == [
        (accepted_award.pk, Decimal("100.00"))
    ]
    assert page.status_code == 200
    assert "Record the payment" not in page.content.decode()
