"""The board's decision services: awards within the budget, bulk actions, release."""

from decimal import Decimal

import pytest

from decisions import services as decisions
from decisions.budget import budget_summary
from decisions.signals import decisions_released
from grants.models import ApplicationEvent, Cycle, TransitionRefused
from grants.workflow import State
from tests.factories import ApplicationFactory, CycleFactory, force_state

pytestmark = pytest.mark.django_db


def reviewed(cycle, amount="1200.00", **kwargs):
    app = ApplicationFactory(cycle=cycle, amount_requested=Decimal(amount), **kwargs)
    return force_state(app, State.REVIEWED)


@pytest.fixture
def cycle():
    return CycleFactory(total_budget=Decimal("3000.00"), max_request=Decimal("2500.00"))


def test_award_within_budget_records_amount_note_and_who(cycle, board_member):
    app = reviewed(cycle)

    decided = decisions.decide(
        app, by=board_member, action="award", amount=Decimal("1000.00"), note="Strong plan."
    )

    app.refresh_from_db()
    assert decided.state == State.AWARDED
    assert app.state == State.AWARDED
    assert app.awarded_amount == Decimal("1000.00")
    assert app.decision_note == "Strong plan."
    assert app.decided_by == board_member
    assert app.decided_at is not None
    event = ApplicationEvent.objects.get(application=app)
    assert (event.name, event.source, event.target) == ("award", "reviewed", "awarded")


def test_award_without_an_amount_is_refused_not_given_the_request(cycle, board_member):
    app = reviewed(cycle, amount="850.50")

    with pytest.raises(TransitionRefused) as refused:
        decisions.decide(app, by=board_member, action="award")

    assert refused.value.reasons == ["Type the amount to award, like 1500 or 1500.50."]
    app.refresh_from_db()
    assert (app.state, app.awarded_amount) == (State.REVIEWED, None)


def test_award_above_the_request_is_refused(cycle, board_member):
    app = reviewed(cycle, amount="1200.00")

    with pytest.raises(TransitionRefused) as refused:
        decisions.decide(app, by=board_member, action="award", amount=Decimal("1200.01"))

    assert refused.value.reasons == [
        "The award (1200.01) cannot be more than the amount requested (1200.00)."
    ]
    app.refresh_from_db()
    assert app.state == State.REVIEWED
    assert app.awarded_amount is None


def test_award_above_the_remaining_budget_is_refused(cycle, board_member):
    first = reviewed(cycle, amount="2500.00")
    second = reviewed(cycle, amount="1000.00")
    decisions.decide(first, by=board_member, action="award", amount=Decimal("2500.00"))

    with pytest.raises(TransitionRefused) as refused:
        decisions.decide(second, by=board_member, action="award", amount=Decimal("1000.00"))

    assert refused.value.reasons == [
        "The award (1000.00) is more than the budget left (500.00 USD): 2,500.00 USD of "
        "the 3,000.00 USD budget is committed."
    ]
    assert budget_summary(cycle).remaining == Decimal("500.00")


def test_staff_cannot_decide(cycle, staff_member):
    app = reviewed(cycle)

    with pytest.raises(TransitionRefused) as refused:
        decisions.decide(app, by=staff_member, action="decline")

    assert refused.value.reasons == [decisions.NOT_BOARD]


def test_deciding_an_application_still_under_review_is_refused_in_words(cycle, board_member):
    app = force_state(ApplicationFactory(cycle=cycle), State.UNDER_REVIEW)

    with pytest.raises(TransitionRefused) as refused:
        decisions.decide(app, by=board_member, action="award")

    assert refused.value.reasons == [
        "You cannot award an application that is under review. Only reviewed or waitlisted "
        "applications can be awarded."
    ]


def test_a_waitlisted_application_can_be_awarded_later(cycle, board_member):
    app = reviewed(cycle)
    decisions.decide(app, by=board_member, action="waitlist", note="If money is left.")

    decisions.decide(
        app, by=board_member, action="award", amount=Decimal("1200.00"), seen_state=State.WAITLISTED
    )

    app.refresh_from_db()
    assert app.state == State.AWARDED
    assert app.awarded_amount == Decimal("1200.00")


def test_second_decision_on_what_the_person_saw_is_refused_with_who_decided(
    cycle, board_member, django_user_model
):
    other = django_user_model.objects.create_user(
        email="second@example.org", password="a-long-test-password-42", full_name="Dana Board"
    )
    other.groups.add(*board_member.groups.all())
    app = reviewed(cycle)
    decisions.decide(app, by=other, action="decline", note="Out of scope.")

    with pytest.raises(TransitionRefused) as refused:
        decisions.decide(
            app, by=board_member, action="award", amount=Decimal("100.00"), seen_state="reviewed"
        )

    assert refused.value.reasons == [
        "This application was just decided by Dana Board: it is now declined. "
        "Reload to see the decision."
    ]
    app.refresh_from_db()
    assert app.state == State.DECLINED
    assert app.decided_by == other


def test_bulk_plan_lists_changes_and_skips_with_reasons(cycle, board_member):
    one = reviewed(cycle, title="Alpha course")
    two = reviewed(cycle, title="Beta course")
    awarded = force_state(ApplicationFactory(cycle=cycle, title="Gamma course"), State.AWARDED)
    elsewhere = reviewed(CycleFactory())

    plan = decisions.plan_bulk(
        cycle, action="decline", application_ids=[one.pk, two.pk, awarded.pk, elsewhere.pk]
    )

    assert [a.pk for a in plan.changes] == [one.pk, two.pk]
    assert [(a.pk, reason) for a, reason in plan.skipped] == [
        (awarded.pk, "It is awarded, so it cannot be declined now.")
    ]
    assert plan.target_label == "Declined"


