from django.utils.functional import SimpleLazyObject

from notifications.queries import unread_count


def inbox(request):
    """The unread count for the navigation badge: one indexed count, only for people signed
    in, and only when a template actually shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread_count": SimpleLazyObject(lambda: unread_count(user))}
