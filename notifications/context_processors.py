from notifications.queries import unread_count


def inbox(request):
    """The unread count for the navigation badge: one indexed count, for people signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread_count": unread_count(user)}
