"""A payment racing a correction or a rescind, on PostgreSQL with real threads: whichever
comes second sees the first, so an award is never below what is paid and a paid award is
never rescinded. Both services lock the cycle's row, then the application's."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from accounts.roles import Role
from grants import offers
from grants.models import TransitionRefused
from grants.workflow import State
from payments import services
from tests.decisions.test_services_concurrency import run_together
from tests.factories import UserFactory
from tests.payments.conftest import make_accepted_award
from tests.payments.test_record_payment import pay

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


@pytest.fixture
def people(db):
    return (
        UserFactory(full_name="Tess Treasurer", roles=[Role.TREASURER]),
        UserFactory(full_name="Bo Board", roles=[Role.BOARD]),
    )


@pytest.mark.parametrize("round_", range(3))
def test_a_payment_racing_a_correction_down_never_leaves_more_paid_than_awarded(round_, people):
    treasurer, board = people
    award = make_accepted_award(amount=Decimal("1000.00"))
    pay(award, treasurer, "400.00")

    outcomes = run_together(
        [
            lambda: pay(award, treasurer, "500.00"),
            lambda: offers.correct_award(
                award, by=board, amount=Decimal("700.00"), reason="The course cost less."
            ),
        ]
    )

    award.refresh_from_db()
    paid = services.paid_total(award.pk)
    assert paid <= award.awarded_amount
    if outcomes[0] == "ok":  # paid first: the correction would go below what is paid
        assert outcomes[1] == [
            "The award cannot be corrected below what is already paid: 900.00 USD of "
            "1,000.00 USD is paid."
        ]
        assert (award.awarded_amount, paid) == (Decimal("1000.00"), Decimal("900.00"))
    else:  # corrected first: the payment is more than is outstanding now
        assert outcomes == [
            [
                "That is more than is outstanding: 300.00 USD is outstanding (awarded "
                "700.00 USD, paid so far 400.00 USD). Record at most the outstanding amount."
            ],
            "ok",
        ]
        assert (award.awarded_amount, paid) == (Decimal("700.00"), Decimal("400.00"))


@pytest.mark.parametrize("round_", range(3))
def test_a_payment_racing_a_rescind_never_leaves_a_rescinded_award_with_payments(round_, people):
    treasurer, board = people
    award = make_accepted_award(amount=Decimal("1000.00"))

    outcomes = run_together(
        [
            lambda: pay(award, treasurer, "300.00"),
            lambda: offers.rescind_award(award, by=board, reason="The course was cancelled."),
        ]
    )

    award.refresh_from_db()
    paid = services.paid_total(award.pk)
    if outcomes[0] == "ok":
        assert outcomes[1] == [
            "This award cannot be rescinded: 300.00 USD of its 1,000.00 USD is already paid. "
            "To stop further payments, correct the award to 300.00 USD instead."
        ]
        assert (award.state, paid) == (State.ACCEPTED, Decimal("300.00"))
    else:
        assert outcomes == [
            [
                "Payments are recorded only on an award the grantee has accepted; this "
                "application is rescinded."
            ],
            "ok",
        ]
        assert (award.state, paid) == (State.RESCINDED, Decimal("0.00"))


def test_a_correction_waits_for_a_payment_in_flight_and_then_counts_it(people):
    """The payment holds the cycle's and the application's row locks; the correction
    waits, then sees the payment and refuses. Without the locks it would read 400.00 paid
    and win; with the application's lock alone the two deadlocked (the payment's letter
    names the cycle, whose key the commit checks while the correction holds it)."""
    treasurer, board = people
    award = make_accepted_award(amount=Decimal("1000.00"))
    pay(award, treasurer, "400.00")
    paying, finish = threading.Event(), threading.Event()
    outcomes = {}

    def pay_slowly():
        try:
            with transaction.atomic():
                pay(award, treasurer, "500.00")
                paying.set()
                finish.wait(timeout=30)
            outcomes["payment"] = "ok"
        finally:
            connection.close()

    def correct():
        try:
            offers.correct_award(award, by=board, amount=Decimal("700.00"), reason="Less.")
            outcomes["correction"] = "ok"
        except TransitionRefused as refused:
            outcomes["correction"] = refused.reasons
        finally:
            connection.close()

    payer = threading.Thread(target=pay_slowly)
    payer.start()
    assert paying.wait(timeout=30)
    corrector = threading.Thread(target=correct)
    corrector.start()
    corrector.join(timeout=1)
    assert corrector.is_alive()  # waiting for the payment's lock
    finish.set()
    payer.join(timeout=30)
    corrector.join(timeout=30)

    award.refresh_from_db()
    assert outcomes == {
        "payment": "ok",
        "correction": [
            "The award cannot be corrected below what is already paid: 900.00 USD of "
            "1,000.00 USD is paid."
        ],
    }
    assert award.awarded_amount == Decimal("1000.00")
