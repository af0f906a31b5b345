from django.conf import settings
from django.urls import NoReverseMatch, reverse

from decisions.permissions import may_use_desk
from grants.permissions import can_view_as_office
from payments.permissions import may_view_payments
from reports.permissions import may_view_reports
from reviews.permissions import may_use_reviewer_pages, may_view_board_pages

# The site's navigation names pages of every app, so it lives here, in the wiring above
# them all (tests/test_layers.py keeps URL names of higher apps out of lower layers).
# Each link shows when the same predicate that guards its page holds.


def _everyone(user) -> bool:
    return True


# (label, url name, who sees it once signed in, shown when signed out)
NAV_ITEMS = [
    ("Grant cycles", "grants:cycle_list", _everyone, True),
    ("My applications", "grants:dashboard", _everyone, False),
    ("My reviews", "reviews:my_reviews", may_use_reviewer_pages, False),
    ("Cycles office", "grants:office_cycles", can_view_as_office, False),
    ("Reviews by cycle", "reviews:board", may_view_board_pages, False),
    ("Decisions desk", "decisions:index", may_use_desk, False),
    ("Payments", "payments:awards", may_view_payments, False),
    ("Grant reports", "reports:office", may_view_reports, False),
    ("Inbox", "notifications:inbox", _everyone, False),
]


def navigation(request):
    """The navigation links the person's permissions allow, read once per request."""
    user = request.user
    signed_in = user.is_authenticated
    links = []
    for label, url_name, allowed, public in NAV_ITEMS:
        if (signed_in and not allowed(user)) or (not signed_in and not public):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # that part of the site is not installed
            continue
        links.append({"label": label, "url": url, "current": request.path == url, "name": url_name})
    return {"site_name": settings.SITE_NAME, "nav_links": links}
