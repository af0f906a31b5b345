from django.apps import AppConfig

from accounts.roles import Role


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments of accepted awards"
    # The permissions each role's group holds on payments' models (accounts.roles).
    # The treasurer records payments; staff and the board see what was paid; payee details
    # (legal name, postal address, tax form) are for the treasurer and staff only.
    role_permissions = {
        Role.TREASURER: ["add_payment", "view_payment", "view_payeedetails"],
        Role.STAFF: ["view_payment", "view_payeedetails"],
        Role.BOARD: ["view_payment"],
    }

    def ready(self):
        from grants import award_limits
        from payments.services import paid_total

        # Grants never corrects an award below what is paid, nor rescinds a paid one.
        award_limits.register_paid_so_far("payments", paid_total)
