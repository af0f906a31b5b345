"""Login throttling hooks for django-axes: who is counted, from where, and what they see.

Axes counts failed logins per (account, address) pair and, separately, per address
(AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]); either count
reaching AXES_FAILURE_LIMIT pauses that account *from that address*, or that address, for
AXES_COOLOFF_TIME. A stranger guessing an account's password elsewhere therefore never
locks its owner out (counting per account alone let anyone lock the board out before a
meeting); a locked-out person can also unlock their account by an emailed link.
"""

from datetime import timedelta

from django.conf import settings
from django.shortcuts import render

from accounts.managers import UserManager

LOCKOUT_STATUS = 429


def username_for_axes(request, credentials=None) -> str:
    """The account a login attempt is counted against.

    Emails are matched case-insensitively at login, so "Alma@x" and "alma@x" must count
    as one account: otherwise changing the case would give an attacker fresh attempts.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        raw = credentials.get(field)
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        raw = data.get(field, "")
    return UserManager.normalize_email(str(raw or ""))[:255]


def client_ip(request) -> str | None:
    """The caller's address. Behind TRUSTED_PROXY_COUNT reverse proxies, the address the
    outermost trusted proxy saw; otherwise the socket's address (a client-sent
    X-Forwarded-For is ignored, so it cannot be used to dodge the per-address count)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def cool_off() -> timedelta:
    value = settings.AXES_COOLOFF_TIME
    if isinstance(value, timedelta):
        return value
    return timedelta(hours=float(value))


def describe_wait(delta: timedelta) -> str:
    """A wait in words: "15 minutes", "1 minute", "2 hours", "30 seconds"."""
    seconds = max(int(delta.total_seconds()), 1)
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = round(seconds / 60)
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = round(minutes / 60)
    return f"{hours} hours"


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while an account or address is locked."""
    context = {
        "wait": describe_wait(cool_off()),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "email": username_for_axes(request, credentials),
    }
    return render(request, "registration/locked_out.html", context, status=LOCKOUT_STATUS)
