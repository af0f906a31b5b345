"""manage.py verify_scores [--fix]: every stored review score against its raw values."""

from django.core.management.base import BaseCommand, CommandError

from reviews import stored_scores
from reviews.models import Review

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Recompute every review's 0-100 score from the raw criterion values and compare it "
        "with the score stored on the review. Exits non-zero when any differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help="Store the recomputed scores (one statement)."
        )

    def handle(self, *args, fix=False, **options):
        reviews = Review.objects.all()
        total = reviews.count()
        wrong = stored_scores.drift(reviews)
        if not wrong:
            self.stdout.write(f"All {total} stored review scores match their raw scores.")
            return
        for pk, stored, computed in wrong[:SHOWN]:
            self.stdout.write(f"Review {pk}: stored {stored}, computed {computed}.")
        if len(wrong) > SHOWN:
            self.stdout.write(f"... and {len(wrong) - SHOWN} more.")
        if fix:
            stored_scores.store_all_scores()
            self.stdout.write(f"Stored {total} review scores again.")
            return
        raise CommandError(
            f"{len(wrong)} of {total} stored review scores differ from their raw scores "
            "(run with --fix to store them again)."
        )
