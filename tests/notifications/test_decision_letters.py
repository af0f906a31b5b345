"""Decision letters: sent on release (never on the decision itself), one per applicant,
each kind with its own subject, and never naming a reviewer."""

from decimal import Decimal

import pytest
from django.utils import timezone

from decisions.signals import decisions_released
from grants import services
from grants.workflow import State
from notifications.models import Email
from tests import factories
from tests.factories import force_state
from tests.notifications.helpers import everything_sent_to, sent_to

pytestmark = pytest.mark.django_db


def reviewed_application(cycle, title):
    application = factories.ApplicationFactory(cycle=cycle, title=title)
    return force_state(application, State.REVIEWED, submitted_at=timezone.now())


def release(cycle, by):
    cycle.decisions_released_at = timezone.now()
    cycle.save()
    decisions_released.send(sender=type(cycle), cycle=cycle, by=by)


@pytest.fixture
def decided(cycle, board_member, reviewer):
    awarded = reviewed_application(cycle, "Course in lymphedema care")
    waitlisted = reviewed_application(cycle, "Support group sessions")
    declined = reviewed_application(cycle, "Massage table")
    undecided = reviewed_application(cycle, "Community workshop")
    for application in (awarded, waitlisted, declined):
        factories.ReviewFactory(
            assignment__application=application,
            assignment__reviewer=reviewer,
            overall_comment="Strong plan.",
            submitted_at=timezone.now(),
        )
    services.award(awarded, by=board_member, amount=Decimal("1200.00"), note="Fund it.")
    services.waitlist(waitlisted, by=board_member)
    services.decline(declined, by=board_member)
    return awarded, waitlisted, declined, undecided


def test_deciding_before_the_release_sends_nothing(decided, mailoutbox):
    assert mailoutbox == []
    assert Email.objects.count() == 0


def test_release_sends_each_decided_applicant_their_own_letter(
    cycle, decided, board_member, staff_member, committed, mailoutbox
):
    awarded, waitlisted, declined, undecided = decided
    # Letters are not reminders: turning reminders off does not stop them.
    declined.applicant.wants_reminders = False
    declined.applicant.save()
    with committed():
        release(cycle, board_member)

    tail = "— Spring 2027 practitioner grants"
    assert sent_to(mailoutbox) == sorted(
        [
            (awarded.applicant.email, f"Your grant is awarded: Course in lymphedema care {tail}"),
            (
                waitlisted.applicant.email,
                f"Your application is on the waitlist: Support group sessions {tail}",
            ),
            (declined.applicant.email, f"Not funded this time: Massage table {tail}"),
        ]
    )
    assert everything_sent_to(mailoutbox, undecided.applicant.email) == ""
    assert "a grant of **1,200.00 USD**" in everything_sent_to(mailoutbox, awarded.applicant.email)
    assert "a grant of <strong>1,200.00 USD</strong>" in everything_sent_to(
        mailoutbox, awarded.applicant.email
    )


def test_letter_subjects_differ_from_the_receipt_and_from_each_other(
    cycle, decided, board_member, committed, mailoutbox
):
    with committed():
        release(cycle, board_member)

    subjects = [message.subject for message in mailoutbox]
    assert len({subject.split(":")[0] for subject in subjects}) == 3
    assert not any(subject.startswith("Application received") for subject in subjects)


def test_no_applicant_learns_who_reviewed(
    cycle, decided, board_member, reviewer, committed, mailoutbox
):
    with committed():
        release(cycle, board_member)

    for application in decided[:3]:
        received = everything_sent_to(mailoutbox, application.applicant.email)
        assert received
        assert reviewer.full_name not in received
        assert reviewer.email not in received
        assert board_member.full_name not in received


def test_releasing_twice_sends_each_letter_once(
    cycle, decided, board_member, committed, mailoutbox
):
    with committed():
        release(cycle, board_member)
        release(cycle, board_member)

    assert len(mailoutbox) == 3


def test_a_decision_made_after_the_release_sends_its_letter_at_once(
    cycle, decided, board_member, committed, mailoutbox
):
    """A waitlisted application awarded after the release gets the offer-to-the-next
    letter, not the ordinary award letter; a later decline gets the decline letter."""
    awarded, waitlisted, declined, undecided = decided
    other = reviewed_application(cycle, "Hospice volunteer training")
    services.waitlist(other, by=board_member)
    with committed():
        release(cycle, board_member)
    mailoutbox.clear()
    waitlisted.refresh_from_db()
    other.refresh_from_db()

    with committed():
        services.award(waitlisted, by=board_member, amount=Decimal("500.00"))
        services.decline(other, by=board_member)

    assert sent_to(mailoutbox) == sorted(
        [
            (
                waitlisted.applicant.email,
                "Good news: your grant is awarded from the waitlist: Support group sessions "
                "— Spring 2027 practitioner grants",
            ),
            (
                other.applicant.email,
                "Not funded this time: Hospice volunteer training "
                "— Spring 2027 practitioner grants",
            ),
        ]
    )
    offer = everything_sent_to(mailoutbox, waitlisted.applicant.email)
    assert "a grant of **500.00 USD** (you asked for 1,200.00 USD)" in offer
    assert "Read the agreement and answer: http" in offer
