"""Sending outbox rows: claim one row atomically, send it, record the outcome.

A row moves queued/failed -> sending -> sent/failed. The claim is a single conditional
UPDATE (or a row lock that skips rows another worker holds), so two workers never send
the same row. Sending happens outside any transaction, after the claim is committed.
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications.models import Email, EmailStatus

logger = logging.getLogger(__name__)

# Automatic retries: 1, 2, 4 ... minutes apart, never more than 6 hours, 10 tries in all
# (about 12 hours of a mail server being down). After that a person resends from the admin.
MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
# A row still "sending" after this long belongs to a worker that died mid-send.
STALE_CLAIM = timedelta(minutes=15)


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def claim(email_id: int, *, now=None) -> Email | None:
    """Take one row for sending, or None when it is not due or another worker has it."""
    now = now or timezone.now()
    taken = (
        Email.objects.filter(pk=email_id)
        .due(now)
        .update(status=EmailStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    )
    return Email.objects.get(pk=email_id) if taken else None


def claim_next(*, now=None) -> Email | None:
    """Take the oldest due row no other worker is holding, or None when none is left."""
    now = now or timezone.now()
    with transaction.atomic():
        candidate = (
            Email.objects.due(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "id")
            .values_list("pk", flat=True)
            .first()
        )
        if candidate is None:
            return None
        return claim(candidate, now=now)


def send(email: Email) -> bool:
    """Hand a claimed row to the mail server; True when it went out."""
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        to=[email.to_address],
        headers={"X-S4OM-Email-Id": str(email.pk)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as error:  # every failure, SMTP or not, is recorded on the row
        logger.warning("Email %s to %s failed: %s", email.pk, email.to_address, error)
        mark_failed(email, error)
        return False
    mark_sent(email)
    return True


def mark_sent(email: Email) -> None:
    now = timezone.now()
    Email.objects.filter(pk=email.pk, status=EmailStatus.SENDING).update(
        status=EmailStatus.SENT, sent_at=now, last_error="", claimed_at=None, next_attempt_at=None
    )
    email.status, email.sent_at = EmailStatus.SENT, now


def mark_failed(email: Email, error: BaseException) -> None:
    now = timezone.now()
    retry_at = now + retry_delay(email.attempts) if email.attempts < MAX_ATTEMPTS else None
    error_text = f"{type(error).__name__}: {error}"[:2000]
    Email.objects.filter(pk=email.pk, status=EmailStatus.SENDING).update(
        status=EmailStatus.FAILED, last_error=error_text, claimed_at=None, next_attempt_at=retry_at
    )
    email.status, email.last_error, email.next_attempt_at = (
        EmailStatus.FAILED,
        error_text,
        retry_at,
    )


def release_stale_claims(*, now=None) -> int:
    """Give rows back whose worker died mid-send, so they are not stuck for ever.

    Such a row may or may not have reached the mail server; sending it again risks a
    duplicate, which is better than a decision letter that never arrives.
    """
    now = now or timezone.now()
    return Email.objects.filter(
        status=EmailStatus.SENDING, claimed_at__lt=now - STALE_CLAIM
    ).update(
        status=EmailStatus.FAILED,
        claimed_at=None,
        next_attempt_at=now,
        last_error="The sender stopped while sending this email; it is being tried again.",
    )


def send_due(*, now=None, limit: int | None = None) -> dict[str, int]:
    """Send every due row, one claim at a time; safe to run in several processes at once."""
    release_stale_claims(now=now)
    counts = {"sent": 0, "failed": 0}
    while limit is None or counts["sent"] + counts["failed"] < limit:
        email = claim_next(now=now)
        if email is None:
            break
        counts["sent" if send(email) else "failed"] += 1
    return counts


@transaction.atomic
def resend(emails) -> dict[str, int]:
    """Staff's "resend": failed or waiting rows go back in the queue now; a sent email is
    copied into a new row, so each row is still sent at most once and history stays true."""
    from notifications.compose import schedule_delivery

    counts = {"requeued": 0, "copied": 0, "skipped": 0}
    now = timezone.now()
    for email in emails:
        if email.status in (EmailStatus.FAILED, EmailStatus.QUEUED):
            Email.objects.filter(pk=email.pk, status=email.status).update(
                status=EmailStatus.QUEUED, next_attempt_at=now
            )
            schedule_delivery(email.pk)
            counts["requeued"] += 1
        elif email.status == EmailStatus.SENT:
            copy = Email.objects.create(
                recipient_id=email.recipient_id,
                to_address=email.to_address,
                subject=email.subject,
                body_text=email.body_text,
                body_html=email.body_html,
                event=email.event,
                cycle_id=email.cycle_id,
                application_id=email.application_id,
                related_ref=email.related_ref,
                resend_of=email,
            )
            schedule_delivery(copy.pk)
            counts["copied"] += 1
        else:
            counts["skipped"] += 1
    return counts
