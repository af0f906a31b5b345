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

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from reviews import application_totals
        from reviews.models import Assignment, Review

        post_save.connect(application_totals.review_saved, sender=Review)
        post_delete.connect(application_totals.review_deleted, sender=Review)
        post_save.connect(application_totals.assignment_saved, sender=Assignment)
        post_delete.connect(application_totals.assignment_deleted, sender=Assignment)
