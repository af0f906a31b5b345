"""Who may do what with cycles and applications: small functions returning bool.

The transition methods on Application use these as their `permission=` callables.
"""

from accounts.roles import is_board, is_board_or_staff


def act_as_owner(application, user) -> bool:
    return bool(user and user.is_authenticated and application.applicant_id == user.pk)


def manage_review(application, user) -> bool:
    return is_board_or_staff(user)


def decide(application, user) -> bool:
    return is_board(user)


def can_edit(application, user) -> bool:
    from grants.workflow import EDITABLE_STATES

    return act_as_owner(application, user) and application.state in EDITABLE_STATES


def can_view_as_office(user) -> bool:
    """Board and staff see every application of every cycle."""
    return is_board_or_staff(user)
