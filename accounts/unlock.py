"""Unlocking a paused login by an emailed link (django-axes' records for the account).

The lockout page offers to email a link to the account; the link removes the failed
attempts counted against that account (from every address), so its owner can log in at
once. It never clears an address's own count: anyone can make an account, so an address
count cleared by "my" link would give an attacker fresh guesses at everyone else.
"""

from axes.utils import reset
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction

from accounts.managers import UserManager
from accounts.models import SecurityEventKind
from accounts.security_log import make_token, read_token, record, send_link_email

# One unlock email per account per this many seconds, whoever asks.
RESEND_SECONDS = 5 * 60


def request_link(*, email: str) -> None:
    """Email an unlock link if `email` is an active account; the same silence otherwise."""
    email = UserManager.normalize_email(email or "").lower()
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None or not cache.add(f"accounts.unlock:{user.pk}", 1, RESEND_SECONDS):
        return
    send_link_email(
        user,
        template="unlock",
        subject="log in again",
        url_name="accounts:unlock",
        token=make_token("unlock", user.pk, user.email.lower()),
    )


@transaction.atomic
def use_link(*, token: str, request=None):
    """The account unlocked by this link, or None if the link is forged or too old."""
    parts = read_token("unlock", token)
    if not parts or len(parts) != 2:
        return None
    user = get_user_model().objects.filter(pk=parts[0], is_active=True).first()
    if user is None or user.email.lower() != parts[1]:
        return None
    reset(username=user.email.lower())
    record(user, SecurityEventKind.UNLOCKED, request=request)
    return user
