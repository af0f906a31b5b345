"""Is the person's email address proven theirs? The rule submit asks (grants.services).

An account made by sign-up starts unconfirmed (User.email_verified_at empty) until its
owner opens the emailed link; it may write drafts but not submit. Accounts made by staff,
the demo seed or the tests count as confirmed.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import SecurityEventKind
from accounts.security_log import make_token, read_token, record, send_link_email

SUBMIT_REFUSAL = (
    "Please confirm your email address before you submit: open the link we emailed you "
    "when you signed up (your profile page can send a new one). Your draft is saved."
)


def is_verified(user) -> bool:
    return getattr(user, "email_verified_at", None) is not None


def submit_refusal(user) -> str | None:
    """Why this person may not submit yet, in their words; None when they may."""
    return None if is_verified(user) else SUBMIT_REFUSAL


def send_link(user) -> None:
    send_link_email(
        user,
        template="verify_email",
        subject="confirm your email address",
        url_name="accounts:verify_email",
        token=make_token("verify-email", user.pk, user.email.lower()),
    )


@transaction.atomic
def confirm(*, token: str, request=None):
    """The account whose address this link confirms (now marked), or None."""
    parts = read_token("verify-email", token)
    if not parts or len(parts) != 2:
        return None
    user = get_user_model().objects.select_for_update().filter(pk=parts[0], is_active=True).first()
    if user is None or user.email.lower() != parts[1]:
        return None
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        record(user, SecurityEventKind.EMAIL_VERIFIED, request=request)
    return user
