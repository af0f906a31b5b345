"""Load demo data: one account per role, cycles, applications and reviews. Idempotent."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from demo.seeding.people import DEMO_PASSWORD, DEMO_PEOPLE, seed_people

# Each part seeds what its app owns, in layer order; a part receives what the earlier ones made.
PARTS = [
    "demo.seeding.grants",
    "demo.seeding.reviews",
    "demo.seeding.payments",
    "demo.seeding.awards",
    "demo.seeding.reports",
    "demo.seeding.notifications",
]
# The demo's receipts and notices land in the outbox and inbox as usual, but are not
# printed: in development the console mailer would bury the login details below.
QUIET_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


class Command(BaseCommand):
    help = "Create demo accounts (one per role) and demo grant data. Safe to run again."

    def handle(self, *args, **options):
        with override_settings(MAILERS=QUIET_MAIL), transaction.atomic():
            context = {"people": seed_people()}
            for module_name in PARTS:
                import_module(module_name).seed(context)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data is ready. Log in with one of these (`make run` prints the address):"
            )
        )
        self.stdout.write(f"Every demo account uses the password: {DEMO_PASSWORD}")
        for email, name, roles, _ in DEMO_PEOPLE:
            self.stdout.write(f"  {email:<26} {name:<18} {', '.join(str(r) for r in roles)}")
