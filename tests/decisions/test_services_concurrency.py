"""Board members deciding (and staff cutting the budget) at the same moment, on PostgreSQL
with real threads.

Each thread has its own database connection and transaction, as two web requests would.
A barrier starts them together; the cycle row lock must queue the awards so the budget
is never overspent, and the second decision on one application must be refused in words.
"""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from accounts.roles import Role
from decisions import services as decisions
from grants.models import Application, Cycle, TransitionRefused
from grants.workflow import State
from tests.factories import ApplicationFactory, CycleFactory, UserFactory, force_state

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


def run_together(actions):
    """Run each action in its own thread and connection, all released at once.

    Returns each action's outcome: "ok" or the refusal's reasons.
    """
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def worker(index, action):
        try:
            barrier.wait(timeout=30)
            action()
            outcomes[index] = "ok"
        except TransitionRefused as refused:
            outcomes[index] = refused.reasons
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(index, action))
        for index, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_simultaneous_awards_never_exceed_the_budget():
    cycle = CycleFactory(total_budget=Decimal("3000.00"), max_request=Decimal("1000.00"))
    board = [UserFactory(roles=[Role.BOARD]) for _ in range(6)]
    apps = [
        force_state(
            ApplicationFactory(cycle=cycle, amount_requested=Decimal("1000.00")), State.REVIEWED
        )
        for _ in range(6)
    ]

    def award(app, member):
        return lambda: decisions.decide(
            app, by=member, action="award", amount=Decimal("1000.00"), seen_state="reviewed"
        )

    outcomes = run_together([award(app, member) for app, member in zip(apps, board, strict=True)])

    assert outcomes.count("ok") == 3
    refusals = [o for o in outcomes if o != "ok"]
    assert (
        refusals
        == [
            [
                "The award (1000.00) is more than the budget left (0.00 USD): 3,000.00 USD of "
                "the 3,000.00 USD budget is committed."
            ]
        ]
        * 3
    )
    assert Application.objects.in_cycle(cycle).committed_total() == Decimal("3000.00")
    assert Application.objects.filter(cycle=cycle, state=State.AWARDED).count() == 3


def test_a_concurrent_second_decision_on_one_application_is_refused():
    cycle = CycleFactory(total_budget=Decimal("10000.00"))
    first = UserFactory(full_name="Ada First", roles=[Role.BOARD])
    second = UserFactory(full_name="Ben Second", roles=[Role.BOARD])
    app = force_state(ApplicationFactory(cycle=cycle), State.REVIEWED)

    outcomes = run_together(
        [
            lambda: decisions.decide(
                app, by=first, action="award", amount=Decimal("500.00"), seen_state="reviewed"
            ),
            lambda: decisions.decide(app, by=second, action="decline", seen_state="reviewed"),
        ]
    )

    app.refresh_from_db()
    assert sorted(outcomes, key=str).count("ok") == 1
    winner = first if outcomes[0] == "ok" else second
    loser_reasons = outcomes[1] if outcomes[0] == "ok" else outcomes[0]
    assert app.decided_by == winner
    assert loser_reasons == [
        f"This application was just decided by {winner.full_name}: it is now "
        f"{app.get_state_display().lower()}. Reload to see the decision."
    ]
    assert app.events.count() == 1


def test_simultaneous_releases_release_once():
    cycle = CycleFactory()
    members = [UserFactory(roles=[Role.BOARD]) for _ in range(3)]

    outcomes = run_together(
        [
            (lambda member=member: decisions.release_decisions(cycle, by=member))
            for member in members
        ]
    )

    assert outcomes.count("ok") == 1
    assert all(
        o[0].startswith("Decisions for this cycle were already released on ")
        for o in outcomes
        if o != "ok"
    )


def cut_in_the_admin(cycle_id, total):
    """What the admin's change form does: clean and save in one transaction."""

    def action():
        with transaction.atomic():
            cycle = Cycle.objects.get(pk=cycle_id)
            cycle.total_budget = total
            try:
                cycle.full_clean()
            except ValidationError as error:
                raise TransitionRefused(error.message_dict["total_budget"]) from error
            cycle.save()

    return action


@pytest.mark.parametrize("round_", range(4))
def test_budget_cuts_racing_awards_never_leave_more_committed_than_the_budget(round_):
    cycle = CycleFactory(total_budget=Decimal("3000.00"), max_request=Decimal("1000.00"))
    board = [UserFactory(roles=[Role.BOARD]) for _ in range(3)]
    apps = [
        force_state(
            ApplicationFactory(cycle=cycle, amount_requested=Decimal("1000.00")), State.REVIEWED
        )
        for _ in range(3)
    ]

    def award(app, member):
        return lambda: decisions.decide(
            app, by=member, action="award", amount=Decimal("1000.00"), seen_state="reviewed"
        )

    actions = [award(app, member) for app, member in zip(apps, board, strict=True)]
    actions.append(lambda: decisions.change_budget(cycle, total_budget=Decimal("1500.00")))
    actions.append(cut_in_the_admin(cycle.pk, Decimal("2000.00")))

    outcomes = run_together(actions)

    cycle.refresh_from_db()
    committed = Application.objects.in_cycle(cycle).committed_total()
    assert committed <= cycle.total_budget
    assert committed == Decimal("1000.00") * outcomes[:3].count("ok")
    for outcome in outcomes:
        assert outcome == "ok" or (
            outcome[0].startswith("The award (1000.00) is more than the budget left")
            or outcome[0].startswith("The budget cannot be less than what is already committed: ")
        )


def test_a_budget_cut_waits_for_an_award_in_flight_and_then_counts_it():
    """The admin's check locks the cycle row: while an award holds it, the cut waits, then
    sees the award and refuses. Without the lock it would read the old total and win."""
    cycle = CycleFactory(total_budget=Decimal("3000.00"), max_request=Decimal("1000.00"))
    member = UserFactory(roles=[Role.BOARD])
    apps = [
        force_state(
            ApplicationFactory(cycle=cycle, amount_requested=Decimal("1000.00")), State.REVIEWED
        )
        for _ in range(3)
    ]
    for app in apps[:2]:
        decisions.decide(app, by=member, action="award", amount=Decimal("1000.00"))
    awarding, finish = threading.Event(), threading.Event()
    outcomes = {}

    def award_slowly():
        try:
            with transaction.atomic():
                decisions.decide(apps[2], by=member, action="award", amount=Decimal("1000.00"))
                awarding.set()
                finish.wait(timeout=30)
            outcomes["award"] = "ok"
        finally:
            connection.close()

    def cut():
        try:
            cut_in_the_admin(cycle.pk, Decimal("2500.00"))()
            outcomes["cut"] = "ok"
        except TransitionRefused as refused:
            outcomes["cut"] = refused.reasons
        finally:
            connection.close()

    awarder = threading.Thread(target=award_slowly)
    awarder.start()
    assert awarding.wait(timeout=30)
    cutter = threading.Thread(target=cut)
    cutter.start()
    cutter.join(timeout=1)  # the cut is now waiting for the award's lock
    finish.set()
    awarder.join(timeout=30)
    cutter.join(timeout=30)

    cycle.refresh_from_db()
    assert outcomes == {
        "award": "ok",
        "cut": [
            "The budget cannot be less than what is already committed: 3,000.00 USD is "
            "awarded in this cycle."
        ],
    }
    assert cycle.total_budget == Decimal("3000.00")
