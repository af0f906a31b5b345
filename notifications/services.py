"""Write side of the inbox: marking notices as read."""

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
