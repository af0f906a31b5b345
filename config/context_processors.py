from django.conf import settings
from django.urls import NoReverseMatch, reverse

from accounts.roles import Role, has_role

# The site's navigation names pages of every app, so it lives here, in the wiring above
# them all (tests/test_layers.py keeps URL names of higher apps out of lower layers).

# (label, url name, role needed or None for everyone signed in, shown when signed out)
NAV_ITEMS = [
    ("Grant cycles", "grants:cycle_list", None, True),
    ("My applications", "grants:dashboard", None, False),
    ("My reviews", "reviews:my_reviews", Role.REVIEWER, False),
    ("Cycles office", "grants:office_cycles", "office", False),
    ("Reviews by cycle", "reviews:board", Role.BOARD, False),
    ("Decisions desk", "decisions:index", Role.BOARD, False),
    ("Payments", "payments:awards", Role.TREASURER, False),
    ("Grant reports", "reports:office", "office", False),
    ("Inbox", "notifications:inbox", None, False),
]


def _allowed(user, role) -> bool:
    if role is None:
        return True
    if role == "office":
        return has_role(user, Role.BOARD) or has_role(user, Role.STAFF)
    return has_role(user, role)


def navigation(request):
    """The navigation links the person's roles allow, read once per request."""
    user = request.user
    signed_in = user.is_authenticated
    links = []
    for label, url_name, role, public in NAV_ITEMS:
        if (signed_in and not _allowed(user, role)) or (not signed_in and not public):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # that part of the site is not installed
            continue
        links.append({"label": label, "url": url, "current": request.path == url, "name": url_name})
    return {"site_name": settings.SITE_NAME, "nav_links": links}
