from django.apps import AppConfig

from accounts.roles import Role


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Grant cycles and applications"
    # The permissions each role's group holds on grants' models (accounts.roles).
    role_permissions = {
        Role.BOARD: [
            "view_cycle",
            "view_application",
            "decide_application",
            "manage_review",
            "release_decisions",
            "export_results",
            "view_awardagreement",
        ],
        Role.STAFF: [
            "add_cycle",
            "change_cycle",
            "view_cycle",
            "add_cyclequestion",
            "change_cyclequestion",
            "delete_cyclequestion",
            "view_cyclequestion",
            "add_cycleletter",
            "change_cycleletter",
            "delete_cycleletter",
            "view_cycleletter",
            "view_application",
            "manage_review",
            "export_results",
            "view_awardagreement",
        ],
        # The treasurer sees accepted awards, their signed agreements and the results.
        Role.TREASURER: ["view_cycle", "view_awardagreement", "export_results"],
    }

    def ready(self):
        from grants import audit  # noqa: F401  (connects the audit receiver)
