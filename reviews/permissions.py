"""Who may do what in the review process: small functions returning bool, asked as
permissions (accounts.access), plus the one query that decides which applications a
reviewer may open.

Board members run the review process (assign, record conflicts); staff may look at the
board's pages but not change them. A reviewer sees an application only while they hold
the guardian object permission `grants.review_application` on it.
"""

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from accounts.access import holds
from grants.models import Application

REVIEW_PERMISSION = "grants.review_application"
REVIEW_CODENAME = "review_application"


def may_view_board_pages(user) -> bool:
    return holds(user, "reviews.view_assignment")


def may_manage_reviews(user) -> bool:
    """Assign and unassign reviewers, record known conflicts, run auto-assignment."""
    return holds(user, "reviews.add_assignment")


def may_use_reviewer_pages(user) -> bool:
    return holds(user, "reviews.add_review")


def reviewable_applications(user) -> QuerySet[Application]:
    """Applications the person holds the object permission on; never every application
    through a global permission or superuser status."""
    return get_objects_for_user(
        user,
        REVIEW_PERMISSION,
        klass=Application,
        use_groups=False,
        with_superuser=False,
        accept_global_perms=False,
    )
