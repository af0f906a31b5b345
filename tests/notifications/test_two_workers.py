"""Two workers over the same queue on PostgreSQL: every email goes out exactly once."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from notifications import delivery
from notifications.models import Email, EmailStatus
from notifications.tasks import send_email_task
from tests import factories
from tests.notifications.mail_backends import RendezvousBackend

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EMAILS = 50


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks that skip locked rows need PostgreSQL.")


@pytest.fixture
def rendezvous(settings):
    settings.MAILERS = {
        "default": {"BACKEND": "tests.notifications.mail_backends.RendezvousBackend"}
    }
    RendezvousBackend.barrier = threading.Barrier(2)
    RendezvousBackend.met = set()
    mail.outbox = []
    yield
    RendezvousBackend.barrier = None


def run_workers(work, count=2):
    errors = []

    def worker():
        try:
            work()
        except Exception as error:  # surfaced in the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, name=f"worker-{n}") for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


def test_two_workers_send_each_queued_email_exactly_once(rendezvous):
    emails = factories.EmailFactory.create_batch(EMAILS)

    run_workers(delivery.send_due)

    sent = Counter(message.to[0] for message in mail.outbox)
    assert sent == Counter(email.to_address for email in emails)
    assert set(sent.values()) == {1}
    assert {message.sent_by_worker for message in mail.outbox} == {"worker-0", "worker-1"}
    assert set(Email.objects.values_list("status", "attempts")) == {(EmailStatus.SENT, 1)}


def test_two_workers_running_the_task_for_the_same_emails_send_each_once(rendezvous):
    emails = factories.EmailFactory.create_batch(EMAILS)
    ids = [email.pk for email in emails]

    def run_every_task():
        for email_id in ids:
            send_email_task.call(email_id)

    run_workers(run_every_task)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        email.to_address for email in emails
    )
    assert set(Email.objects.values_list("status", "attempts")) == {(EmailStatus.SENT, 1)}
