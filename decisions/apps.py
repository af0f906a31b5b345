from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Decisions"

    def ready(self):
        from reviews.navigation import add_cycle_tab

        add_cycle_tab("Decisions desk", "decisions:desk")
