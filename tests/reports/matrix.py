"""The report objects of the permission matrix (tests/security): the owner's draft
report, with a certificate, on an accepted grant of their own in the closed cycle's
place (a cycle of its own, so the world's other objects stay as they are)."""

from django.core.files.base import ContentFile

from reports.models import ReportAnswer
from tests.reports.factories import ReportRequestFactory, accepted_grant, report_for


def report_url_kwargs(world) -> dict:
    report = getattr(world, "_matrix_report", None)
    if report is None:
        application = accepted_grant(applicant=world.people["owner"], title="Hospice mentorship")
        report = report_for(application, ReportRequestFactory(cycle=application.cycle))
        question = report.request.questions.get(measure="certificate")
        answer = ReportAnswer(report=report, question=question, original_name="certificate.pdf")
        answer.document.save("document", ContentFile(b"%PDF-1.4 certificate"), save=False)
        answer.content_type = "application/pdf"
        answer.save()
        world._matrix_report = report
    answer = report.answers.get()
    pk = {"pk": report.pk}
    return {
        "reports:edit": pk,
        "reports:submit": pk,
        "reports:document": {**pk, "answer_pk": answer.pk},
        "reports:cycle": {"slug": report.application.cycle.slug},
        "reports:review": pk,
    }
