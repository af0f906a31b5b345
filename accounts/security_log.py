"""The audit trail of account security, and the emails that carry one-time links.

Every change to how a person logs in (two-step on or off, new recovery codes, a recovery
code used, an unlock, the address confirmed) is one SecurityEvent row, and the owner
hears of it by email through notifications (the outbox), via accounts.signals.

Emails that carry a one-time link or code (confirm the address, confirm the first two-step
enrolment, unlock a paused login) are sent straight away, like Django's password reset,
and are NOT written to the outbox: whoever reads the outbox in the admin must not be able
to use someone else's link.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import SecurityEvent
from accounts.signals import account_security_event
from accounts.throttling import client_ip

# How long each kind of emailed link stays good, in seconds.
LINK_MAX_AGE = {
    "verify-email": 3 * 24 * 60 * 60,
    "enrol": 60 * 60,
    "unlock": 60 * 60,
}


def record(user, kind: str, *, request=None, detail: str = "") -> SecurityEvent:
    """One audit row, and the owner emailed about it (in the caller's transaction)."""
    event = SecurityEvent.objects.create(
        user=user,
        kind=kind,
        ip_address=client_ip(request) if request is not None else None,
        detail=detail[:200],
    )
    account_security_event.send(sender=SecurityEvent, event=event)
    return event


# Signed one-time links ----------------------------------------------------------------


def make_token(purpose: str, *parts) -> str:
    return signing.dumps([str(p) for p in parts], salt=f"accounts.{purpose}", compress=True)


def read_token(purpose: str, token: str) -> list[str] | None:
    """The parts signed into the token, or None if it is forged, altered or too old."""
    try:
        value = signing.loads(token, salt=f"accounts.{purpose}", max_age=LINK_MAX_AGE[purpose])
    except signing.BadSignature:
        return None
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        return None
    return value


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_link_email(user, *, template: str, subject: str, url_name: str, token: str) -> None:
    """An email with a one-time link, sent now (never stored in the outbox)."""
    context = {
        "user": user,
        "site_name": settings.SITE_NAME,
        "link": absolute(reverse(url_name, kwargs={"token": token})),
        "hours": LINK_MAX_AGE[template.replace("_", "-")] // 3600,
    }
    body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(f"{settings.SITE_NAME}: {subject}", body, None, [user.email])
