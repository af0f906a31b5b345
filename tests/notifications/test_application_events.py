"""Who hears of what when an application moves: submit, return, withdraw, reviews complete."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from grants import services
from grants.dates import moment_words
from grants.workflow import State
from notifications.models import Email, EmailStatus, Event, Notice
from reviews.models import AssignmentStatus
from tests import factories
from tests.factories import force_state
from tests.notifications.helpers import everything_sent_to, notices, outbox_rows, sent_to

pytestmark = pytest.mark.django_db

SUBJECT_TAIL = "Oncology massage certification — Spring 2027 practitioner grants"


def test_submitting_sends_the_applicant_a_receipt_and_staff_a_notice(
    application, applicant, staff_member, board_member, reviewer, committed, mailoutbox
):
    with committed():
        services.submit(application, by=applicant)

    assert sent_to(mailoutbox) == [(applicant.email, f"Application received: {SUBJECT_TAIL}")]
    assert notices() == sorted(
        [
            (applicant.email, f"Application received: {SUBJECT_TAIL}"),
            (staff_member.email, f"New application submitted: {SUBJECT_TAIL}"),
        ]
    )
    assert Email.objects.get().status == EmailStatus.SENT


def test_the_receipt_summarises_what_was_submitted_and_never_says_draft(
    cycle, applicant, committed, mailoutbox
):
    question = factories.CycleQuestionFactory(cycle=cycle, label="Where will you practise?")
    application = factories.ApplicationFactory(
        cycle=cycle,
        applicant=applicant,
        title="Oncology massage certification",
        amount_requested="1500.00",
        budget=[("Course fee", "1200.00"), ("Travel", "300.00")],
    )
    factories.AnswerFactory(application=application, question=question, value="Mercy Hospital")
    factories.AttachmentFactory(application=application, original_name="course-quote.pdf")

    with committed():
        services.submit(application, by=applicant)

    message = mailoutbox[0]
    html = message.alternatives[0].content
    for body in (message.body, html):
        assert "Oncology massage certification" in body
        assert "Spring 2027 practitioner grants" in body
        assert "1,500.00 USD" in body
        assert "Course fee" in body and "1,200.00 USD" in body
        assert "Travel" in body and "300.00 USD" in body
        assert "Where will you practise?" in body and "Mercy Hospital" in body
        assert "course-quote.pdf" in body
        assert "(New York time)" in body
        assert "draft" not in body.lower()
        assert "Why you received this: you submitted an application to" in body
    assert message.alternatives[0].mimetype == "text/html"


def test_the_board_member_who_marks_reviews_complete_is_not_told_of_it(
    application, board_member, committed, mailoutbox
):
    other_board = factories.UserFactory(roles=[Role.BOARD])
    force_state(application, State.UNDER_REVIEW, submitted_at=timezone.now())
    with committed():
        services.complete_review(application, by=board_member)

    assert sent_to(mailoutbox) == [(other_board.email, f"All reviews in: {SUBJECT_TAIL}")]


def test_returning_for_changes_tells_the_applicant_the_message_and_new_deadline(
    application, applicant, staff_member, board_member, committed, mailoutbox
):
    services.submit(application, by=applicant)
    mailoutbox.clear()
    until = application.cycle.closes_at + timedelta(days=5)
    with committed():
        services.return_for_changes(
            application, by=staff_member, note="Please add a quote for the course.", until=until
        )

    assert sent_to(mailoutbox) == [
        (applicant.email, f"Changes requested on your application: {SUBJECT_TAIL}")
    ]
    body = mailoutbox[0].body
    assert "Please add a quote for the course." in body
    assert moment_words(until, application.cycle.tz) in body
    assert moment_words(until, application.cycle.tz).endswith("m (New York time)")
    assert Notice.objects.filter(user=applicant, event=Event.RETURNED).count() == 1


def test_withdrawal_tells_staff_and_nobody_else(
    application, applicant, staff_member, board_member, reviewer, committed, mailoutbox
):
    services.submit(application, by=applicant)
    factories.AssignmentFactory(application=application, reviewer=reviewer)
    mailoutbox.clear()
    with committed():
        services.withdraw(application, by=applicant, note="I moved away.")

    assert sent_to(mailoutbox) == [(staff_member.email, f"Application withdrawn: {SUBJECT_TAIL}")]
    body = mailoutbox[0].body
    assert applicant.full_name in body
    assert "It was submitted before." in body
    assert "I moved away." in body
    assert "1 reviewer assignment on it is still open" in body


def test_all_reviews_in_tells_the_board_only(
    application, applicant, staff_member, board_member, reviewer, committed, mailoutbox
):
    other_board = factories.UserFactory(roles=[Role.BOARD])
    force_state(application, State.UNDER_REVIEW, submitted_at=timezone.now())
    review = factories.ReviewFactory(
        assignment__application=application,
        assignment__reviewer=reviewer,
        assignment__status=AssignmentStatus.SUBMITTED,
    )
    review.submitted_at = timezone.now()
    review.save()

    with committed():
        services.complete_review(application, by=reviewer, check_permission=False)

    assert sent_to(mailoutbox) == sorted(
        [
            (board_member.email, f"All reviews in: {SUBJECT_TAIL}"),
            (other_board.email, f"All reviews in: {SUBJECT_TAIL}"),
        ]
    )
    assert "1 review submitted" in mailoutbox[0].body
    assert reviewer.full_name not in everything_sent_to(mailoutbox, board_member.email)


def test_an_event_that_rolls_back_sends_nothing(
    application, applicant, staff_member, committed, mailoutbox
):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        services.submit(application, by=applicant)
        raise RuntimeError("the request failed after the transition")

    assert mailoutbox == []
    assert outbox_rows() == []
    assert notices() == []


def test_a_refused_submission_sends_nothing(cycle, applicant, committed, mailoutbox):
    from grants.models import TransitionRefused

    application = factories.ApplicationFactory(cycle=cycle, applicant=applicant, title="")
    with committed(), pytest.raises(TransitionRefused):
        services.submit(application, by=applicant)

    assert mailoutbox == []
    assert outbox_rows() == []


def test_start_review_sends_nothing(application, applicant, staff_member, committed, mailoutbox):
    services.submit(application, by=applicant)
    mailoutbox.clear()
    Email.objects.all().delete()
    with committed():
        services.start_review(application, by=staff_member)

    assert mailoutbox == []
    assert outbox_rows() == []
