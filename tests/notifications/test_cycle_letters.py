"""The cycle's own letter texts in the emails: staff's words in both parts, the partial
award, the offer to the next, corrections and rescinds, and the reviewers' comments that
the board may share with declined applicants (never a reviewer's name or score)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from decisions import awards
from decisions import services as decisions
from grants import offers, services
from grants.models import CycleLetter
from grants.workflow import State
from notifications.models import Email, Event
from reviews.models import AssignmentStatus
from tests import factories
from tests.factories import force_state
from tests.notifications.helpers import everything_sent_to

pytestmark = pytest.mark.django_db


def reviewed(cycle, title, requested="1200.00"):
    application = factories.ApplicationFactory(
        cycle=cycle, title=title, amount_requested=Decimal(requested)
    )
    return force_state(application, State.REVIEWED, submitted_at=timezone.now())


def submitted_review(application, reviewer, comment, **kwargs):
    return factories.ReviewFactory(
        assignment__application=application,
        assignment__reviewer=reviewer,
        assignment__status=AssignmentStatus.SUBMITTED,
        overall_comment=comment,
        submitted_at=timezone.now(),
        **kwargs,
    )


def only_email(address):
    return Email.objects.get(to_address=address)


def test_a_staff_edited_letter_is_sent_in_both_parts(cycle, board_member, committed, mailoutbox):
    CycleLetter.objects.create(
        cycle=cycle,
        kind="award",
        subject="Funded! {title}",
        body="Dear {name},\n\nThe society grants you **{amount}** for {purpose}.",
    )
    application = reviewed(cycle, "Lymphedema course")
    services.award(application, by=board_member, amount=Decimal("1200.00"))
    with committed():
        decisions.release_decisions(cycle, by=board_member)

    [message] = mailoutbox
    name = application.applicant.get_full_name()
    purpose = application.get_purpose_display()
    assert message.subject == "Funded! Lymphedema course"
    assert f"Dear {name},\n\nThe society grants you **1,200.00 USD** for {purpose}." in (
        message.body
    )
    html = message.alternatives[0][0]
    assert f"<p>Dear {name},</p>" in html
    assert f"<p>The society grants you <strong>1,200.00 USD</strong> for {purpose}.</p>" in html
    # The greeting, the link and the footer stay the email's own.
    assert message.body.startswith(f"Hello {application.applicant.get_short_name()},")
    assert "Read the agreement and answer: http" in message.body
    assert "Why you received this: you applied to" in message.body
    assert "Congratulations" not in message.body


def test_a_blank_subject_keeps_the_default_and_values_cannot_become_markup(
    cycle, board_member, committed, mailoutbox
):
    CycleLetter.objects.create(cycle=cycle, kind="decline", subject="", body="About {title}.")
    application = reviewed(cycle, "<b>Bold</b> [a link](https://evil.example) *mine*")
    services.decline(application, by=board_member)
    with committed():
        decisions.release_decisions(cycle, by=board_member)

    [message] = mailoutbox
    assert message.subject.startswith("Not funded this time: <b>Bold</b> [a link]")
    html = message.alternatives[0][0]
    assert "<p>About &lt;b&gt;Bold&lt;/b&gt; [a link](https://evil.example) *mine*.</p>" in html
    assert 'href="https://evil.example"' not in html
    assert "<em>" not in html


def test_a_partial_award_says_what_part_of_the_request_it_is(
    cycle, board_member, committed, mailoutbox
):
    partial = reviewed(cycle, "Certification", requested="1700.00")
    full = reviewed(cycle, "Table", requested="400.00")
    services.award(partial, by=board_member, amount=Decimal("1000.00"))
    services.award(full, by=board_member, amount=Decimal("400.00"))
    with committed():
        decisions.release_decisions(cycle, by=board_member)

    partial_letter = only_email(partial.applicant.email)
    assert partial_letter.subject.startswith("Your grant is awarded in part: Certification")
    assert "1,000.00 USD of the 1,700.00 USD you asked for" in partial_letter.body_text
    assert "1,000.00 USD of the 1,700.00 USD you asked for" in partial_letter.body_html
    assert partial_letter.event == Event.AWARDED
    full_letter = only_email(full.applicant.email)
    assert full_letter.subject.startswith("Your grant is awarded: Table")
    assert "you asked for" not in full_letter.body_text


def test_offering_to_the_next_sends_the_offer_letter(board_member, committed, mailoutbox):
    cycle = factories.CycleFactory(
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=30),
        decisions_released_at=timezone.now() - timedelta(days=1),
        total_budget=Decimal("1000.00"),
    )
    CycleLetter.objects.create(
        cycle=cycle, kind="offer_to_next", body="A place opened: {amount} of {requested}."
    )
    waiting = factories.ApplicationFactory(cycle=cycle, amount_requested=Decimal("900.00"))
    force_state(waiting, State.WAITLISTED, submitted_at=timezone.now())
    with committed():
        awards.offer_to_next(cycle, by=board_member)

    [message] = mailoutbox
    assert message.subject.startswith("Good news: your grant is awarded from the waitlist:")
    assert "A place opened: 900.00 USD of 900.00 USD." in message.body
    assert "Read the agreement and answer" in message.body
    assert Email.objects.get().event == Event.AWARDED


@pytest.fixture
def open_offer(board_member):
    cycle = factories.CycleFactory(
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=30),
        decisions_released_at=timezone.now() - timedelta(days=1),
        total_budget=Decimal("3000.00"),
    )
    application = factories.ApplicationFactory(cycle=cycle, amount_requested=Decimal("1700.00"))
    return force_state(
        application, State.AWARDED, awarded_amount=Decimal("1000.00"), submitted_at=timezone.now()
    )


def test_a_correction_sends_the_cycles_correction_letter(
    open_offer, board_member, committed, mailoutbox
):
    CycleLetter.objects.create(
        cycle=open_offer.cycle,
        kind="correction",
        body="Was {previous_amount}, now {amount}. Why: {reason}",
    )
    with committed():
        offers.correct_award(
            open_offer, by=board_member, amount=Decimal("1500.00"), reason="Misread <quote>."
        )

    [message] = mailoutbox
    assert message.subject.startswith("Your award amount has changed:")
    assert "Was 1,000.00 USD, now 1,500.00 USD. Why: Misread <quote>." in message.body
    assert "Why: Misread &lt;quote&gt;." in message.alternatives[0][0]
    assert Email.objects.get().event == Event.AWARD_CORRECTED


def test_a_rescind_sends_the_rescind_letter_with_the_reason(
    open_offer, board_member, committed, mailoutbox
):
    with committed():
        offers.rescind_award(
            open_offer, by=board_member, reason="The course was cancelled.\nSorry."
        )

    [message] = mailoutbox
    assert message.subject.startswith("Your award is withdrawn:")
    assert "withdrawn the award of **1,000.00 USD**" in message.body
    assert "> The course was cancelled.\nSorry." in message.body
    html = message.alternatives[0][0]
    assert "<blockquote>\n<p>The course was cancelled.<br>\nSorry.</p>\n</blockquote>" in html
    assert Email.objects.get().event == Event.AWARD_RESCINDED


@pytest.fixture
def declined_with_reviews(cycle, board_member):
    application = reviewed(cycle, "Support group")
    criterion = factories.CriterionFactory(rubric__cycle=cycle, name="Feasibility")
    first = factories.UserFactory(full_name="Rhoda Reviewer")
    second = factories.UserFactory(full_name="Samir Scorer")
    review = submitted_review(application, first, "Lovely idea; the budget is thin.")
    factories.ScoreFactory(review=review, criterion=criterion, value=2, comment="Needs a venue.")
    submitted_review(application, second, "Please say who you will serve.")
    recused = submitted_review(application, factories.UserFactory(), "I know them well.")
    recused.assignment.status = AssignmentStatus.CONFLICT
    recused.assignment.save()
    draft = submitted_review(application, factories.UserFactory(), "Unfinished thoughts.")
    draft.submitted_at = None
    draft.save()
    services.decline(application, by=board_member)
    return application, (first, second)


def test_shared_comments_reach_the_declined_applicant_without_names_or_scores(
    cycle, declined_with_reviews, board_member, committed, mailoutbox
):
    application, reviewers = declined_with_reviews
    with committed():
        decisions.release_decisions(cycle, by=board_member, share_comments=True)

    received = everything_sent_to(mailoutbox, application.applicant.email)
    assert "What the reviewers wrote" in received
    assert "**Reviewer 1**\n\nLovely idea; the budget is thin." in received
    assert "**Reviewer 1, on Feasibility**\n\nNeeds a venue." in received
    assert "**Reviewer 2**\n\nPlease say who you will serve." in received
    assert "<p><strong>Reviewer 2</strong></p>\n<p>Please say who you will serve.</p>" in received
    for reviewer in reviewers:
        assert reviewer.full_name not in received
        assert reviewer.email not in received
    assert "I know them well" not in received  # recused
    assert "Unfinished thoughts" not in received  # never submitted
    assert "2 of 5" not in received and "score" not in received.lower().replace(
        "their scores stay with the board", ""
    )
    cycle.refresh_from_db()
    assert cycle.reviewer_comments_shared is True


def test_without_the_tick_nothing_from_the_reviews_is_sent(
    cycle, declined_with_reviews, board_member, committed, mailoutbox
):
    application, _ = declined_with_reviews
    with committed():
        decisions.release_decisions(cycle, by=board_member)

    received = everything_sent_to(mailoutbox, application.applicant.email)
    assert "Not funded this time" in received
    for words in ("What the reviewers wrote", "Lovely idea", "Needs a venue", "Reviewer 1"):
        assert words not in received


def test_a_decline_after_a_sharing_release_shares_the_comments_too(
    cycle, board_member, reviewer, committed, mailoutbox
):
    later = reviewed(cycle, "Waiting project")
    submitted_review(later, reviewer, "Good, but others were stronger.")
    services.waitlist(later, by=board_member)
    with committed():
        decisions.release_decisions(cycle, by=board_member, share_comments=True)
    mailoutbox.clear()
    later.refresh_from_db()

    with committed():
        services.decline(later, by=board_member)

    [message] = mailoutbox
    assert "Good, but others were stronger." in message.body
    assert reviewer.full_name not in message.body
