from django.apps import AppConfig

from accounts.roles import Role


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"
    # Staff read and resend the outbox in the admin (accounts.roles).
    role_permissions = {Role.STAFF: ["view_email", "change_email"]}

    def ready(self):
        from notifications import receivers

        receivers.connect()
