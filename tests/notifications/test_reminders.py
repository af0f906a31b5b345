"""send_reminders: drafts 7 days and 1 day before the deadline, reviews 3 days before they
are due and when overdue; once each, and never to people who turned reminders off."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.roles import Role
from grants.workflow import State
from notifications.models import ReminderKind, ReminderLog
from notifications.reminders import send_reminders
from reviews.models import AssignmentStatus
from tests import factories
from tests.factories import force_state
from tests.notifications.helpers import everything_sent_to, sent_to

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=NEW_YORK)
NOTHING = {kind.value: 0 for kind in ReminderKind}


def counts(**sent):
    return {**NOTHING, **sent}


@pytest.fixture
def closing_cycle(db):
    """Opened a month ago, closes in six days and eight hours (March 7, 5 PM)."""
    return factories.CycleFactory(
        title="Spring 2027 practitioner grants",
        opens_at=NOW - timedelta(days=30),
        closes_at=datetime(2027, 3, 7, 17, 0, tzinfo=NEW_YORK),
    )


@pytest.fixture
def draft(closing_cycle, applicant):
    return factories.ApplicationFactory(
        cycle=closing_cycle, applicant=applicant, title="Oncology massage certification"
    )


TAIL = "Oncology massage certification — Spring 2027 practitioner grants"


def test_a_draft_gets_a_reminder_a_week_before_the_deadline(
    draft, applicant, committed, mailoutbox
):
    with committed():
        assert send_reminders(now=NOW) == counts(draft_7_days=1)

    subject = f"Reminder: submit by Sunday 7 March 2027: {TAIL}"
    assert sent_to(mailoutbox) == [(applicant.email, subject)]
    body = mailoutbox[0].body
    assert "Sunday 7 March 2027, 5:00pm (New York time), 6 days from now" in body
    assert 'You can turn reminders off in your profile ("Send me reminders")' in body


def test_send_reminders_twice_in_a_row_sends_once(draft, applicant, committed, mailoutbox):
    with committed():
        send_reminders(now=NOW)
        assert send_reminders(now=NOW) == NOTHING
        assert send_reminders(now=NOW + timedelta(hours=3)) == NOTHING

    assert len(mailoutbox) == 1
    assert ReminderLog.objects.get().kind == ReminderKind.DRAFT_7_DAYS


def test_the_command_twice_in_a_row_sends_once(closing_cycle, committed, mailoutbox):
    # The command uses the real clock: a cycle closing in three days.
    cycle = factories.CycleFactory(closes_at=timezone.now() + timedelta(days=3))
    factories.ApplicationFactory(cycle=cycle)
    first, second = io.StringIO(), io.StringIO()

    with committed():
        call_command("send_reminders", stdout=first)
        call_command("send_reminders", stdout=second)

    assert "Draft: 7 days before the deadline: 1 sent" in first.getvalue()
    assert "Draft: 7 days before the deadline: 0 sent" in second.getvalue()
    assert len(mailoutbox) == 1


def test_the_last_day_brings_a_second_reminder(draft, applicant, committed, mailoutbox):
    with committed():
        send_reminders(now=NOW)
        last_day = datetime(2027, 3, 6, 18, 0, tzinfo=NEW_YORK)
        assert send_reminders(now=last_day) == counts(draft_1_day=1)
        assert send_reminders(now=last_day + timedelta(hours=1)) == NOTHING

    assert [m.subject for m in mailoutbox] == [
        f"Reminder: submit by Sunday 7 March 2027: {TAIL}",
        f"Last reminder: submit by Sunday 7 March 2027, 5:00pm: {TAIL}",
    ]


def test_a_draft_first_seen_on_its_last_day_gets_only_the_last_reminder(
    draft, committed, mailoutbox
):
    with committed():
        assert send_reminders(now=datetime(2027, 3, 7, 9, 0, tzinfo=NEW_YORK)) == counts(
            draft_1_day=1
        )

    assert len(mailoutbox) == 1


def test_no_reminder_for_submitted_far_off_or_closed_applications(
    closing_cycle, committed, mailoutbox
):
    submitted = factories.ApplicationFactory(cycle=closing_cycle)
    force_state(submitted, State.SUBMITTED, submitted_at=NOW)
    far_off = factories.CycleFactory(
        opens_at=NOW - timedelta(days=1), closes_at=NOW + timedelta(days=20)
    )
    factories.ApplicationFactory(cycle=far_off)
    closed = factories.CycleFactory(
        opens_at=NOW - timedelta(days=40), closes_at=NOW - timedelta(hours=1)
    )
    factories.ApplicationFactory(cycle=closed)

    with committed():
        assert send_reminders(now=NOW) == NOTHING

    assert mailoutbox == []


def test_a_personal_extension_is_the_deadline_reminders_count_from(
    applicant, committed, mailoutbox
):
    closed = factories.CycleFactory(
        opens_at=NOW - timedelta(days=40), closes_at=NOW - timedelta(days=2)
    )
    factories.ApplicationFactory(
        cycle=closed, applicant=applicant, deadline_extended_until=NOW + timedelta(hours=12)
    )

    with committed():
        assert send_reminders(now=NOW) == counts(draft_1_day=1)

    assert mailoutbox[0].subject.startswith("Last reminder: submit by Monday 1 March 2027, 9:00pm:")


def test_people_who_turned_reminders_off_get_none_but_still_get_receipts(
    draft, applicant, committed, mailoutbox
):
    from grants import services

    applicant.wants_reminders = False
    applicant.save()

    with committed():
        assert send_reminders(now=NOW) == NOTHING
    assert mailoutbox == []
    assert ReminderLog.objects.count() == 0

    with committed():
        services.submit(draft, by=applicant, at=NOW)
    assert [m.subject for m in mailoutbox] == [f"Application received: {TAIL}"]


# Reviewers ----------------------------------------------------------------------------


@pytest.fixture
def blind_application(closing_cycle):
    applicant = factories.UserFactory(
        roles=[Role.APPLICANT], full_name="Ottoline Vasquez-Brandt", email="ottoline@example.net"
    )
    application = factories.ApplicationFactory(
        cycle=closing_cycle, applicant=applicant, title="Oncology massage certification"
    )
    return force_state(application, State.UNDER_REVIEW, submitted_at=NOW)


def test_a_reviewer_is_reminded_three_days_before_the_due_date(
    blind_application, reviewer, committed, mailoutbox
):
    factories.AssignmentFactory(
        application=blind_application,
        reviewer=reviewer,
        due_at=datetime(2027, 3, 3, 17, 0, tzinfo=NEW_YORK),
    )

    with committed():
        assert send_reminders(now=NOW) == counts(review_due_3_days=1)
        assert send_reminders(now=NOW) == NOTHING

    assert sent_to(mailoutbox) == [(reviewer.email, f"Reminder: review due March 3: {TAIL}")]
    assert "Wednesday 3 March 2027, 5:00pm (New York time)" in mailoutbox[0].body


def test_an_overdue_review_brings_one_more_reminder(
    blind_application, reviewer, committed, mailoutbox
):
    factories.AssignmentFactory(
        application=blind_application,
        reviewer=reviewer,
        due_at=datetime(2027, 3, 3, 17, 0, tzinfo=NEW_YORK),
    )
    with committed():
        send_reminders(now=NOW)
        late = datetime(2027, 3, 4, 9, 0, tzinfo=NEW_YORK)
        assert send_reminders(now=late) == counts(review_overdue=1)
        assert send_reminders(now=late + timedelta(days=1)) == NOTHING

    assert [m.subject for m in mailoutbox] == [
        f"Reminder: review due March 3: {TAIL}",
        f"Overdue review: {TAIL}",
    ]


def test_the_cycle_due_date_counts_when_the_assignment_has_none(
    blind_application, reviewer, committed, mailoutbox
):
    cycle = blind_application.cycle
    cycle.reviews_due_at = NOW - timedelta(days=1)
    cycle.save()
    factories.AssignmentFactory(application=blind_application, reviewer=reviewer, due_at=None)

    with committed():
        assert send_reminders(now=NOW) == counts(review_overdue=1)


def test_reviewer_reminders_never_name_the_applicant_of_a_blind_cycle(
    blind_application, reviewer, committed, mailoutbox
):
    factories.AssignmentFactory(
        application=blind_application, reviewer=reviewer, due_at=NOW - timedelta(hours=1)
    )
    with committed():
        send_reminders(now=NOW)

    received = everything_sent_to(mailoutbox, reviewer.email)
    assert received
    for identity in ("Ottoline", "Vasquez", "ottoline@example.net"):
        assert identity not in received


def test_no_review_reminder_once_submitted_declined_as_conflict_or_far_off(
    blind_application, committed, mailoutbox
):
    soon = NOW + timedelta(days=1)
    factories.AssignmentFactory(
        application=blind_application, status=AssignmentStatus.SUBMITTED, due_at=soon
    )
    factories.AssignmentFactory(
        application=blind_application, status=AssignmentStatus.CONFLICT, due_at=soon
    )
    factories.AssignmentFactory(application=blind_application, due_at=NOW + timedelta(days=5))
    no_reminders = factories.UserFactory(wants_reminders=False)
    factories.AssignmentFactory(application=blind_application, reviewer=no_reminders, due_at=soon)

    with committed():
        assert send_reminders(now=NOW) == NOTHING

    assert mailoutbox == []
