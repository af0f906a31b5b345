"""Who hears of changes to a person's account (connected in notifications/receivers.py):
the staff of a listing to verify, the applicant of their verification, and the owner of
every change to how they log in."""

from django.utils import timezone

from grants.dates import moment_words
from notifications import links, recipients
from notifications.compose import Message, post_notice, queue_email
from notifications.models import Event, Notice

# Preferred Practitioner verification --------------------------------------------------


def on_awaiting_verification(sender, user, **kwargs):
    """Staff hear of a new listing to check; a person who changes it again adds nothing."""
    path = links.practitioner_awaiting(user)
    message = Message(
        event=Event.AWAITING_VERIFICATION,
        subject=f"Listing to verify: {user.get_full_name()}",
        template="",
        reason="",
        path=path,
        notice_body=f"Listing given: {user.listing.strip()[:200]}",
    )
    told = set(
        Notice.objects.filter(
            event=Event.AWAITING_VERIFICATION, url=path, read_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    for person in recipients.staff(except_user=user):
        if person.pk not in told:
            post_notice(message, person)


def on_verification_changed(sender, user, verified, by=None, **kwargs):
    if not verified:
        return
    message = Message(
        event=Event.LISTING_VERIFIED,
        subject="Your Preferred Practitioner listing is verified",
        template="",
        reason="",
        path=links.first_url(("grants:dashboard", ())),
        notice_body="You can submit to cycles that are only for verified practitioners.",
    )
    post_notice(message, user)


# Account security ---------------------------------------------------------------------


def on_account_security(sender, event, **kwargs):
    """The owner hears of every change to how they log in, and of each recovery code used."""
    message = Message(
        event=Event.ACCOUNT_SECURITY,
        subject=f"Your account: {event.get_kind_display().lower()}",
        template="account_security",
        reason="it is about the security of your account, so it is always sent.",
        path=links.first_url(("accounts:two_factor", ())),
        context={
            "event": event,
            "when": moment_words(event.at, timezone.get_current_timezone()),
        },
    )
    queue_email(message, event.user, notice=False)
