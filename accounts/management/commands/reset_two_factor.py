"""Switch off someone's two-step login after they lost their phone (check who asks first)."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


class Command(BaseCommand):
    help = (
        "Remove a person's two-step login devices so they can set it up again. Confirm the "
        "person's identity another way (a phone call) before running it."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's login email.")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the email {email!r}.")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()  # the recovery codes go too
        if removed:
            self.stdout.write(
                f"Two-step login is off for {user.email}. They log in with their password and "
                "can set it up again under Profile → Two-step login."
            )
        else:
            self.stdout.write(f"{user.email} had no two-step login set up; nothing changed.")
