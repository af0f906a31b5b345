"""Factories for reports (kept beside the tests of reports; the shared ones are in
tests/factories.py)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from grants.workflow import State
from reports.models import Report, ReportQuestion, ReportQuestionKind, ReportRequest
from reports.services import add_standard_measures
from tests.factories import ApplicationFactory, CycleFactory, force_state


class ReportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRequest
        skip_postgeneration_save = True

    cycle = factory.SubFactory(CycleFactory)
    kind = "final"
    title = "Final report"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    instructions = "Tell us what you did with the grant."

    @factory.post_generation
    def standard(self, create, extracted, **kwargs):
        if create and extracted is not False:
            add_standard_measures(self)


class ReportQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportQuestion

    request = factory.SubFactory(ReportRequestFactory)
    position = factory.Sequence(lambda n: 100 + n)
    label = factory.Sequence(lambda n: f"Report question {n}")
    kind = ReportQuestionKind.SHORT_TEXT
    required = True


def accepted_grant(*, cycle=None, applicant=None, **fields):
    """An application whose award the grantee accepted (no audit rows)."""
    options = {"amount_requested": Decimal("1200.00"), **fields}
    if cycle is not None:
        options["cycle"] = cycle
    if applicant is not None:
        options["applicant"] = applicant
    application = ApplicationFactory(**options)
    return force_state(application, State.ACCEPTED, awarded_amount=Decimal("1000.00"))


def report_for(application, request=None, **fields) -> Report:
    """The report the request asks of `application` (created on acceptance or here)."""
    request = request or ReportRequestFactory(cycle=application.cycle)
    report, _ = Report.objects.get_or_create(
        request=request, application=application, defaults={"due_on": request.due_on}
    )
    if fields:
        Report.objects.filter(pk=report.pk).update(**fields)
        report.refresh_from_db()
    return report


def force_report_state(report: Report, state: str, **fields) -> Report:
    Report.objects.filter(pk=report.pk).update(state=state, **fields)
    report.refresh_from_db()
    return report
