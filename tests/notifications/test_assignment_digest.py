"""Automatic assignment tells each reviewer once, listing all their new applications."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from grants.models import ApplicationEvent
from grants.workflow import State
from reviews import services
from tests import factories
from tests.factories import force_state
from tests.notifications.helpers import everything_sent_to, notices, sent_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return factories.UserFactory(
        roles=[Role.APPLICANT], full_name="Ottoline Vexley-Marr", email="ottoline@example.net"
    )


def submitted_application(cycle, applicant, title):
    application = factories.ApplicationFactory(cycle=cycle, applicant=applicant, title=title)
    return force_state(application, State.SUBMITTED, submitted_at=timezone.now())


def test_auto_assignment_sends_one_digest_per_reviewer(
    cycle, applicant, board_member, committed, mailoutbox
):
    cycle.reviewers_per_application = 1
    cycle.save()
    first = submitted_application(cycle, applicant, "Course in lymphedema care")
    second = submitted_application(cycle, factories.UserFactory(), "Hospice outreach")
    reviewer = factories.UserFactory(roles=[Role.APPLICANT, Role.REVIEWER])

    with committed():
        plan = services.auto_assign(cycle, seed=3, reviewers=[reviewer.pk])
        services.apply_plan(plan, by=board_member)

    subject = f"2 reviews assigned to you — {cycle}"
    assert sent_to(mailoutbox) == [(reviewer.email, subject)]
    assert notices() == [(reviewer.email, subject)]
    body = everything_sent_to(mailoutbox, reviewer.email)
    assert "Course in lymphedema care" in body and "Hospice outreach" in body
    assert "Ottoline" not in body and "ottoline@example.net" not in body
    assert "This cycle uses blind review" in body
    # The bulk start of reviews is the same transition, audited once per application.
    for application in (first, second):
        application.refresh_from_db()
        assert application.state == State.UNDER_REVIEW
        events = ApplicationEvent.objects.filter(application=application, name="start_review")
        assert list(events.values_list("source", "target", "actor", "note")) == [
            (State.SUBMITTED, State.UNDER_REVIEW, board_member.pk, "First reviewer assigned.")
        ]


def test_a_reviewer_given_one_application_gets_the_ordinary_notice(
    cycle, applicant, board_member, committed, mailoutbox
):
    cycle.reviewers_per_application = 1
    cycle.save()
    application = submitted_application(cycle, applicant, "Course in lymphedema care")
    reviewer = factories.UserFactory(roles=[Role.APPLICANT, Role.REVIEWER])

    with committed():
        plan = services.auto_assign(cycle, seed=3, reviewers=[reviewer.pk])
        services.apply_plan(plan, by=board_member)

    assert sent_to(mailoutbox) == [
        (reviewer.email, f"Review assigned to you: {application} — {cycle}")
    ]
