"""Staff see the outbox in the admin, filter it, and resend."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from notifications.models import Email, EmailStatus
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_email_changelist"


@pytest.fixture
def office(db):
    return factories.UserFactory(roles=[Role.STAFF], is_staff=True)


def test_staff_see_the_outbox_with_status_and_filters(client, office):
    factories.EmailFactory(subject="Application received: Course — Round", status="failed")
    client.force_login(office)

    response = client.get(reverse(CHANGELIST), {"status__exact": "failed"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Application received: Course — Round" in page
    assert "By status" in page
    assert "By event" in page


def test_the_outbox_is_closed_to_applicants_and_reviewers_with_admin_access(client):
    reviewer = factories.UserFactory(roles=[Role.REVIEWER], is_staff=True)
    client.force_login(reviewer)

    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_resend_queues_a_failed_email_again_and_sends_it(client, office, committed, mailoutbox):
    failed = factories.EmailFactory(
        status=EmailStatus.FAILED, attempts=10, next_attempt_at=None, last_error="SMTP down"
    )
    client.force_login(office)

    with committed():
        response = client.post(
            reverse(CHANGELIST), {"action": "resend", "_selected_action": [failed.pk]}
        )

    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (EmailStatus.SENT, 11)
    assert [m.to for m in mailoutbox] == [[failed.to_address]]


def test_resending_a_sent_email_sends_a_copy_and_keeps_the_original(
    client, office, committed, mailoutbox
):
    sent = factories.EmailFactory(status=EmailStatus.SENT, next_attempt_at=None, attempts=1)
    client.force_login(office)

    with committed():
        client.post(reverse(CHANGELIST), {"action": "resend", "_selected_action": [sent.pk]})

    copy = Email.objects.get(resend_of=sent)
    assert (copy.status, copy.subject, copy.to_address) == (
        EmailStatus.SENT,
        sent.subject,
        sent.to_address,
    )
    sent.refresh_from_db()
    assert (sent.status, sent.attempts) == (EmailStatus.SENT, 1)
    assert len(mailoutbox) == 1


def test_an_email_row_cannot_be_edited_by_hand(client, office):
    email = factories.EmailFactory()
    client.force_login(office)

    response = client.get(reverse("admin:notifications_email_change", args=[email.pk]))

    assert response.status_code == 200
    assert b'name="subject"' not in response.content
