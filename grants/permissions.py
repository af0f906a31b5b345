"""Who may do what with cycles and applications: small functions returning bool.

Access is asked as a permission (`user.has_perm`), never as a group name: the role groups
hold these permissions (accounts.roles), and an administrator may grant them to a custom
role or a single person. The state machine's `permission=` callables come from here too.
"""

from grants.workflow import DECIDE, MANAGE_REVIEW, OWNER

VIEW_APPLICATIONS = "grants.view_application"


def _holds(user, permission: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(permission))


def act_as_owner(application, user) -> bool:
    return bool(user and user.is_authenticated and application.applicant_id == user.pk)


def manage_review(application, user) -> bool:
    return _holds(user, MANAGE_REVIEW)


def decide(application, user) -> bool:
    return _holds(user, DECIDE)


def can_view_as_office(user) -> bool:
    """The grants office (board and staff) sees every application of every cycle."""
    return _holds(user, VIEW_APPLICATIONS)


def transition_permission(permission: str):
    """The `permission=` callable for a transition declared with `permission`."""
    if permission == OWNER:
        return act_as_owner

    def holds_permission(application, user) -> bool:
        return _holds(user, permission)

    holds_permission.__name__ = f"holds_{permission.replace('.', '_')}"
    return holds_permission


def may_view_agreement(user) -> bool:
    """Signed agreements: the board, staff and the treasurer hold this permission."""
    return _holds(user, "grants.view_awardagreement")
