"""Turning an event into rows: an Email (rendered from templates) and an in-app Notice.

Called by receivers inside the caller's transaction. Nothing here talks to a mail server:
delivery is scheduled for after the commit, so a rolled-back event sends nothing.
"""

from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from notifications import links
from notifications.formatting import one_line
from notifications.models import Email, Notice


@dataclass
class Message:
    """One email and/or notice to one person about one thing."""

    event: str
    subject: str
    template: str
    reason: str
    path: str = ""
    context: dict = field(default_factory=dict)
    notice_body: str = ""
    cycle: object = None
    application: object = None
    related_ref: str = ""
    is_reminder: bool = False


def render(message: Message, recipient) -> tuple[str, str]:
    """The plain-text and HTML bodies of an email, both with the footer saying why."""
    context = {
        "recipient": recipient,
        "subject": one_line(message.subject),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "link": links.absolute(message.path) if message.path else "",
        "reason": message.reason,
        "is_reminder": message.is_reminder,
        "profile_link": links.absolute(links.profile()),
        "cycle": message.cycle,
        "application": message.application,
        **message.context,
    }
    text = render_to_string(f"notifications/email/{message.template}.txt", context)
    html = render_to_string(f"notifications/email/{message.template}.html", context)
    return text, html


def queue_email(message: Message, recipient, *, notice: bool = True) -> Email | None:
    """Write the outbox row (and the inbox notice) now; send once the transaction commits.

    Nothing for a switched-off account: a deleted person's kept applications belong to an
    inactive placeholder whose address cannot receive mail.
    """
    if not recipient.is_active:
        return None
    text, html = render(message, recipient)
    email = Email.objects.create(
        recipient=recipient,
        to_address=recipient.email,
        subject=one_line(message.subject),
        body_text=text,
        body_html=html,
        event=message.event,
        cycle=message.cycle,
        application=message.application,
        related_ref=message.related_ref,
    )
    if notice:
        post_notice(message, recipient)
    schedule_delivery(email.pk)
    return email


def post_notice(message: Message, recipient) -> Notice:
    return Notice.objects.create(
        user=recipient,
        event=message.event,
        title=one_line(message.subject),
        body=message.notice_body,
        url=message.path,
    )


def schedule_delivery(email_id: int) -> None:
    # robust: a queue that cannot be reached must not break the request that already
    # committed; the row stays queued and send_pending_emails picks it up.
    transaction.on_commit(partial(_enqueue, email_id), robust=True)


def _enqueue(email_id: int) -> None:
    from notifications.tasks import send_email_task

    send_email_task.enqueue(email_id)
