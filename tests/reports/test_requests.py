"""Staff configure report requests: exactly one due rule, typed questions checked, the
standard impact measures added by default or with one click, due dates computed."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.roles import Role
from grants import offers
from grants.workflow import State
from reports.models import ImpactMeasure, Report, ReportQuestion, ReportRequest
from tests.factories import ApplicationFactory, CycleFactory, UserFactory, force_state
from tests.reports.factories import ReportQuestionFactory, ReportRequestFactory, accepted_grant


@pytest.mark.django_db
@pytest.mark.parametrize(("due_on", "days"), [(None, None), (date(2031, 5, 31), 30)])
def test_a_request_needs_exactly_one_due_rule(due_on, days):
    request = ReportRequest(
        cycle=CycleFactory(), title="Final", due_on=due_on, due_days_after_acceptance=days
    )
    with pytest.raises(ValidationError) as error:
        request.full_clean()
    assert error.value.messages == [
        "Give either a fixed due date or a number of days after acceptance, not both."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        request.save()


@pytest.mark.django_db
def test_a_question_is_checked_against_its_kind_and_measure():
    request = ReportRequestFactory(standard=False)
    mismatched = ReportQuestion(
        request=request, label="People", kind="short_text", measure="people_served"
    )
    with pytest.raises(ValidationError) as error:
        mismatched.full_clean()
    assert error.value.message_dict == {
        "kind": ["The measure “People served” needs a number question."]
    }
    upside_down = ReportQuestion(
        request=request, label="Hours", kind="number", minimum=10, maximum=1
    )
    with pytest.raises(ValidationError) as error:
        upside_down.full_clean()
    assert error.value.message_dict == {"maximum": ["The maximum must not be below the minimum."]}


@pytest.mark.django_db
def test_the_standard_measures_come_once_with_one_click(client):
    from reports.services import add_standard_measures

    request = ReportRequestFactory(standard=False)
    ReportQuestionFactory(
        request=request, kind="number", measure=ImpactMeasure.HOURS, label="Hours"
    )
    added = add_standard_measures(request)
    assert [q.measure for q in added] == [
        "people_served",
        "sessions",
        "certification",
        "certificate",
    ]
    assert add_standard_measures(request) == []
    assert request.questions.count() == 5


@pytest.mark.django_db
def test_a_new_request_made_in_the_admin_gets_the_standard_measures(client):
    admin = UserFactory(roles=[Role.STAFF], is_staff=True)
    cycle = CycleFactory()
    client.force_login(admin)
    prefix = "questions"
    response = client.post(
        reverse("admin:reports_reportrequest_add"),
        {
            "cycle": cycle.pk,
            "kind": "final",
            "title": "Final report",
            "instructions": "",
            "due_on": "",
            "due_days_after_acceptance": "60",
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    request = ReportRequest.objects.get()
    assert sorted(request.questions.values_list("measure", flat=True)) == sorted(
        ImpactMeasure.values
    )


@pytest.mark.django_db
def test_days_after_acceptance_count_from_the_signed_agreement(applicant):
    new_york = ZoneInfo("America/New_York")
    cycle = CycleFactory(time_zone="America/New_York")
    ReportRequestFactory(cycle=cycle, due_on=None, due_days_after_acceptance=90, title="Final")
    application = ApplicationFactory(cycle=cycle, applicant=applicant)
    force_state(application, State.AWARDED, awarded_amount=application.amount_requested)
    cycle.decisions_released_at = datetime(2031, 1, 1, tzinfo=new_york)
    cycle.save()
    offers.accept_award(application, by=applicant, signed_name=applicant.full_name, agreed=True)
    report = Report.objects.get(application=application)
    accepted_on = cycle.local(application.agreement.signed_at).date()
    assert report.due_on == accepted_on + timedelta(days=90)


@pytest.mark.django_db
def test_a_request_added_later_reaches_open_grants_only():
    cycle = CycleFactory()
    open_grant = accepted_grant(cycle=cycle)
    closed_grant = force_state(accepted_grant(cycle=cycle), State.CLOSED)
    request = ReportRequestFactory(cycle=cycle)
    assert list(Report.objects.values_list("application", "request")) == [
        (open_grant.pk, request.pk)
    ]
    assert closed_grant.reports.count() == 0
