from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"
    # The permissions each role's group holds on accounts' models (accounts.roles);
    # every app declares its own the same way.
    role_permissions = {
        "Staff": [
            "view_user",
            "change_user",
            "verify_practitioner",
            "view_practitionerverification",
        ]
    }

    def ready(self):
        from accounts.roles import ensure_role_groups

        # After every migrate, so permissions of apps migrated later are included.
        post_migrate.connect(ensure_role_groups, dispatch_uid="accounts.ensure_role_groups")
