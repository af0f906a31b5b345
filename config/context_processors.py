from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    allowed: Callable[[object], bool]  # who sees it once signed in
    public: bool = False  # shown when signed out
    # Left out when the person sees this other entry, whose page links to it: the board
    # has one entry, "Board", whose page leads to each cycle's desk, reviews and office.
    within: str = ""


NAV_ITEMS = [
    NavItem("Grant cycles", "grants:cycle_list", _everyone, public=True),
    NavItem("My applications", "grants:dashboard", _everyone),
    NavItem("My reviews", "reviews:my_reviews", may_use_reviewer_pages),
    NavItem("Board", "decisions:index", may_use_desk),
    NavItem("Cycles office", "grants:office_cycles", can_view_as_office, within="decisions:index"),
    NavItem("Reviews by cycle", "reviews:board", may_view_board_pages, within="decisions:index"),
    NavItem("Payments", "payments:awards", may_view_payments),
    NavItem("Grant reports", "reports:office", may_view_reports),
    NavItem("Inbox", "notifications:inbox", _everyone),
]


def navigation(request):
    """The navigation links the person's permissions allow, read once per request."""
    user = request.user
    signed_in = user.is_authenticated
    shown: dict[str, str] = {}
    for item in NAV_ITEMS:
        if (signed_in and not item.allowed(user)) or (not signed_in and not item.public):
            continue
        try:
            shown[item.url_name] = reverse(item.url_name)
        except NoReverseMatch:  # that part of the site is not installed
            continue
    links = [
        {"label": item.label, "url": url, "current": request.path == url, "name": item.url_name}
        for item in NAV_ITEMS
        if (url := shown.get(item.url_name)) is not None and item.within not in shown
    ]
    return {"site_name": settings.SITE_NAME, "nav_links": links}
