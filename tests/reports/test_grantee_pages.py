"""The grantee's report: due on the dashboard, drafts that keep every keystroke, limits
with messages, submission, and a 404 for anyone else's report."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from grants.workflow import ReportState
from reports.models import Report, ReportAnswer, ReportQuestionKind
from tests.reports.factories import (
    ReportQuestionFactory,
    ReportRequestFactory,
    accepted_grant,
    report_for,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def report(applicant):
    application = accepted_grant(applicant=applicant, title="Certification course")
    request = ReportRequestFactory(
        cycle=application.cycle, title="Final report", due_on=date(2031, 5, 31)
    )
    return report_for(application, request)


def field(report, measure):
    return f"q{report.request.questions.get(measure=measure).pk}"


@pytest.mark.django_db
def test_the_dashboard_lists_reports_due_with_their_due_date(client, applicant, report):
    client.force_login(applicant)
    page = client.get(reverse("grants:dashboard")).content.decode()
    assert "Reports due" in page
    assert "Due on <strong>Saturday 31 May 2031</strong>" in page
    assert reverse("reports:edit", args=[report.pk]) in page


@pytest.mark.django_db
def test_an_overdue_report_says_so_on_the_dashboard(client, applicant, report):
    Report.objects.filter(pk=report.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    client.force_login(applicant)
    page = client.get(reverse("grants:dashboard")).content.decode()
    assert "<strong>overdue</strong>" in page


@pytest.mark.django_db
def test_invalid_typing_is_kept_and_marked_while_valid_answers_are_stored_typed(
    client, applicant, report
):
    client.force_login(applicant)
    people, hours = field(report, "people_served"), field(report, "hours")
    sessions = field(report, "sessions")
    response = client.post(
        reverse("reports:edit", args=[report.pk]),
        {people: "twelve", hours: "-3", sessions: "14", "report-form": "1"},
        follow=True,
    )
    page = response.content.decode()
    assert "Some answers need a second look" in page
    assert 'value="twelve"' in page
    assert 'value="-3"' in page
    assert "Write a number, such as 12 or 3.5." in page
    assert "The smallest answer we can take is 0." in page
    report.refresh_from_db()
    assert report.unsaved_input == {people: "twelve", hours: "-3"}
    assert list(ReportAnswer.objects.filter(report=report).values_list("number", flat=True)) == [
        Decimal("14")
    ]

    # Coming back later: the same typing is still there, still marked.
    page = client.get(reverse("reports:edit", args=[report.pk])).content.decode()
    assert 'value="twelve"' in page
    assert "There are 2 things to fix" in page


@pytest.mark.django_db
def test_a_number_above_its_maximum_is_refused_with_the_limit(client, applicant):
    application = accepted_grant(applicant=applicant)
    request = ReportRequestFactory(cycle=application.cycle, standard=False)
    question = ReportQuestionFactory(
        request=request, kind=ReportQuestionKind.NUMBER, maximum=Decimal("500"), unit="people"
    )
    report = report_for(application, request)
    client.force_login(applicant)
    client.post(reverse("reports:edit", args=[report.pk]), {f"q{question.pk}": "501"})
    page = client.get(reverse("reports:edit", args=[report.pk])).content.decode()
    assert "The largest answer we can take is 500." in page
    assert "A number (people): at most 500." in page


@pytest.mark.django_db
def test_a_complete_report_is_submitted_with_its_typed_answers(client, applicant, report):
    client.force_login(applicant)
    data = {
        field(report, "people_served"): "40",
        field(report, "sessions"): "55",
        field(report, "hours"): "61.5",
        field(report, "certification"): "yes",
        field(report, "certificate"): SimpleUploadedFile("cert.pdf", PDF, "application/pdf"),
        "report-form": "1",
    }
    client.post(reverse("reports:edit", args=[report.pk]), data)
    response = client.post(reverse("reports:submit", args=[report.pk]), follow=True)
    assert "your report is sent to the grants office" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    answers = {a.question.measure: a for a in report.answers.select_related("question")}
    assert answers["hours"].number == Decimal("61.5")
    assert answers["certification"].yes_no is True
    assert answers["certificate"].original_name == "cert.pdf"
    assert answers["certificate"].content_type == "application/pdf"
    download = client.get(reverse("reports:document", args=[report.pk, answers["certificate"].pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
def test_a_disguised_upload_is_refused_and_the_other_answers_are_saved(client, applicant, report):
    client.force_login(applicant)
    fake = SimpleUploadedFile("cert.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = client.post(
        reverse("reports:edit", args=[report.pk]),
        {field(report, "certificate"): fake, field(report, "people_served"): "8"},
        follow=True,
    )
    assert "Attach your certificate, if you have one.:" in response.content.decode()
    assert list(ReportAnswer.objects.filter(report=report).values_list("number", flat=True)) == [
        Decimal("8")
    ]


@pytest.mark.django_db
def test_an_incomplete_report_is_not_sent_and_says_what_is_missing(client, applicant, report):
    client.force_login(applicant)
    response = client.post(reverse("reports:submit", args=[report.pk]), follow=True)
    page = response.content.decode()
    assert "Your report is not complete yet." in page
    assert "Question: How many people did you serve?" in page
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "method"),
    [("reports:edit", "get"), ("reports:edit", "post"), ("reports:submit", "post")],
)
def test_another_persons_report_is_a_404(client, other_applicant, report, name, method):
    client.force_login(other_applicant)
    response = getattr(client, method)(reverse(name, args=[report.pk]))
    assert response.status_code == 404
    report.refresh_from_db()
    assert (report.state, report.unsaved_input) == (ReportState.DRAFT, {})
