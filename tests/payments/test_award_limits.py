"""A correction never takes an award below what is paid, and a paid award is not
rescinded: grants asks grants.award_limits, where payments registers what it paid."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from grants import award_limits, offers
from grants.models import Application, ApplicationEvent, TransitionRefused
from grants.workflow import Action, State
from notifications.models import Email, Event
from tests.payments.test_record_payment import pay

pytestmark = pytest.mark.django_db


def _names(application):
    return list(
        ApplicationEvent.objects.filter(application=application)
        .order_by("pk")
        .values_list("name", flat=True)
    )


def test_payments_registers_what_it_paid():
    assert "payments" in award_limits.registered()


def test_every_registered_source_is_added_up(accepted_award, treasurer):
    pay(accepted_award, treasurer, "300.00")
    award_limits.register_paid_so_far("elsewhere", lambda pk: Decimal("50"))
    try:
        assert award_limits.paid_so_far(accepted_award.pk) == Decimal("350.00")
    finally:
        award_limits.unregister("elsewhere")
    assert award_limits.paid_so_far(accepted_award.pk) == Decimal("300.00")


def test_a_correction_below_what_is_paid_is_refused_and_names_the_paid_total(
    accepted_award, treasurer, board_member
):
    pay(accepted_award, treasurer, "600.00")
    before = _names(accepted_award)

    with pytest.raises(TransitionRefused) as refused:
        offers.correct_award(
            accepted_award, by=board_member, amount=Decimal("500.00"), reason="Misread."
        )

    assert refused.value.reasons == [
        "The award cannot be corrected below what is already paid: 600.00 USD of "
        "1,000.00 USD is paid."
    ]
    accepted_award.refresh_from_db()
    assert accepted_award.awarded_amount == Decimal("1000.00")
    assert _names(accepted_award) == before
    assert not Email.objects.filter(event=Event.AWARD_CORRECTED).exists()


def test_a_correction_down_to_what_is_paid_pays_the_award_in_full_and_frees_the_rest(
    accepted_award, treasurer, board_member
):
    pay(accepted_award, treasurer, "600.00")

    offers.correct_award(
        accepted_award, by=board_member, amount=Decimal("600.00"), reason="The course cost less."
    )

    accepted_award.refresh_from_db()
    assert accepted_award.awarded_amount == Decimal("600.00")
    assert accepted_award.paid_in_full_at is not None
    assert _names(accepted_award)[-2:] == [Action.CORRECT_AWARD, Action.PAID_IN_FULL]
    committed = Application.objects.in_cycle(accepted_award.cycle).committed_total()
    assert committed == Decimal("600.00")  # the 400.00 not paid is free again
    with pytest.raises(TransitionRefused, match="already paid in full"):
        pay(accepted_award, treasurer, "1.00")


def test_a_correction_up_after_paid_in_full_opens_the_outstanding_amount_again(
    accepted_award, treasurer, board_member
):
    pay(accepted_award, treasurer, "1000.00")
    accepted_award.refresh_from_db()
    assert accepted_award.paid_in_full_at is not None

    offers.correct_award(
        accepted_award, by=board_member, amount=Decimal("1200.00"), reason="Travel added."
    )

    accepted_award.refresh_from_db()
    assert accepted_award.paid_in_full_at is None
    pay(accepted_award, treasurer, "200.00")
    accepted_award.refresh_from_db()
    assert accepted_award.paid_in_full_at is not None


def test_rescinding_a_paid_award_is_refused_and_names_the_paid_total(
    accepted_award, treasurer, board_member
):
    pay(accepted_award, treasurer, "250.00")
    before = _names(accepted_award)

    with pytest.raises(TransitionRefused) as refused:
        offers.rescind_award(accepted_award, by=board_member, reason="The course was cancelled.")

    assert refused.value.reasons == [
        "This award cannot be rescinded: 250.00 USD of its 1,000.00 USD is already paid. "
        "To stop further payments, correct the award to 250.00 USD instead."
    ]
    accepted_award.refresh_from_db()
    assert accepted_award.state == State.ACCEPTED
    assert _names(accepted_award) == before
    assert Application.objects.in_cycle(accepted_award.cycle).committed_total() == Decimal(
        "1000.00"
    )
    assert not Email.objects.filter(event=Event.AWARD_RESCINDED).exists()


def test_someone_not_on_the_board_learns_nothing_of_the_payments(
    accepted_award, treasurer, staff_member
):
    pay(accepted_award, treasurer, "250.00")

    with pytest.raises(TransitionRefused) as refused:
        offers.rescind_award(accepted_award, by=staff_member, reason="No.")

    assert refused.value.reasons == ["You are not allowed to do this with this application."]


def test_an_accepted_award_with_nothing_paid_is_still_rescinded(accepted_award, board_member):
    offers.rescind_award(accepted_award, by=board_member, reason="The course was cancelled.")

    accepted_award.refresh_from_db()
    assert accepted_award.state == State.RESCINDED
    assert Application.objects.in_cycle(accepted_award.cycle).committed_total() == Decimal("0")


def test_the_desk_panel_says_why_a_paid_award_is_not_rescinded(
    client, accepted_award, treasurer, board_member
):
    pay(accepted_award, treasurer, "250.00")
    client.force_login(board_member)
    cycle = accepted_award.cycle

    response = client.post(
        reverse("decisions:rescind", args=[cycle.slug, accepted_award.pk]),
        {"reason": "The course was cancelled."},
        follow=True,
    )

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This award cannot be rescinded: 250.00 USD of its 1,000.00 USD is already paid. "
        "To stop further payments, correct the award to 250.00 USD instead."
    ]
    accepted_award.refresh_from_db()
    assert accepted_award.state == State.ACCEPTED
