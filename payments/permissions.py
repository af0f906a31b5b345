"""Who may do what with payments: small functions returning bool, asked as permissions
(accounts.access). The role groups hold them (PaymentsConfig.role_permissions)."""

from accounts.access import holds


def may_record_payments(user) -> bool:
    return holds(user, "payments.add_payment")


def may_view_payments(user) -> bool:
    return holds(user, "payments.view_payment")


def may_see_payee_details(user) -> bool:
    """The treasurer and staff; never reviewers, and not the board's pages."""
    return holds(user, "payments.view_payeedetails")
