"""Concurrent payments never take the total paid above the award, on PostgreSQL."""

import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from grants.models import Application, TransitionRefused
from payments import services
from payments.models import Method, Payment
from tests.payments.conftest import make_accepted_award

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks are what this test is about")


def _pay_in_thread(application_id, treasurer, barrier, outcomes):
    close_old_connections()
    try:
        application = Application.objects.get(pk=application_id)
        barrier.wait()
        try:
            services.record_payment(
                application,
                by=treasurer,
                amount=Decimal("300.00"),
                paid_on=timezone.localdate(),
                method=Method.BANK_TRANSFER,
                reference="",
                note="",
            )
            outcomes.append(("paid", ""))
        except TransitionRefused as refused:
            outcomes.append(("refused", refused.message))
    finally:
        close_old_connections()
        connection.close()


def test_concurrent_payments_never_exceed_the_award(treasurer):
    award = make_accepted_award(amount=Decimal("1000.00"))
    barrier = threading.Barrier(THREADS)
    outcomes = []
    threads = [
        threading.Thread(target=_pay_in_thread, args=(award.pk, treasurer, barrier, outcomes))
        for _ in range(THREADS)
    ]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    paid = [o for o in outcomes if o[0] == "paid"]
    refused = [message for kind, message in outcomes if kind == "refused"]
    assert len(outcomes) == THREADS
    assert len(paid) == 3
    assert refused == [
        "That is more than is outstanding: 100.00 USD is outstanding (awarded 1,000.00 USD, "
        "paid so far 900.00 USD). Record at most the outstanding amount."
    ] * (THREADS - 3)
    assert services.paid_total(award.pk) == Decimal("900.00")
    assert Payment.objects.filter(application=award).count() == 3
