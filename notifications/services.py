"""Write side of the inbox: marking notices as read."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from notifications.models import Notice


def mark_read(*, user, notice_id: int) -> Notice:
    """Mark one of the person's own notices read; another person's is a 404."""
    notice = get_object_or_404(Notice.objects.of_user(user), pk=notice_id)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def mark_all_read(*, user) -> int:
    return Notice.objects.of_user(user).unread().update(read_at=timezone.now())
