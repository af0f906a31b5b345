"""Delivery: every email is a row first; a mail server that is down loses nothing, and
nothing is sent twice."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from grants import services
from notifications import delivery
from notifications.models import Email, EmailStatus
from notifications.tasks import send_email_task
from tests import factories
from tests.notifications.mail_backends import mail_server_down, mail_server_up

pytestmark = pytest.mark.django_db


def test_a_failing_mail_server_keeps_the_email_failed_with_the_error(
    application, applicant, settings, committed, mailoutbox
):
    mail_server_down(settings)
    before = timezone.now()
    with committed():
        services.submit(application, by=applicant)
    after = timezone.now()

    email = Email.objects.get()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 1
    assert email.last_error == (
        "SMTPConnectError: (421, 'smtp.example.org: Service not available')"
    )
    assert before + timedelta(minutes=1) <= email.next_attempt_at <= after + timedelta(minutes=1)
    assert email.sent_at is None
    assert mailoutbox == []


def test_a_failed_email_goes_out_on_a_later_retry(
    application, applicant, settings, committed, mailoutbox
):
    mail_server_down(settings)
    with committed():
        services.submit(application, by=applicant)
    mail_server_up(settings)

    # Not due yet: the retry waits for its backoff.
    assert delivery.send_due() == {"sent": 0, "failed": 0}
    assert delivery.send_due(now=timezone.now() + timedelta(minutes=2)) == {"sent": 1, "failed": 0}

    email = Email.objects.get()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 2, "")
    assert [m.subject for m in mailoutbox] == [email.subject]
    assert mailoutbox[0].to == [applicant.email]


def test_send_pending_emails_retries_failed_rows_whose_time_has_come(settings, mailoutbox):
    mail_server_down(settings)
    email = factories.EmailFactory()
    delivery.send_due()
    mail_server_up(settings)
    Email.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))

    call_command("send_pending_emails", stdout=open_devnull())

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mailoutbox) == 1


def open_devnull():
    import io

    return io.StringIO()


def test_send_pending_emails_sends_queued_rows_whose_task_was_lost(mailoutbox):
    emails = factories.EmailFactory.create_batch(3)
    out = open_devnull()

    call_command("send_pending_emails", stdout=out)
    call_command("send_pending_emails", stdout=out)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(e.to_address for e in emails)
    assert out.getvalue().splitlines() == [
        "Sent 3 email(s); 0 failed and wait for a retry.",
        "Sent 0 email(s); 0 failed and wait for a retry.",
    ]


def test_retries_back_off_exponentially_up_to_six_hours():
    assert [delivery.retry_delay(n) for n in (1, 2, 3, 4, 10)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
        timedelta(hours=6),
    ]


def test_after_the_last_attempt_the_email_waits_for_a_person_to_resend_it(settings, mailoutbox):
    mail_server_down(settings)
    email = factories.EmailFactory(attempts=delivery.MAX_ATTEMPTS - 1)

    delivery.send_due()

    email.refresh_from_db()
    assert (email.status, email.attempts, email.next_attempt_at) == (
        EmailStatus.FAILED,
        delivery.MAX_ATTEMPTS,
        None,
    )
    assert delivery.send_due(now=timezone.now() + timedelta(days=30)) == {"sent": 0, "failed": 0}


def test_a_sent_email_is_never_sent_again_by_the_task_or_the_command(mailoutbox):
    email = factories.EmailFactory()
    send_email_task.enqueue(email.pk)
    send_email_task.enqueue(email.pk)
    delivery.send_due(now=timezone.now() + timedelta(days=1))

    assert len(mailoutbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)


def test_an_email_being_sent_by_another_worker_is_left_alone(mailoutbox):
    email = factories.EmailFactory()
    assert delivery.claim(email.pk) is not None

    assert delivery.claim(email.pk) is None
    assert delivery.send_due() == {"sent": 0, "failed": 0}
    assert mailoutbox == []


def test_an_email_whose_worker_died_mid_send_is_tried_again_later(mailoutbox):
    email = factories.EmailFactory()
    delivery.claim(email.pk)

    later = timezone.now() + delivery.STALE_CLAIM + timedelta(minutes=1)
    assert delivery.send_due(now=later) == {"sent": 1, "failed": 0}

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)


def test_emails_are_sent_as_plain_text_with_an_html_alternative(mailoutbox):
    email = factories.EmailFactory(subject="Application received: A — B")
    delivery.send_due()

    message = mailoutbox[0]
    assert message.subject == "Application received: A — B"
    assert message.body == email.body_text
    assert [(a.content, a.mimetype) for a in message.alternatives] == [
        (email.body_html, "text/html")
    ]
    assert message.extra_headers["X-S4OM-Email-Id"] == str(email.pk)


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_holds_the_task_until_a_worker_runs_it(
    application, applicant, settings, mailoutbox
):
    # A real commit: the worker runs as it does in production, with its own transactions.
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    services.submit(application, by=applicant)

    assert mailoutbox == []
    assert list(DBTaskResult.objects.values_list("task_path", "args_kwargs")) == [
        (
            "notifications.tasks.send_email_task",
            {"args": [Email.objects.get().pk], "kwargs": {}},
        )
    ]

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    assert [m.to for m in mailoutbox] == [[applicant.email]]
    assert Email.objects.get().status == EmailStatus.SENT


def test_with_the_database_queue_a_failure_schedules_its_own_retry(settings, committed, mailoutbox):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail_server_down(settings)
    email = factories.EmailFactory()

    send_email_task.call(email.pk)

    email.refresh_from_db()
    retry = DBTaskResult.objects.get()
    assert retry.run_after == email.next_attempt_at
    assert retry.args_kwargs == {"args": [email.pk], "kwargs": {}}
