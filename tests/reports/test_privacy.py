"""The grantee's reports in their data export, and account deletion: reports of kept
applications stay with the placeholder (their documents go); the rest go."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from grants.workflow import ReportState
from privacy import services
from privacy.export import personal_data
from reports.models import Report, ReportAnswer, ReportEvent
from tests.factories import CycleFactory
from tests.reports.factories import (
    ReportRequestFactory,
    accepted_grant,
    force_report_state,
    report_for,
)


@pytest.fixture
def grant(applicant):
    now = timezone.now()
    cycle = CycleFactory(opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30))
    application = accepted_grant(
        cycle=cycle,
        applicant=applicant,
        title="Hospice mentorship",
        submitted_at=now - timedelta(days=31),
    )
    report = report_for(application, ReportRequestFactory(cycle=cycle, title="Final report"))
    people = report.request.questions.get(measure="people_served")
    certificate = report.request.questions.get(measure="certificate")
    ReportAnswer.objects.create(report=report, question=people, number=Decimal("25"))
    document = ReportAnswer(report=report, question=certificate, original_name="cert.pdf")
    document.document.save("document", ContentFile(b"%PDF-1.4 certificate"), save=False)
    document.save()
    Report.objects.filter(pk=report.pk).update(unsaved_input={"q1": "twenty"})
    return application, report, document


@pytest.mark.django_db
def test_the_export_holds_the_grantees_reports_with_their_answers(applicant, grant):
    application, report, _ = grant
    data = personal_data(applicant)
    assert data["reports"] == [
        {
            "id": report.pk,
            "application_id": application.pk,
            "report": "Final report",
            "kind": "final",
            "state": "draft",
            "due_on": report.due_on,
            "submitted_at": None,
            "accepted_at": None,
            "changes_asked_for": "",
            "answers": [
                {"question": "How many people did you serve?", "answer": "25"},
                {"question": "Attach your certificate, if you have one.", "answer": "cert.pdf"},
            ],
            "not_yet_valid_input": {"q1": "twenty"},
        }
    ]


@pytest.mark.django_db
def test_deleting_the_account_keeps_reports_of_kept_grants_anonymised(
    applicant, staff_member, grant, django_capture_on_commit_callbacks
):
    application, report, document = grant
    from reports import services as report_services

    force_report_state(report, ReportState.DRAFT, unsaved_input={})
    report.request.questions.exclude(measure__in=["people_served", "certificate"]).update(
        required=False
    )
    report_services.submit(report, by=applicant)
    stored = document.document.name
    with django_capture_on_commit_callbacks(execute=True):
        summary = services.delete_account(user=applicant)

    kept = Report.objects.select_related("application__applicant").get(pk=report.pk)
    assert summary.anonymised_applications == 1
    assert kept.application.applicant.full_name == "Former applicant"
    assert list(ReportEvent.objects.filter(report=kept).values_list("actor", flat=True)) == [
        summary.placeholder_id
    ]
    assert not ReportAnswer.objects.filter(pk=document.pk).exists()
    assert not default_storage.exists(stored)
