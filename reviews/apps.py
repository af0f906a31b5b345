from django.apps import AppConfig

from accounts.roles import Role


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"
    # The permissions each role's group holds on reviews' models (accounts.roles).
    role_permissions = {
        Role.REVIEWER: ["add_review", "change_review"],
        Role.BOARD: [
            "view_rubric",
            "add_assignment",
            "change_assignment",
            "delete_assignment",
            "view_assignment",
            "view_review",
            "add_knownconflict",
            "view_knownconflict",
            "delete_knownconflict",
        ],
        Role.STAFF: [
            "add_rubric",
            "change_rubric",
            "view_rubric",
            "add_criterion",
            "change_criterion",
            "delete_criterion",
            "view_criterion",
            "view_assignment",
        ],
    }
