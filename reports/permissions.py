"""Who may do what with reports, as small functions over permissions (accounts.access).

Staff hold reports.review_report (accept, ask for changes); board and staff hold
reports.view_report (the per-cycle lists, counts and the impact page). A grantee acts on
their own reports only; anyone else's report is a 404 from the view's lookup.
"""

from accounts.access import holds
from grants.workflow import OWNER

VIEW_REPORTS = "reports.view_report"
REVIEW_REPORTS = "reports.review_report"


def may_view_reports(user) -> bool:
    return holds(user, VIEW_REPORTS)


def may_review_reports(user) -> bool:
    return holds(user, REVIEW_REPORTS)


def is_grantee_of(report, user) -> bool:
    return bool(user and user.is_authenticated and report.application.applicant_id == user.pk)


def transition_permission(permission: str):
    """The `permission=` callable for a report transition declared with `permission`."""
    if permission == OWNER:
        return is_grantee_of

    def holds_permission(report, user) -> bool:
        return holds(user, permission)

    holds_permission.__name__ = f"holds_{permission.replace('.', '_')}"
    return holds_permission
