"""A reminder to answer an award offer, three days before the cycle's acceptance deadline
(part of `send_reminders`; idempotent through ReminderLog like the others)."""

from datetime import timedelta

from grants.models import Application
from grants.workflow import OFFER_STATES
from notifications import formatting, links
from notifications.compose import Message
from notifications.formatting import about
from notifications.models import Event, ReminderKind

OFFER_SOON = timedelta(days=3)


def offers_closing_within(now, window: timedelta):
    return (
        Application.objects.filter(
            state__in=OFFER_STATES,
            cycle__decisions_released_at__isnull=False,
            cycle__acceptance_deadline__gt=now,
            cycle__acceptance_deadline__lte=now + window,
            applicant__is_active=True,
            applicant__wants_reminders=True,
        )
        .select_related("cycle", "applicant")
        .order_by("pk")
    )


def offer_reminders(now, already_sent):
    offers = list(offers_closing_within(now, OFFER_SOON))
    done = already_sent([ReminderKind.OFFER_3_DAYS], [a.pk for a in offers])
    for application in offers:
        if (ReminderKind.OFFER_3_DAYS, application.pk, application.applicant_id) in done:
            continue
        yield (
            ReminderKind.OFFER_3_DAYS,
            application.pk,
            application.applicant,
            offer_message(application),
        )


def offer_message(application) -> Message:
    cycle = application.cycle
    deadline = formatting.moment(cycle, cycle.acceptance_deadline)
    return Message(
        event=Event.OFFER_REMINDER,
        subject=f"Reminder: please answer your award offer by {deadline}: {about(application)}",
        template="offer_reminder",
        reason=f"the board offered you an award in {cycle} and it is not answered yet.",
        path=links.offer(application),
        context={
            "deadline": deadline,
            "amount": formatting.money(application.awarded_amount, cycle.currency),
        },
        notice_body=f"Please accept or decline your award by {deadline}.",
        cycle=cycle,
        application=application,
        is_reminder=True,
    )
