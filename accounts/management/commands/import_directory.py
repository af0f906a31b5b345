"""Verify the applicants named in the society's directory export (CSV), all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.models import User, VerificationSource


class Command(BaseCommand):
    help = (
        "Import the S4OM directory of Preferred Practitioners from a CSV file (an email or "
        "listing column, or the listing ID or email in the first column) and verify every "
        "applicant it names. If any row is malformed, nothing is imported and each problem "
        "is printed with its line number."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file.")
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            default="",
            help="The staff member to record as having verified (default: the command line).",
        )

    def handle(self, *args, file, by, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file at {file}.")
        actor = None
        if by:
            actor = User.objects.filter(email__iexact=by.strip(), is_active=True).first()
            if actor is None:
                raise CommandError(f"No active account has the email {by!r}.")
        try:
            result = services.import_directory(
                data=path.read_bytes(), by=actor, source=VerificationSource.COMMAND
            )
        except services.DirectoryImportRefused as refusal:
            for problem in refusal.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                "Nothing was imported. Fix the lines above and run it again."
            ) from refusal
        except services.VerificationRefused as refusal:
            raise CommandError(refusal.message) from refusal
        for problem in result.skipped:
            self.stdout.write(f"Skipped {problem}")
        self.stdout.write(
            f"Verified {len(result.verified)} applicant(s); "
            f"{len(result.already_verified)} already verified; "
            f"{len(result.skipped)} row(s) matched no single account."
        )
