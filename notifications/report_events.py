"""Who hears of what about grant reports (connected by notifications.receivers):

- a report submitted: staff, a notice
- changes asked for on a report: the grantee, an email with the message

Reminders of reports due and overdue are in notifications.reminders.
"""

from grants.workflow import ReportTransition
from notifications import links, recipients
from notifications.compose import Message, post_notice, queue_email
from notifications.formatting import about
from notifications.models import Event


def on_report_transition(sender, instance, name, source, target, **kwargs):
    if kwargs.get("exception") is not None:
        return
    method_kwargs = kwargs.get("method_kwargs") or {}
    if name == ReportTransition.SUBMIT:
        report_submitted(instance, by=method_kwargs.get("by"))
    elif name == ReportTransition.ASK_FOR_CHANGES:
        report_changes_asked(instance, note=method_kwargs.get("note", ""))


def report_submitted(report, *, by) -> None:
    """Staff hear of a report that arrives (a notice, as for a submitted application)."""
    application = report.application
    notice = Message(
        event=Event.REPORT_SUBMITTED,
        subject=f"Report received: {report.request.title}: {about(application)}",
        template="",
        reason="",
        path=links.first_url(("reports:review", (report.pk,)), fallback="home"),
        notice_body=f"From {application.applicant.get_full_name()}; due {report.due_on:%B %-d}.",
    )
    for person in recipients.staff(except_user=by):
        post_notice(notice, person)


def report_changes_asked(report, *, note: str) -> None:
    """The grantee hears what to change, with the message (email and notice)."""
    application = report.application
    message = Message(
        event=Event.REPORT_CHANGES_ASKED,
        subject=f"Changes asked for on your {report.request.title.lower()}: {about(application)}",
        template="report_changes_asked",
        reason=f"you have a grant from {application.cycle} with a report to send.",
        path=links.first_url(("reports:edit", (report.pk,)), fallback="grants:dashboard"),
        context={"note": note, "report": report},
        notice_body="Please make the changes and submit the report again.",
        cycle=application.cycle,
        application=application,
        related_ref=f"reports.report:{report.pk}",
    )
    queue_email(message, application.applicant)
