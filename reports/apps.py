from django.apps import AppConfig

from accounts.roles import Role


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Grant reports and impact"
    # The permissions each role's group holds on reports' models (accounts.roles).
    role_permissions = {
        Role.BOARD: ["view_report", "view_reportrequest"],
        Role.STAFF: [
            "view_report",
            "review_report",
            "add_reportrequest",
            "change_reportrequest",
            "delete_reportrequest",
            "view_reportrequest",
            "add_reportquestion",
            "change_reportquestion",
            "delete_reportquestion",
            "view_reportquestion",
        ],
    }

    def ready(self):
        from reports import audit, receivers  # noqa: F401  (connect the receivers)
        from reports.cycle_sheet import register

        # The "Reports" sheet of the board's cycle workbook.
        register()
