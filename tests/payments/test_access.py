"""Who may use the payments pages: the treasurer records, staff and the board look,
payee details are for the treasurer and staff only, and a grantee sees only their own."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from payments.models import Method, PayeeDetails, Payment
from tests import factories
from tests.payments.conftest import make_accepted_award

pytestmark = pytest.mark.django_db

LEGAL_NAME = "Alma Quinn Applicant"


@pytest.fixture
def award_with_payee(accepted_award):
    PayeeDetails.objects.create(
        application=accepted_award,
        legal_name=LEGAL_NAME,
        postal_address="12 Elm Street, Asheville NC",
        tax_form_received=False,
    )
    return accepted_award


def _people(request, award):
    return {
        "treasurer": request.getfixturevalue("treasurer"),
        "staff": request.getfixturevalue("staff_member"),
        "board": request.getfixturevalue("board_member"),
        "reviewer": request.getfixturevalue("reviewer"),
        "grantee": award.applicant,
        "other_grantee": make_accepted_award().applicant,
    }


def _urls(award):
    return {
        "awards": reverse("payments:awards"),
        "award": reverse("payments:award", args=[award.pk]),
        "agreement": reverse("grants:agreement", args=[award.pk]),
        "csv": reverse("payments:export_csv"),
        "xlsx": reverse("payments:export_xlsx"),
        "payee": reverse("payments:payee", args=[award.pk]),
    }


# GET status of each page for each person.
#             awards award agreement csv  xlsx payee
EXPECTED_GET = {
    "treasurer": (200, 200, 200, 200, 200, 404),
    "staff": (200, 200, 200, 200, 200, 404),
    "board": (200, 200, 200, 200, 200, 404),
    "reviewer": (403, 403, 404, 403, 403, 404),
    "grantee": (403, 403, 200, 403, 403, 200),  # their own signed agreement
    "other_grantee": (403, 403, 404, 403, 403, 404),
}


@pytest.mark.parametrize("who", sorted(EXPECTED_GET))
def test_each_person_gets_what_the_table_says(client, request, award_with_payee, who):
    person = _people(request, award_with_payee)[who]
    client.force_login(person)

    got = tuple(client.get(url).status_code for url in _urls(award_with_payee).values())

    assert got == EXPECTED_GET[who]


def test_signed_out_people_go_to_the_login_page(client, award_with_payee):
    for url in _urls(award_with_payee).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "who,status", [("staff", 403), ("board", 403), ("reviewer", 403), ("grantee", 403)]
)
def test_only_the_treasurer_posts_a_payment(client, request, accepted_award, who, status):
    client.force_login(_people(request, accepted_award)[who])

    response = client.post(
        reverse("payments:award", args=[accepted_award.pk]),
        {"amount": "10", "paid_on": timezone.localdate().isoformat(), "method": Method.CHECK},
    )

    assert response.status_code == status
    assert Payment.objects.count() == 0


@pytest.mark.parametrize("who,sees", [("treasurer", True), ("staff", True), ("board", False)])
def test_payee_details_show_to_the_treasurer_and_staff_only(
    client, request, award_with_payee, who, sees
):
    client.force_login(_people(request, award_with_payee)[who])

    page = client.get(reverse("payments:award", args=[award_with_payee.pk])).content.decode()

    assert (LEGAL_NAME in page) is sees
    assert ("Payee details" in page) is sees


def test_the_board_sees_payments_but_no_record_form(client, board_member, accepted_award):
    client.force_login(board_member)

    page = client.get(reverse("payments:award", args=[accepted_award.pk])).content.decode()

    assert "Record the payment" not in page


def test_payee_details_are_not_in_the_downloads(client, treasurer, award_with_payee):
    from payments import services

    services.record_payment(
        award_with_payee,
        by=treasurer,
        amount=Decimal("10.00"),
        paid_on=timezone.localdate(),
        method=Method.CHECK,
        reference="",
        note="",
    )
    client.force_login(treasurer)

    csv_text = client.get(reverse("payments:export_csv")).content.decode()

    assert LEGAL_NAME not in csv_text
    assert "12 Elm Street" not in csv_text


def test_an_award_that_is_not_accepted_is_a_404_for_the_treasurer(client, treasurer):
    from grants.workflow import State

    offered = factories.force_state(
        factories.ApplicationFactory(), State.AWARDED, awarded_amount=Decimal("100.00")
    )
    client.force_login(treasurer)

    assert client.get(reverse("payments:award", args=[offered.pk])).status_code == 404
    assert client.get(reverse("grants:agreement", args=[offered.pk])).status_code == 404


def test_the_treasurer_sees_agreements_but_not_the_office_or_reviews(treasurer):
    # Money, not the office's view of every application, and no reviews.
    assert not treasurer.has_perm("grants.view_application")
    assert treasurer.has_perm("grants.view_awardagreement")
    assert not treasurer.has_perm("reviews.view_review")
    assert not treasurer.has_perm("grants.decide_application")


@pytest.mark.parametrize(
    "url_name,kwargs",
    [
        ("reviews:board_application", lambda app: {"pk": app.pk}),
        ("decisions:application", lambda app: {"slug": app.cycle.slug, "pk": app.pk}),
        ("decisions:print", lambda app: {"slug": app.cycle.slug, "pk": app.pk}),
        ("grants:office_application", lambda app: {"pk": app.pk}),
    ],
)
def test_the_board_and_office_pages_never_show_payee_details(
    client, board_member, award_with_payee, url_name, kwargs
):
    client.force_login(board_member)

    response = client.get(reverse(url_name, kwargs=kwargs(award_with_payee)))

    assert response.status_code == 200
    assert LEGAL_NAME not in response.content.decode()
    assert "12 Elm Street" not in response.content.decode()
