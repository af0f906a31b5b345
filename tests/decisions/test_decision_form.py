"""The amount of an award is typed explicitly, as plain digits, and read strictly."""

from decimal import Decimal

import pytest
from django.urls import reverse

from decisions.forms import EXPECTED_AMOUNT, parse_amount
from grants.workflow import State
from tests.decisions.desk_data import build_known_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    return build_known_cycle()


def decide(client, known, **data):
    client.force_login(known.board)
    return client.post(
        reverse("decisions:decide", args=[known.cycle.slug, known.b.pk]),
        {"action": "award", "seen_state": "reviewed", "note": "", **data},
    )


def test_the_form_shows_the_amount_prefilled_with_the_request(client, known):
    client.force_login(known.board)

    html = client.get(
        reverse("decisions:application", args=[known.cycle.slug, known.b.pk])
    ).content.decode()

    assert '<label for="id_amount">Amount to award:</label>' in html
    assert 'name="amount" value="800.00"' in html


def test_a_blank_amount_is_an_error_not_the_full_request(client, known):
    response = decide(client, known, amount="")

    assert response.status_code == 400
    assert response.context["form"].errors["amount"] == [
        f"Type the amount to award. {EXPECTED_AMOUNT}"
    ]
    known.b.refresh_from_db()
    assert known.b.state == State.REVIEWED


@pytest.mark.parametrize("typed", ["1e3", "1,000", "700,50", "-700", "+700", "700.123", "7 00"])
def test_an_amount_that_is_not_plain_digits_is_refused_with_the_expected_form(client, known, typed):
    response = decide(client, known, amount=typed)

    assert response.status_code == 400
    assert response.context["form"].errors["amount"] == [
        f"“{typed}” is not an amount. Type the amount as digits with an optional point, like "
        "1500 or 1500.50."
    ]
    known.b.refresh_from_db()
    assert (known.b.state, known.b.awarded_amount) == (State.REVIEWED, None)


def test_zero_is_refused(client, known):
    response = decide(client, known, amount="0")

    assert response.context["form"].errors["amount"] == ["An award must be more than 0."]


@pytest.mark.parametrize(
    ("typed", "awarded"),
    [("700", Decimal("700.00")), ("700.5", Decimal("700.50")), (" 700.50 ", Decimal("700.50"))],
)
def test_plain_amounts_are_awarded_exactly(client, known, typed, awarded):
    response = decide(client, known, amount=typed)

    assert response.status_code == 302
    known.b.refresh_from_db()
    assert (known.b.state, known.b.awarded_amount) == (State.AWARDED, awarded)


def test_waitlisting_needs_no_amount(client, known):
    response = decide(client, known, action="waitlist", amount="")

    assert response.status_code == 302
    known.b.refresh_from_db()
    assert known.b.state == State.WAITLISTED


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1500", Decimal("1500.00")),
        ("1500.50", Decimal("1500.50")),
        ("1e3", None),
        ("1,000", None),
        ("١٥٠٠", None),  # digits of another script
        ("12345678901", None),  # more than the 12-digit money field holds
        ("", None),
    ],
)
def test_parse_amount_reads_only_plain_digits(typed, value):
    assert parse_amount(typed) == value
