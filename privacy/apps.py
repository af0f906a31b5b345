from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy: data export and account deletion"

    def ready(self):
        from accounts.links import add_profile_link

        add_profile_link(
            "Your data", "Download your data or delete your account", "privacy:overview"
        )