def test_bulk_waitlist_changes_every_selected_application(cycle, board_member):
    apps = [reviewed(cycle) for _ in range(3)]

    changed = decisions.bulk_decide(
        cycle,
        by=board_member,
        action="waitlist",
        seen={a.pk: State.REVIEWED for a in apps},
        note="Waiting for the spring budget.",
    )

    assert changed == 3
    for app in apps:
        app.refresh_from_db()
        assert app.state == State.WAITLISTED
        assert app.decision_note == "Waiting for the spring budget."


def test_bulk_changes_nothing_when_one_was_decided_since_the_confirmation(cycle, board_member):
    first, second = reviewed(cycle, title="First"), reviewed(cycle, title="Second")
    board_member.full_name = "Robin Chair"
    board_member.save()
    decisions.decide(second, by=board_member, action="award", amount=Decimal("100.00"))

    with pytest.raises(TransitionRefused) as refused:
        decisions.bulk_decide(
            cycle,
            by=board_member,
            action="decline",
            seen={first.pk: State.REVIEWED, second.pk: State.REVIEWED},
        )

    assert refused.value.reasons == [
        "Nothing was changed: some applications were decided a moment ago.",
        "“Second” was just decided by Robin Chair: it is now awarded.",
    ]
    first.refresh_from_db()
    assert first.state == State.REVIEWED


def test_bulk_award_is_not_offered(cycle, board_member):
    app = reviewed(cycle)

    with pytest.raises(TransitionRefused):
        decisions.plan_bulk(cycle, action="award", application_ids=[app.pk])


def test_release_refuses_while_applications_are_undecided(cycle, board_member):
    decided = reviewed(cycle, title="Decided one")
    decisions.decide(decided, by=board_member, action="decline")
    force_state(ApplicationFactory(cycle=cycle, title="Still open"), State.REVIEWED)
    force_state(ApplicationFactory(cycle=cycle, title="A draft"), State.DRAFT)

    with pytest.raises(TransitionRefused) as refused:
        decisions.release_decisions(cycle, by=board_member)

    assert refused.value.reasons == [
        "1 application is still undecided. Decide them first, or confirm that they stay undecided:",
        "Still open",
    ]
    assert Cycle.objects.get(pk=cycle.pk).decisions_released_at is None


def test_release_with_confirmation_sets_the_time_and_sends_the_signal(cycle, board_member):
    reviewed(cycle, title="Left undecided")
    received = []

    def receiver(sender, cycle, by, **kwargs):
        received.append((sender, cycle.pk, by, cycle.decisions_released_at is not None))

    decisions_released.connect(receiver, dispatch_uid="test-release")
    try:
        decisions.release_decisions(cycle, by=board_member, confirm_undecided=True)
    finally:
        decisions_released.disconnect(dispatch_uid="test-release")

    assert Cycle.objects.get(pk=cycle.pk).decisions_released_at is not None
    assert received == [(Cycle, cycle.pk, board_member, True)]


def test_release_happens_only_once(cycle, board_member):
    decisions.release_decisions(cycle, by=board_member)

    with pytest.raises(TransitionRefused) as refused:
        decisions.release_decisions(cycle, by=board_member)

    assert refused.value.reasons[0].startswith("Decisions for this cycle were already released on ")
    assert refused.value.reasons[0].endswith("(New York time). Applicants can already see them.")


def test_staff_cannot_release(cycle, staff_member):
    with pytest.raises(TransitionRefused):
        decisions.release_decisions(cycle, by=staff_member)
    assert Cycle.objects.get(pk=cycle.pk).decisions_released_at is None


def test_decisions_stay_hidden_from_applicants_until_release(cycle, board_member):
    app = reviewed(cycle)
    decisions.decide(app, by=board_member, action="award", amount=app.amount_requested)
    app.refresh_from_db()
    assert app.visible_state_for_applicant() == State.REVIEWED

    decisions.release_decisions(cycle, by=board_member)

    app.refresh_from_db()
    assert app.visible_state_for_applicant() == State.AWARDED


def test_budget_summary_counts_states_and_amounts(cycle, board_member):
    awarded = reviewed(cycle, amount="1000.00")
    waitlisted = reviewed(cycle, amount="700.00")
    reviewed(cycle, amount="300.00")
    force_state(ApplicationFactory(cycle=cycle, amount_requested=Decimal("50.00")), State.DRAFT)
    decisions.decide(awarded, by=board_member, action="award", amount=Decimal("900.00"))
    decisions.decide(waitlisted, by=board_member, action="waitlist")

    summary = budget_summary(cycle)

    assert summary.total == Decimal("3000.00")
    assert summary.awarded == Decimal("900.00")
    assert summary.waitlisted == Decimal("700.00")
    assert summary.remaining == Decimal("2100.00")
    assert summary.awarded_percent == 30
    assert summary.waitlisted_percent == 23
    assert summary.count == 3
    by_state = {row.state: (row.count, row.requested, row.awarded) for row in summary.by_state}
    assert by_state[State.AWARDED] == (1, Decimal("1000.00"), Decimal("900.00"))
    assert by_state[State.WAITLISTED] == (1, Decimal("700.00"), Decimal("0.00"))
    assert by_state[State.REVIEWED] == (1, Decimal("300.00"), Decimal("0.00"))
    assert State.DRAFT not in by_state
