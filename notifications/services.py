"""Write side of the inbox: marking notices as read, forgetting an application."""

from django.db.models import Q
from django.utils import timezone

from notifications.models import Notice


def mark_read(*, user, notice_id: int) -> Notice | None:
    """Mark one of the person's own notices read; None when it is not theirs (or gone)."""
    notice = Notice.objects.of_user(user).filter(pk=notice_id).first()
    if notice is None:
        return None
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def mark_all_read(*, user) -> int:
    return Notice.objects.of_user(user).unread().update(read_at=timezone.now())


FORGOTTEN_TITLE = "An application you no longer review"


def forget_application_for_reviewer(*, reviewer_id: int, application, review_path: str) -> int:
    """A reviewer taken off an application (unassigned, or recused by a conflict) keeps no
    trace of it in their inbox: its notices lose their title, text and link."""
    about = Q(url__startswith=review_path) if review_path.strip("/") else Q(pk__in=[])
    if application.title:
        about |= Q(title__contains=application.title)
    return (
        Notice.objects.filter(user_id=reviewer_id)
        .filter(about)
        .update(title=FORGOTTEN_TITLE, body="", url="")
    )
