"""seed_demo's reports: a submitted interim report, one overdue, one closed grant; and
the same result when run twice."""

import io

import pytest
from django.core.management import call_command

from grants.models import Application
from grants.workflow import ReportState, State
from reports import impact
from reports.models import Report


@pytest.mark.django_db
def test_the_demo_has_a_submitted_an_overdue_report_and_a_closed_grant():
    call_command("seed_demo", stdout=io.StringIO())
    reports = Report.objects.filter(application__cycle__slug="spring-2026")
    by = {(r.application.applicant.email, r.request.title): r for r in reports}
    assert by[("applicant@example.org", "Interim report")].state == ReportState.SUBMITTED
    overdue = by[("practitioner1@example.org", "Interim report")]
    assert overdue.state == ReportState.DRAFT and overdue.is_overdue()
    closed = Application.objects.get(
        cycle__slug="spring-2026", applicant__email="practitioner2@example.org"
    )
    assert closed.state == State.CLOSED
    picture = impact.impact_for(closed.cycle)
    assert [impact.number(v) for v in picture.overall.values()] == ["120", "60", "72", "0"]

    counts = (Report.objects.count(), Application.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Report.objects.count(), Application.objects.count()) == counts
