"""Read side of the inbox: a page of notices and the unread count, each one query."""

from django.core.paginator import Paginator

from notifications.models import Notice

PAGE_SIZE = 25


def unread_count(user) -> int:
    return Notice.objects.of_user(user).unread().count()


def inbox_page(user, page_number):
    """One page of the person's notices, newest first (a count and a page query)."""
    paginator = Paginator(Notice.objects.of_user(user).newest_first(), PAGE_SIZE)
    return paginator.get_page(page_number)
