"""Demo notifications: nothing of their own to create.

The demo world's receipts, staff notices, assignment emails and conflict notices are made
by the grants and reviews seeds through the same services and receivers as in production,
so the demo inbox and the admin outbox show real rows. With `make run` (immediate tasks,
console mail) those emails are printed once the seed's transaction commits.
"""

from notifications.models import Email, Notice


def seed(context):
    context["notifications"] = {
        "emails": Email.objects.count(),
        "notices": Notice.objects.count(),
    }
