"""The budget can never be over-committed, even with board members awarding at once."""

import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection

from grants import services
from grants.models import Application, TransitionRefused
from grants.workflow import State
from tests.factories import ApplicationFactory, CycleFactory, UserFactory, force_state

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks are what this test is about")


def _award_in_thread(application_id, board_member, barrier, outcomes):
    close_old_connections()
    try:
        application = Application.objects.get(pk=application_id)
        barrier.wait()
        try:
            services.award(application, by=board_member, amount=Decimal("1000.00"))
            outcomes.append(("awarded", application_id, ""))
        except TransitionRefused as refused:
            outcomes.append(("refused", application_id, refused.message))
    finally:
        close_old_connections()
        connection.close()


def test_concurrent_awards_never_exceed_the_budget(board_member):
    cycle = CycleFactory(total_budget=Decimal("3500.00"), max_request=Decimal("2500.00"))
    applications = [
        force_state(
            ApplicationFactory(
                cycle=cycle,
                applicant=UserFactory(),
                amount_requested=Decimal("1000.00"),
                budget=[("Course", Decimal("1000.00"))],
            ),
            State.REVIEWED,
        )
        for _ in range(THREADS)
    ]
    barrier = threading.Barrier(THREADS)
    outcomes = []
    threads = [
        threading.Thread(target=_award_in_thread, args=(app.pk, board_member, barrier, outcomes))
        for app in applications
    ]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    awarded = [o for o in outcomes if o[0] == "awarded"]
    refused = [o for o in outcomes if o[0] == "refused"]
    assert len(outcomes) == THREADS
    assert len(awarded) == 3
    assert len(refused) == THREADS - 3
    assert all(
        message == "The award (1000.00) is more than the budget left (500.00 USD): 3,000.00 USD of "
        "the 3,500.00 USD budget is committed."
        for _, _, message in refused
    )
    assert Application.objects.in_cycle(cycle).committed_total() == Decimal("3000.00")
    assert Application.objects.in_cycle(cycle).filter(state=State.AWARDED).count() == 3
    assert services.remaining_budget(cycle) == Decimal("500.00")
