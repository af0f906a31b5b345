"""Deadline reminders, found fresh from the data on every run (`manage.py send_reminders`).

Each reminder is recorded in ReminderLog under a unique (kind, object, recipient) key in
the same transaction as its email, so running the command twice - or twice at once -
sends each reminder once. People who turned reminders off are skipped (and not logged,
so turning them back on still brings a reminder that is still due).
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.timesince import timeuntil

from grants.dates import clock_words, day_words
from grants.models import Application
from grants.workflow import ASSIGNABLE_STATES, EDITABLE_STATES, Transition, sources_of
from notifications import formatting, links
from notifications.compose import Message, queue_email
from notifications.formatting import about
from notifications.models import Event, ReminderKind, ReminderLog
from notifications.offer_reminders import offer_reminders
from reports.models import Report
from reports.report import EDITABLE_REPORT_STATES
from reviews.models import Assignment, AssignmentStatus

DRAFT_FIRST = timedelta(days=7)
DRAFT_LAST = timedelta(days=1)
REVIEW_SOON = timedelta(days=3)
REPORT_SOON = timedelta(days=7)


def send_reminders(*, now=None) -> dict[str, int]:
    now = now or timezone.now()
    counts = {kind.value: 0 for kind in ReminderKind}
    found = [
        *draft_reminders(now),
        *review_reminders(now),
        *offer_reminders(now, already_sent),
        *report_reminders(now),
    ]
    for kind, object_id, person, message in found:
        if remind(kind, object_id, person, message):
            counts[kind] += 1
    return counts


def remind(kind: str, object_id: int, person, message: Message) -> bool:
    """Send one reminder unless it was sent before; True when it was sent now."""
    try:
        with transaction.atomic():
            log, created = ReminderLog.objects.get_or_create(
                kind=kind, object_id=object_id, recipient=person
            )
            if not created:
                return False
            log.email = queue_email(message, person)
            log.save(update_fields=["email"])
    except IntegrityError:  # another run recorded it between our read and our insert
        return False
    return True


def already_sent(kinds, object_ids) -> set[tuple[str, int, int]]:
    return set(
        ReminderLog.objects.filter(kind__in=kinds, object_id__in=object_ids).values_list(
            "kind", "object_id", "recipient_id"
        )
    )


# Drafts -------------------------------------------------------------------------------


def drafts_closing_within(now, window: timedelta):
    """Unsubmitted drafts whose deadline (the cycle's close or a personal extension) is near."""
    deadline = Greatest(
        Coalesce("deadline_extended_until", "cycle__closes_at"), F("cycle__closes_at")
    )
    return (
        Application.objects.filter(
            state__in=EDITABLE_STATES,
            cycle__opens_at__lte=now,
            applicant__is_active=True,
            applicant__wants_reminders=True,
        )
        .annotate(deadline=deadline)
        .filter(deadline__gt=now, deadline__lte=now + window)
        .select_related("cycle", "applicant")
        .order_by("pk")
    )


def draft_reminders(now):
    drafts = list(drafts_closing_within(now, DRAFT_FIRST))
    kinds = (ReminderKind.DRAFT_7_DAYS, ReminderKind.DRAFT_1_DAY)
    done = already_sent(kinds, [a.pk for a in drafts])
    for application in drafts:
        last_day = application.deadline - now <= DRAFT_LAST
        kind = ReminderKind.DRAFT_1_DAY if last_day else ReminderKind.DRAFT_7_DAYS
        if (kind, application.pk, application.applicant_id) in done:
            continue
        yield kind, application.pk, application.applicant, draft_message(application, now)


def draft_message(application, now) -> Message:
    cycle = application.cycle
    time_left = timeuntil(application.deadline, now, depth=1).replace("\xa0", " ")
    local = cycle.local(application.deadline)
    if application.deadline - now <= DRAFT_LAST:
        when = f"{day_words(local)}, {clock_words(local)}"
        subject = f"Last reminder: submit by {when}: {about(application)}"
    else:
        subject = f"Reminder: submit by {day_words(local)}: {about(application)}"
    return Message(
        event=Event.DRAFT_REMINDER,
        subject=subject,
        template="draft_reminder",
        reason=f"you have an application to {cycle} that is not submitted yet.",
        path=links.applicant_application(application),
        context={
            "deadline": formatting.moment(cycle, application.deadline),
            "time_left": time_left,
        },
        notice_body=f"The deadline is {formatting.moment(cycle, application.deadline)}.",
        cycle=cycle,
        application=application,
        is_reminder=True,
    )


# Reviews ------------------------------------------------------------------------------


def reviews_due_within(now, window: timedelta):
    """Open assignments due within the window or already overdue, with their due moment."""
    return (
        Assignment.objects.filter(
            status=AssignmentStatus.ASSIGNED,
            application__state__in=ASSIGNABLE_STATES,
            reviewer__is_active=True,
            reviewer__wants_reminders=True,
        )
        .annotate(due=Coalesce("due_at", "application__cycle__reviews_due_at"))
        .filter(due__isnull=False, due__lte=now + window)
        .select_related("application__cycle", "reviewer")
        .order_by("pk")
    )


def review_reminders(now):
    assignments = list(reviews_due_within(now, REVIEW_SOON))
    kinds = (ReminderKind.REVIEW_DUE_3_DAYS, ReminderKind.REVIEW_OVERDUE)
    done = already_sent(kinds, [a.pk for a in assignments])
    for assignment in assignments:
        overdue = assignment.due <= now
        kind = ReminderKind.REVIEW_OVERDUE if overdue else ReminderKind.REVIEW_DUE_3_DAYS
        if (kind, assignment.pk, assignment.reviewer_id) in done:
            continue
        yield kind, assignment.pk, assignment.reviewer, review_message(assignment, overdue)


def review_message(assignment, overdue: bool) -> Message:
    """A reviewer's reminder: it names the application and cycle, never the applicant."""
    application = assignment.application
    cycle = application.cycle
    due = formatting.moment(cycle, assignment.due)
    if overdue:
        event, template = Event.REVIEW_OVERDUE_REMINDER, "review_overdue_reminder"
        subject = f"Overdue review: {about(application)}"
    else:
        event, template = Event.REVIEW_DUE_REMINDER, "review_due_reminder"
        subject = f"Reminder: review due {cycle.local(assignment.due):%B %-d}: {about(application)}"
    return Message(
        event=event,
        subject=subject,
        template=template,
        reason=f"you are reviewing an application in {cycle} that is not submitted yet.",
        path=links.review_page(assignment),
        context={"due": due},
        notice_body=f"Due by {due}.",
        cycle=cycle,
        application=application,
        related_ref=f"reviews.assignment:{assignment.pk}",
        is_reminder=True,
    )


# Reports ------------------------------------------------------------------------------


def reports_due_within(now, window: timedelta):
    """Drafts of reports on open grants due within the window, or overdue."""
    return (
        Report.objects.filter(
            state__in=EDITABLE_REPORT_STATES,
            application__state__in=sources_of(Transition.CLOSE),
            due_on__lte=(now + window).date(),
            application__applicant__is_active=True,
            application__applicant__wants_reminders=True,
        )
        .select_related("request", "application__cycle", "application__applicant")
        .order_by("pk")
    )


def report_reminders(now):
    reports = list(reports_due_within(now, REPORT_SOON))
    kinds = (ReminderKind.REPORT_DUE_7_DAYS, ReminderKind.REPORT_OVERDUE)
    done = already_sent(kinds, [r.pk for r in reports])
    for report in reports:
        application = report.application
        today = application.cycle.local(now).date()
        if report.due_on - today > REPORT_SOON:
            continue
        overdue = report.due_on < today
        kind = ReminderKind.REPORT_OVERDUE if overdue else ReminderKind.REPORT_DUE_7_DAYS
        if (kind, report.pk, application.applicant_id) in done:
            continue
        yield kind, report.pk, application.applicant, report_message(report, overdue)


def report_message(report, overdue: bool) -> Message:
    application = report.application
    cycle = application.cycle
    due = f"{report.due_on:%A, %B %-d, %Y}"
    if overdue:
        event, template = Event.REPORT_OVERDUE_REMINDER, "report_overdue_reminder"
        subject = f"Your report is overdue: {report.request.title}: {about(application)}"
    else:
        event, template = Event.REPORT_DUE_REMINDER, "report_due_reminder"
        subject = f"Reminder: report due {report.due_on:%B %-d}: {about(application)}"
    return Message(
        event=event,
        subject=subject,
        template=template,
        reason=f"you have a grant from {cycle} with a report to send.",
        path=links.first_url(("reports:edit", (report.pk,)), fallback="grants:dashboard"),
        context={"due": due, "report": report},
        notice_body=f"Due on {due}.",
        cycle=cycle,
        application=application,
        related_ref=f"reports.report:{report.pk}",
        is_reminder=True,
    )
