"""Reviewer assigned, conflict declared, review submitted: recipients, and blind review."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.roles import Role
from grants.workflow import State
from notifications.models import Event, Notice
from reviews.models import AssignmentStatus
from reviews.signals import conflict_declared, review_submitted, reviewer_assigned
from tests import factories
from tests.factories import force_state
from tests.notifications.helpers import everything_sent_to, notices, sent_to

pytestmark = pytest.mark.django_db

SUBJECT_TAIL = "Oncology massage certification — Spring 2027 practitioner grants"
DUE = datetime(2027, 4, 30, 17, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def applicant(db):
    return factories.UserFactory(
        roles=[Role.APPLICANT],
        full_name="Wilhelmina Quenby-Oduya",
        email="wilhelmina.quenby@example.net",
    )


@pytest.fixture
def submitted(application):
    return force_state(application, State.UNDER_REVIEW, submitted_at=timezone.now())


def assign(application, reviewer, board_member):
    assignment = factories.AssignmentFactory(
        application=application, reviewer=reviewer, assigned_by=board_member, due_at=DUE
    )
    reviewer_assigned.send(sender=type(assignment), assignment=assignment, by=board_member)
    return assignment


def test_an_assigned_reviewer_is_told_with_the_due_date_and_a_link(
    submitted, applicant, reviewer, board_member, staff_member, committed, mailoutbox
):
    with committed():
        assign(submitted, reviewer, board_member)

    assert sent_to(mailoutbox) == [(reviewer.email, f"Review assigned to you: {SUBJECT_TAIL}")]
    body = mailoutbox[0].body
    assert "Friday 30 April 2027, 5:00pm (New York time)" in body
    assert "Open your review: http://127.0.0.1:8000/" in body
    assert notices() == [(reviewer.email, f"Review assigned to you: {SUBJECT_TAIL}")]


def test_a_reviewer_of_a_blind_cycle_never_learns_who_applied(
    submitted, applicant, reviewer, board_member, committed, mailoutbox
):
    assert submitted.cycle.blind_review is True
    with committed():
        assign(submitted, reviewer, board_member)

    received = everything_sent_to(mailoutbox, reviewer.email)
    assert "blind review" in received
    for identity in (applicant.full_name, "Wilhelmina", "Quenby", applicant.email):
        assert identity not in received
    notice = Notice.objects.get(user=reviewer)
    assert applicant.full_name not in f"{notice.title} {notice.body}"


def test_a_reviewer_of_an_open_cycle_sees_the_applicants_name(
    submitted, applicant, reviewer, board_member, committed, mailoutbox
):
    submitted.cycle.blind_review = False
    submitted.cycle.save()
    with committed():
        assign(submitted, reviewer, board_member)

    assert "It was written by Wilhelmina Quenby-Oduya." in mailoutbox[0].body


def test_assignment_notices_are_sent_even_to_people_who_turned_reminders_off(
    submitted, reviewer, board_member, committed, mailoutbox
):
    reviewer.wants_reminders = False
    reviewer.save()
    with committed():
        assign(submitted, reviewer, board_member)

    assert sent_to(mailoutbox) == [(reviewer.email, f"Review assigned to you: {SUBJECT_TAIL}")]
    assert "always sent" in mailoutbox[0].body


def test_a_declared_conflict_tells_the_board_and_not_the_applicant(
    submitted, applicant, reviewer, board_member, staff_member, committed, mailoutbox
):
    other_board = factories.UserFactory(roles=[Role.BOARD])
    assignment = factories.AssignmentFactory(
        application=submitted,
        reviewer=reviewer,
        status=AssignmentStatus.CONFLICT,
        conflict_declared_at=timezone.now(),
        conflict_reason="She is my business partner.",
    )
    factories.AssignmentFactory(application=submitted)

    with committed():
        conflict_declared.send(sender=type(assignment), assignment=assignment, by=reviewer)

    assert sent_to(mailoutbox) == sorted(
        [
            (board_member.email, f"Conflict declared: {SUBJECT_TAIL}"),
            (other_board.email, f"Conflict declared: {SUBJECT_TAIL}"),
        ]
    )
    body = mailoutbox[0].body
    assert reviewer.full_name in body
    assert "She is my business partner." in body
    assert "now has 1 of 2 reviewers it needs" in body
    assert everything_sent_to(mailoutbox, applicant.email) == ""


def test_a_submitted_review_gives_the_reviewer_a_notice_and_nobody_an_email(
    submitted, applicant, reviewer, committed, mailoutbox
):
    review = factories.ReviewFactory(
        assignment__application=submitted,
        assignment__reviewer=reviewer,
        submitted_at=timezone.now(),
    )
    with committed():
        review_submitted.send(sender=type(review), review=review, by=reviewer, revised=False)
        review_submitted.send(sender=type(review), review=review, by=reviewer, revised=True)

    assert mailoutbox == []
    assert notices() == [
        (reviewer.email, f"Review received: {SUBJECT_TAIL}"),
        (reviewer.email, f"Review revision saved: {SUBJECT_TAIL}"),
    ]
    assert Notice.objects.filter(user=applicant).count() == 0
    assert set(Notice.objects.values_list("event", flat=True)) == {Event.REVIEW_RECEIVED}
