"""After the award, on PostgreSQL with real threads: grantees accepting and declining,
board members offering the money that came back to the next on the waiting list,
corrections, desk awards and budget cuts, all at the same moment.

Whatever the order the database picks, committed money never passes the budget, no
application is offered twice, and every refusal says why in words that name the
committed total. Each thread has its own connection and transaction, as two web requests
would (run_together, from the award tests).
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from decisions import awards
from decisions import services as decisions
from grants import offers
from grants.models import Application, ApplicationEvent, AwardAgreement
from grants.workflow import State
from tests.decisions.test_services_concurrency import cut_in_the_admin, run_together
from tests.factories import ApplicationFactory, CycleFactory, UserFactory, force_state

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]

ROUNDS = range(2)  # the same race a few times: the database picks a different order
NOTHING_FREE = re.compile(
    r"No money is free in this cycle's budget \(([\d,]+\.\d\d) USD of the \1 USD budget is "
    r"committed\), so there is nothing to offer\."
)
CUT_REFUSED = re.compile(
    r"The budget cannot be less than what is already committed: [\d,]+\.\d\d USD is awarded "
    r"in this cycle\."
)


def released_cycle(budget):
    return CycleFactory(
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=30),
        decisions_released_at=timezone.now() - timedelta(days=1),
        acceptance_deadline=timezone.now() + timedelta(days=14),
        total_budget=Decimal(budget),
        max_request=Decimal("2000.00"),
    )


def offer(cycle, amount, requested="1000.00"):
    app = ApplicationFactory(cycle=cycle, amount_requested=Decimal(requested))
    return force_state(app, State.AWARDED, awarded_amount=Decimal(amount))


def waitlisted(cycle, requested, *, days_ago):
    """Unreviewed, so the waiting list ranks them by when they were submitted."""
    app = ApplicationFactory(cycle=cycle, amount_requested=Decimal(requested))
    return force_state(
        app, State.WAITLISTED, submitted_at=timezone.now() - timedelta(days=days_ago)
    )


def accept(app):
    person = app.applicant
    return lambda: offers.accept_award(
        app, by=person, signed_name=person.get_full_name(), agreed=True
    )


def decline(app):
    return lambda: offers.decline_award(app, by=app.applicant, reason="I have moved away.")


def offer_next(cycle, member):
    return lambda: awards.offer_to_next(cycle, by=member)


def committed(cycle):
    return Application.objects.in_cycle(cycle).committed_total()


def assert_within_budget(cycle):
    cycle.refresh_from_db()
    assert committed(cycle) <= cycle.total_budget


def awards_of(app):
    return ApplicationEvent.objects.filter(application=app, name="award").count()


@pytest.mark.parametrize("round_", ROUNDS)
def test_acceptances_racing_budget_cuts_keep_every_award_and_the_budget(round_):
    cycle = released_cycle("3000.00")
    apps = [offer(cycle, "1000.00") for _ in range(3)]

    outcomes = run_together(
        [
            *(accept(app) for app in apps),
            cut_in_the_admin(cycle.pk, Decimal("2500.00")),
            cut_in_the_admin(cycle.pk, Decimal("3000.00")),
        ]
    )

    assert outcomes[:3] == ["ok"] * 3
    assert outcomes[3] == [
        "The budget cannot be less than what is already committed: 3,000.00 USD is "
        "awarded in this cycle."
    ]
    assert outcomes[4] == "ok"
    assert AwardAgreement.objects.filter(application__cycle=cycle).count() == 3
    assert set(Application.objects.in_cycle(cycle).values_list("state", flat=True)) == {
        State.ACCEPTED
    }
    assert_within_budget(cycle)


@pytest.mark.parametrize("round_", ROUNDS)
def test_two_board_members_offering_to_the_next_at_once_offer_the_money_once(round_):
    cycle = released_cycle("3000.00")
    offer(cycle, "1000.00")
    offer(cycle, "1000.00")
    first = waitlisted(cycle, "1000.00", days_ago=10)
    second = waitlisted(cycle, "1000.00", days_ago=5)
    members = [UserFactory(roles=[Role.BOARD]) for _ in range(2)]

    outcomes = run_together([offer_next(cycle, member) for member in members])

    assert sorted(outcomes, key=str)[-1] == "ok"
    (refusal,) = [o for o in outcomes if o != "ok"]
    assert refusal == [
        "No money is free in this cycle's budget (3,000.00 USD of the 3,000.00 USD budget "
        "is committed), so there is nothing to offer."
    ]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.awarded_amount) == (State.AWARDED, Decimal("1000.00"))
    assert second.state == State.WAITLISTED
    assert awards_of(first) == 1
    assert_within_budget(cycle)


@pytest.mark.parametrize("round_", ROUNDS)
def test_two_offers_to_the_next_with_money_for_both_go_to_two_applications(round_):
    cycle = released_cycle("3000.00")
    offer(cycle, "1000.00")
    first = waitlisted(cycle, "1000.00", days_ago=10)
    second = waitlisted(cycle, "1000.00", days_ago=5)
    members = [UserFactory(roles=[Role.BOARD]) for _ in range(2)]

    outcomes = run_together([offer_next(cycle, member) for member in members])

    assert outcomes == ["ok", "ok"]
    for app in (first, second):
        app.refresh_from_db()
        assert (app.state, awards_of(app)) == (State.AWARDED, 1)
    assert committed(cycle) == Decimal("3000.00")


@pytest.mark.parametrize("round_", ROUNDS)
def test_declines_offers_to_the_next_and_a_budget_cut_never_overcommit(round_):
    cycle = released_cycle("3000.00")
    offered = [offer(cycle, "1000.00") for _ in range(3)]
    waiting = [waitlisted(cycle, "1000.00", days_ago=days) for days in (10, 5)]
    members = [UserFactory(roles=[Role.BOARD]) for _ in range(3)]

    outcomes = run_together(
        [
            decline(offered[0]),
            decline(offered[1]),
            *(offer_next(cycle, member) for member in members),
            cut_in_the_admin(cycle.pk, Decimal("2000.00")),
        ]
    )

    assert outcomes[:2] == ["ok", "ok"]  # nothing stops a grantee declining
    for outcome in outcomes[2:5]:
        assert outcome == "ok" or (
            len(outcome) == 1
            and (
                NOTHING_FREE.fullmatch(outcome[0])
                or outcome[0] == "Nobody is on the waiting list (that you may decide)."
            )
        ), outcome
    assert outcomes[5] == "ok" or CUT_REFUSED.fullmatch(outcomes[5][0]), outcomes[5]
    assert_within_budget(cycle)
    offered_again = outcomes[2:5].count("ok")
    for app in waiting:
        app.refresh_from_db()
        assert awards_of(app) == (1 if app.state == State.AWARDED else 0)
    assert sum(app.state == State.AWARDED for app in waiting) == offered_again
    # The money the two declines freed is offered at most once each.
    expected = Decimal("1000.00") * (1 + offered_again)
    assert committed(cycle) == expected
    if outcomes[5] == "ok":
        assert cycle.total_budget == Decimal("2000.00")
        assert offered_again <= 1


@pytest.mark.parametrize("round_", ROUNDS)
def test_an_offer_to_the_next_racing_a_correction_stays_within_the_budget(round_):
    cycle = released_cycle("3000.00")
    corrected = offer(cycle, "1000.00", requested="1700.00")
    offer(cycle, "1000.00")
    next_one = waitlisted(cycle, "1000.00", days_ago=10)
    member, other = UserFactory(roles=[Role.BOARD]), UserFactory(roles=[Role.BOARD])

    outcomes = run_together(
        [
            lambda: offers.correct_award(
                corrected, by=member, amount=Decimal("1700.00"), reason="Travel was left out."
            ),
            offer_next(cycle, other),
        ]
    )

    corrected.refresh_from_db()
    next_one.refresh_from_db()
    assert outcomes[1] == "ok"
    if outcomes[0] == "ok":  # the correction came first: the next gets what is left
        assert corrected.awarded_amount == Decimal("1700.00")
        assert next_one.awarded_amount == Decimal("300.00")
    else:  # the offer came first: the correction finds the money gone and says so
        assert outcomes[0] == [
            "The budget has 1,000.00 USD for this award (committed: 3,000.00 USD of 3,000.00 USD)."
        ]
        assert corrected.awarded_amount == Decimal("1000.00")
        assert next_one.awarded_amount == Decimal("1000.00")
    assert committed(cycle) == Decimal("3000.00")


@pytest.mark.parametrize("round_", ROUNDS)
def test_an_offer_to_the_next_racing_a_desk_award_spends_the_free_money_once(round_):
    cycle = released_cycle("3000.00")
    offer(cycle, "2000.00", requested="2000.00")
    next_one = waitlisted(cycle, "1000.00", days_ago=10)
    late = force_state(
        ApplicationFactory(cycle=cycle, amount_requested=Decimal("1000.00")), State.REVIEWED
    )
    member, other = UserFactory(roles=[Role.BOARD]), UserFactory(roles=[Role.BOARD])

    outcomes = run_together(
        [
            offer_next(cycle, member),
            lambda: decisions.decide(
                late, by=other, action="award", amount=Decimal("1000.00"), seen_state="reviewed"
            ),
        ]
    )

    assert outcomes.count("ok") == 1
    refusal = next(o for o in outcomes if o != "ok")
    assert refusal in (
        [
            "No money is free in this cycle's budget (3,000.00 USD of the 3,000.00 USD "
            "budget is committed), so there is nothing to offer."
        ],
        [
            "The award (1000.00) is more than the budget left (0.00 USD): 3,000.00 USD of "
            "the 3,000.00 USD budget is committed."
        ],
    )
    next_one.refresh_from_db()
    late.refresh_from_db()
    assert [next_one.state, late.state].count(State.AWARDED) == 1
    assert committed(cycle) == Decimal("3000.00")


@pytest.mark.parametrize("round_", ROUNDS)
def test_a_grantee_answering_while_the_board_rescinds_or_corrects(round_):
    cycle = released_cycle("5000.00")
    accepting = offer(cycle, "1000.00", requested="1500.00")
    declining = offer(cycle, "1000.00", requested="1500.00")
    member, other = UserFactory(roles=[Role.BOARD]), UserFactory(roles=[Role.BOARD])

    outcomes = run_together(
        [
            accept(accepting),
            lambda: offers.rescind_award(accepting, by=member, reason="The course was cancelled."),
            decline(declining),
            lambda: offers.correct_award(
                declining, by=other, amount=Decimal("1500.00"), reason="Travel added."
            ),
        ]
    )

    accepting.refresh_from_db()
    declining.refresh_from_db()
    # Rescinding works on an offer and an accepted award alike; if it came first, the
    # grantee is told the offer is gone.
    assert outcomes[1] == "ok"
    assert accepting.state == State.RESCINDED
    assert outcomes[0] in (
        "ok",
        ["You cannot accept the award of an application that is rescinded."],
    )
    # Declining always can; a correction that comes second finds no award to correct.
    assert outcomes[2] == "ok"
    assert declining.state == State.AWARD_DECLINED
    assert outcomes[3] in (
        "ok",
        ["Only an award can be corrected; this application is declined by the grantee."],
    )
    assert committed(cycle) == Decimal("0.00")
