"""Send the deadline reminders that are due now. Run from cron (hourly is plenty);
running it again sends nothing new."""

from django.core.management.base import BaseCommand

from notifications.models import ReminderKind
from notifications.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Send due reminders (drafts before the deadline, reviews due soon or overdue). Idempotent."
    )

    def handle(self, *args, **options):
        counts = send_reminders()
        for kind in ReminderKind:
            self.stdout.write(f"{kind.label}: {counts[kind.value]} sent")
