"""After the award: the grantee accepts (signing the agreement) or declines, the board
rescinds or corrects, and a grant closes when it is paid in full and reported on."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from grants import offers
from grants.markdown import fill_placeholders
from grants.models import Application, ApplicationEvent, AwardAgreement, TransitionRefused
from grants.workflow import State
from notifications.models import Email, Event, Notice
from tests.factories import ApplicationFactory, CycleFactory, UserFactory, force_state


@pytest.fixture
def released_cycle(db):
    return CycleFactory(
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=30),
        decisions_released_at=timezone.now() - timedelta(days=1),
        acceptance_deadline=timezone.now() + timedelta(days=14),
        total_budget=Decimal("5000.00"),
    )


@pytest.fixture
def offer(released_cycle, applicant):
    application = ApplicationFactory(
        cycle=released_cycle, applicant=applicant, amount_requested=Decimal("1700.00")
    )
    return force_state(application, State.AWARDED, awarded_amount=Decimal("1000.00"))


def _events(application):
    return list(
        ApplicationEvent.objects.filter(application=application).values_list(
            "name", "source", "target"
        )
    )


# The grantee's answer -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_offer_page_says_a_partial_award_is_partial(client, offer, applicant):
    client.force_login(applicant)
    body = client.get(reverse("grants:offer", args=[offer.pk])).content.decode()
    assert "1,000.00 USD of the 1,700.00 USD you asked for" in body
    assert applicant.get_full_name() in body  # the agreement is filled with their name


@pytest.mark.django_db
def test_accepting_signs_the_agreement_and_is_audited(client, offer, applicant):
    treasurer = UserFactory(roles=[Role.TREASURER])
    board = UserFactory(roles=[Role.BOARD])
    client.force_login(applicant)
    response = client.post(
        reverse("grants:offer", args=[offer.pk]),
        {"signed_name": f"  {applicant.get_full_name().upper()} ", "agree": "on"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:agreement", args=[offer.pk])
    offer.refresh_from_db()
    assert offer.state == State.ACCEPTED
    signed = AwardAgreement.objects.get(application=offer)
    assert signed.amount == Decimal("1000.00")
    assert signed.signed_name == applicant.get_full_name().upper()
    assert signed.signed_from == "203.0.113.9"
    assert "1,000.00 USD" in signed.text
    assert _events(offer) == [("accept", "awarded", "accepted")]
    assert Notice.objects.filter(user=treasurer, event=Event.AWARD_ACCEPTED).count() == 1
    assert Notice.objects.filter(user=board, event=Event.AWARD_ACCEPTED).count() == 1


@pytest.mark.django_db
def test_a_wrong_name_or_a_missing_tick_is_refused_and_keeps_what_was_typed(
    client, offer, applicant
):
    client.force_login(applicant)
    url = reverse("grants:offer", args=[offer.pk])
    wrong = client.post(url, {"signed_name": "Somebody Else", "agree": "on"})
    assert wrong.status_code == 400
    body = wrong.content.decode()
    assert "Type your full name exactly as it is on your account" in body
    assert 'value="Somebody Else"' in body
    untick = client.post(url, {"signed_name": applicant.get_full_name()})
    assert "Tick the box to say you accept the terms." in untick.content.decode()
    offer.refresh_from_db()
    assert offer.state == State.AWARDED
    assert not AwardAgreement.objects.exists()
    assert _events(offer) == []


@pytest.mark.django_db
def test_an_offer_cannot_be_answered_after_the_acceptance_deadline(offer, applicant):
    offer.cycle.acceptance_deadline = timezone.now() - timedelta(minutes=1)
    offer.cycle.save()
    with pytest.raises(TransitionRefused, match="had to be answered by"):
        offers.accept_award(offer, by=applicant, signed_name=applicant.get_full_name(), agreed=True)
    offer.refresh_from_db()
    assert offer.state == State.AWARDED


@pytest.mark.django_db
def test_an_unreleased_or_someone_elses_offer_is_a_404(client, offer, other_applicant, applicant):
    client.force_login(other_applicant)
    assert client.get(reverse("grants:offer", args=[offer.pk])).status_code == 404
    offer.cycle.decisions_released_at = None
    offer.cycle.save()
    client.force_login(applicant)
    assert client.get(reverse("grants:offer", args=[offer.pk])).status_code == 404


@pytest.mark.django_db
def test_declining_frees_the_money_and_tells_the_board(client, offer, applicant):
    board = UserFactory(roles=[Role.BOARD])
    committed = Application.objects.in_cycle(offer.cycle).committed_total
    assert committed() == Decimal("1000.00")
    client.force_login(applicant)
    empty = client.post(reverse("grants:decline_offer", args=[offer.pk]), {"reason": ""})
    assert "Tell us in a few words why you are declining." in empty.content.decode()
    response = client.post(
        reverse("grants:decline_offer", args=[offer.pk]), {"reason": "I moved away."}
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == State.AWARD_DECLINED
    assert committed() == Decimal("0.00")
    assert _events(offer) == [("decline_award", "awarded", "award_declined")]
    email = Email.objects.get(recipient=board, event=Event.AWARD_TURNED_DOWN)
    assert "I moved away." in email.body_text


# The signed agreement -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_signed_agreement_is_for_the_grantee_board_and_treasurer_only(
    client, offer, applicant, other_applicant, reviewer, board_member
):
    offers.accept_award(offer, by=applicant, signed_name=applicant.get_full_name(), agreed=True)
    url = reverse("grants:agreement", args=[offer.pk])
    treasurer = UserFactory(roles=[Role.TREASURER])
    for person, status in [
        (applicant, 200),
        (board_member, 200),
        (treasurer, 200),
        (other_applicant, 404),
        (reviewer, 404),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == status, person


# The board's corrections and rescinds ---------------------------------------------------


@pytest.mark.django_db
def test_rescinding_needs_a_reason_restores_the_budget_and_writes_to_the_grantee(
    offer, board_member
):
    with pytest.raises(TransitionRefused, match="Write the reason"):
        offers.rescind_award(offer, by=board_member, reason=" ")
    offers.rescind_award(offer, by=board_member, reason="The course was cancelled.")
    offer.refresh_from_db()
    assert offer.state == State.RESCINDED
    assert Application.objects.in_cycle(offer.cycle).committed_total() == Decimal("0.00")
    assert _events(offer) == [("rescind", "awarded", "rescinded")]
    letter = Email.objects.get(recipient=offer.applicant, event=Event.AWARD_RESCINDED)
    assert "The course was cancelled." in letter.body_text


@pytest.mark.django_db
def test_only_the_board_rescinds(offer, staff_member, applicant):
    for person in (staff_member, applicant):
        with pytest.raises(TransitionRefused, match="not allowed"):
            offers.rescind_award(offer, by=person, reason="No.")
    offer.refresh_from_db()
    assert offer.state == State.AWARDED


@pytest.mark.django_db
def test_a_correction_stays_within_the_request_and_the_budget_and_is_told(offer, board_member):
    ApplicationFactory(cycle=offer.cycle)  # another award uses most of the budget
    other = Application.objects.exclude(pk=offer.pk).get()
    force_state(other, State.ACCEPTED, awarded_amount=Decimal("3500.00"))
    with pytest.raises(TransitionRefused, match="more than the amount requested"):
        offers.correct_award(offer, by=board_member, amount=Decimal("1800.00"), reason="x")
    with pytest.raises(TransitionRefused, match=r"The budget has 1,500.00 USD for this award"):
        offers.correct_award(offer, by=board_member, amount=Decimal("1600.00"), reason="x")
    with pytest.raises(TransitionRefused, match="Write the reason"):
        offers.correct_award(offer, by=board_member, amount=Decimal("1500.00"), reason="")
    offers.correct_award(
        offer, by=board_member, amount=Decimal("1500.00"), reason="We misread the quote."
    )
    offer.refresh_from_db()
    assert offer.awarded_amount == Decimal("1500.00")
    event = ApplicationEvent.objects.get(application=offer)
    assert (event.name, event.actor_id) == ("correct_award", board_member.pk)
    assert event.note == "From 1,000.00 USD to 1,500.00 USD: We misread the quote."
    letter = Email.objects.get(recipient=offer.applicant, event=Event.AWARD_CORRECTED)
    assert "before: 1,000.00 USD" in letter.body_text
    assert "now: 1,500.00 USD" in letter.body_text


# Closeout -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_grant_closes_once_paid_in_full_and_its_final_report_is_accepted(
    offer, applicant, staff_member
):
    offers.accept_award(offer, by=applicant, signed_name=applicant.get_full_name(), agreed=True)
    offers.note_paid_in_full(offer, by=staff_member, paid_in_full=True)
    offer.refresh_from_db()
    assert offer.state == State.ACCEPTED
    offers.note_final_report_accepted(offer, by=staff_member)
    offer.refresh_from_db()
    assert offer.state == State.CLOSED
    assert [name for name, _, _ in _events(offer)] == [
        "accept",
        "paid_in_full",
        "final_report_accepted",
        "close",
    ]
    assert Application.objects.in_cycle(offer.cycle).committed_total() == Decimal("1000.00")


# The agreement's text -----------------------------------------------------------------


def test_placeholders_fill_known_names_and_leave_anything_else_as_text():
    text = "Dear {name}, {name.__class__} {0} {unknown} {amount}"
    assert fill_placeholders(text, {"name": "Alma", "amount": "10.00 USD"}) == (
        "Dear Alma, {name.__class__} {0} {unknown} 10.00 USD"
    )


@pytest.mark.django_db
def test_a_cycle_refuses_an_agreement_with_unknown_placeholders():
    cycle = CycleFactory.build(agreement_text="Dear {name}, you owe {debt}.")
    with pytest.raises(ValidationError) as error:
        cycle.clean()
    assert "{debt}" in str(error.value)


@pytest.mark.django_db
def test_an_unanswered_offer_is_reminded_once_before_the_deadline(offer, applicant):
    from notifications.reminders import send_reminders

    offer.cycle.acceptance_deadline = timezone.now() + timedelta(days=2)
    offer.cycle.save()
    assert send_reminders()["offer_3_days"] == 1
    assert send_reminders()["offer_3_days"] == 0
    email = Email.objects.get(recipient=applicant, event=Event.OFFER_REMINDER)
    assert "please answer your award offer" in email.subject
    offers.accept_award(offer, by=applicant, signed_name=applicant.get_full_name(), agreed=True)
    assert Email.objects.filter(event=Event.OFFER_REMINDER).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_applicant", "board_member", "staff_member"])
def test_only_the_grantee_answers_their_offer(request, offer, who):
    person = request.getfixturevalue(who)
    with pytest.raises(TransitionRefused, match="not allowed"):
        offers.accept_award(offer, by=person, signed_name=person.get_full_name(), agreed=True)
    with pytest.raises(TransitionRefused, match="not allowed"):
        offers.decline_award(offer, by=person, reason="Not mine to decline.")
    offer.refresh_from_db()
    assert offer.state == State.AWARDED
    assert _events(offer) == []
    assert not AwardAgreement.objects.exists()


@pytest.mark.django_db
def test_the_close_transition_waits_for_both_facts(offer, applicant, staff_member):
    offers.accept_award(offer, by=applicant, signed_name=applicant.get_full_name(), agreed=True)
    offers.note_final_report_accepted(offer, by=staff_member)
    offer.refresh_from_db()
    assert offer.state == State.ACCEPTED  # not yet paid in full
    assert [name for name, _, _ in _events(offer)] == ["accept", "final_report_accepted"]
