from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Grant cycles and applications"

    def ready(self):
        from grants import audit  # noqa: F401  (connects the audit receiver)
