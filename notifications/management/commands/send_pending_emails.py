"""Send every outbox email that is due: queued ones whose task was lost, failed ones whose
retry time has come. Safe to run from cron every few minutes, beside running workers."""

from django.core.management.base import BaseCommand

from notifications.delivery import send_due


class Command(BaseCommand):
    help = "Send queued emails and retry failed ones whose retry time has come. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=None, help="Stop after this many emails (default: all)."
        )

    def handle(self, *args, limit=None, **options):
        counts = send_due(limit=limit)
        self.stdout.write(
            f"Sent {counts['sent']} email(s); {counts['failed']} failed and wait for a retry."
        )
