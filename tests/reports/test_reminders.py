"""Report reminders in send_reminders: a week before the due date and once overdue, each
sent once across runs, never to grantees who turned reminders off; staff hear of a
report that arrives."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from grants.workflow import ReportState
from notifications.models import Notice, ReminderKind, ReminderLog
from notifications.reminders import send_reminders
from reports import services
from tests.notifications.helpers import sent_to
from tests.reports.factories import (
    ReportRequestFactory,
    accepted_grant,
    force_report_state,
    report_for,
)

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2031, 5, 25, 9, 0, tzinfo=NEW_YORK)
NOTHING = {kind.value: 0 for kind in ReminderKind}


@pytest.fixture
def report(applicant):
    application = accepted_grant(applicant=applicant, title="Hospice mentorship")
    request = ReportRequestFactory(
        cycle=application.cycle, title="Final report", due_on=date(2031, 5, 31)
    )
    return report_for(application, request)


@pytest.mark.django_db
def test_a_report_due_within_a_week_is_reminded_once_across_two_runs(
    report, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(now=NOW)
        second = send_reminders(now=NOW)
    assert first == {**NOTHING, "report_due_7_days": 1}
    assert second == NOTHING
    assert sent_to(mailoutbox) == [
        (
            applicant.email,
            "Reminder: report due May 31: Hospice mentorship — " + str(report.application.cycle),
        )
    ]


@pytest.mark.django_db
def test_an_overdue_report_is_reminded_once_more_and_only_once(
    report, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    later = datetime(2031, 6, 2, 9, 0, tzinfo=NEW_YORK)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(now=NOW)
        assert send_reminders(now=later) == {**NOTHING, "report_overdue": 1}
        assert send_reminders(now=later) == NOTHING
    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Reminder", "Your report is overdue"]
    assert ReminderLog.objects.filter(object_id=report.pk).count() == 2


@pytest.mark.django_db
def test_no_report_reminder_far_off_when_submitted_or_when_turned_off(
    report, applicant, mailoutbox
):
    assert send_reminders(now=datetime(2031, 5, 1, 9, 0, tzinfo=NEW_YORK)) == NOTHING
    applicant.wants_reminders = False
    applicant.save()
    assert send_reminders(now=NOW) == NOTHING
    applicant.wants_reminders = True
    applicant.save()
    force_report_state(report, ReportState.SUBMITTED)
    assert send_reminders(now=NOW) == NOTHING
    assert mailoutbox == []


@pytest.mark.django_db
def test_staff_get_a_notice_when_a_report_arrives(applicant, staff_member):
    application = accepted_grant(applicant=applicant, title="Hospice mentorship")
    request = ReportRequestFactory(cycle=application.cycle, title="Interim report", standard=False)
    report = report_for(application, request)
    services.submit(report, by=applicant)
    assert list(Notice.objects.values_list("user", "title")) == [
        (
            staff_member.pk,
            f"Report received: Interim report: Hospice mentorship — {application.cycle}",
        )
    ]


@pytest.mark.django_db
def test_a_rescinded_grant_gets_no_report_reminder_and_is_not_counted_overdue(report, mailoutbox):
    from django.utils import timezone

    from grants.workflow import State
    from reports.models import Report
    from reports.queries import cycle_counts, reports_due_for
    from tests.factories import force_state

    Report.objects.filter(pk=report.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    assert [row["overdue"] for row in cycle_counts()] == [1]
    force_state(report.application, State.RESCINDED)
    later = datetime(2031, 6, 2, 9, 0, tzinfo=NEW_YORK)
    assert send_reminders(now=later) == NOTHING
    assert reports_due_for(report.application.applicant) == []
    assert [row["overdue"] for row in cycle_counts()] == [0]


@pytest.mark.django_db
def test_the_grantee_is_told_what_to_change(
    applicant, staff_member, mailoutbox, django_capture_on_commit_callbacks
):
    application = accepted_grant(applicant=applicant, title="Hospice mentorship")
    request = ReportRequestFactory(cycle=application.cycle, title="Final report", standard=False)
    report = force_report_state(report_for(application, request), ReportState.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_for_changes(report, by=staff_member, note="Please add the hours.")
    (email,) = mailoutbox
    assert email.to == [applicant.email]
    assert email.subject == (
        f"Changes asked for on your final report: Hospice mentorship — {application.cycle}"
    )
    assert "Please add the hours." in email.body
