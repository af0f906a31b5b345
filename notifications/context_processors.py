def inbox(request):
    """The unread count for the navigation badge (filled in by the notifications app)."""
    return {}
