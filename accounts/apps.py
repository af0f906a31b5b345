from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site's login and two-step flow (accounts.admin_site)."""

    default = False
    default_site = "accounts.admin_site.SiteAdmin"


class AccountsConfig(AppConfig):
    default = True
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
        from accounts.two_factor import flag_login_needing_code

        user_logged_in.connect(flag_login_needing_code, dispatch_uid="accounts.needs_code")

        # After every migrate, so permissions of apps migrated later are included.
        post_migrate.connect(ensure_role_groups, dispatch_uid="accounts.ensure_role_groups")
