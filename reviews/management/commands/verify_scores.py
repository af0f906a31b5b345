"""manage.py verify_scores [--fix]: every stored review score against its raw values, and
every application's stored review totals against a fresh sum of those scores."""

from django.core.management.base import BaseCommand, CommandError

from reviews import application_totals, stored_scores
from reviews.models import Review

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Recompute every review's 0-100 score from the raw criterion values and every "
        "application's review totals from those scores, and compare them with what is "
        "stored. Exits non-zero when any differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help="Store the recomputed scores and totals."
        )

    def handle(self, *args, fix=False, **options):
        reviews = Review.objects.all()
        total = reviews.count()
        wrong = stored_scores.drift(reviews)
        for pk, stored, computed in wrong[:SHOWN]:
            self.stdout.write(f"Review {pk}: stored {stored}, computed {computed}.")
        if len(wrong) > SHOWN:
            self.stdout.write(f"... and {len(wrong) - SHOWN} more.")
        # Totals are summed from the stored scores: check them once those are right.
        off = [] if wrong else application_totals.drift()
        for pk, stored, summed in off[:SHOWN]:
            self.stdout.write(f"Application {pk}: stored totals {stored}, summed {summed}.")
        if len(off) > SHOWN:
            self.stdout.write(f"... and {len(off) - SHOWN} more.")
        if not wrong and not off:
            self.stdout.write(
                f"All {total} stored review scores match their raw scores, and every "
                "application's review totals match its reviews."
            )
            return
        if fix:
            stored_scores.store_all_scores()
            self.stdout.write(f"Stored {total} review scores and every application's totals again.")
            return
        if wrong:
            raise CommandError(
                f"{len(wrong)} of {total} stored review scores differ from their raw scores "
                "(run with --fix to store them again)."
            )
        raise CommandError(
            f"The review totals of {len(off)} applications differ from their reviews "
            "(run with --fix to store them again)."
        )
