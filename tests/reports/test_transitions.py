"""Every (report transition, source state, role): allowed ones succeed and are audited
once, the rest are refused and change nothing."""

import pytest
from django.forms.models import model_to_dict

from grants.refusals import TransitionRefused
from grants.workflow import ReportState
from reports import services
from reports.models import Report, ReportAnswer, ReportEvent
from tests.factories import AssignmentFactory
from tests.reports.factories import (
    ReportRequestFactory,
    accepted_grant,
    force_report_state,
    report_for,
)

ALLOWED = {
    "submit": ({ReportState.DRAFT}, {"owner"}, ReportState.SUBMITTED),
    "accept": ({ReportState.SUBMITTED}, {"staff"}, ReportState.ACCEPTED),
    "ask_for_changes": ({ReportState.SUBMITTED}, {"staff"}, ReportState.DRAFT),
}
ARGUMENTS = {
    "submit": {},
    "accept": {"note": "Thank you, a clear report."},
    "ask_for_changes": {"note": "Please attach the certificate."},
}
ROLES = ["owner", "other_applicant", "reviewer", "board", "staff"]
CASES = [(name, state, role) for name in ALLOWED for state in ReportState for role in ROLES]


@pytest.fixture
def people(applicant, other_applicant, reviewer, board_member, staff_member):
    return {
        "owner": applicant,
        "other_applicant": other_applicant,
        "reviewer": reviewer,
        "board": board_member,
        "staff": staff_member,
    }


def complete_report(owner, reviewer):
    application = accepted_grant(applicant=owner)
    AssignmentFactory(application=application, reviewer=reviewer)
    request = ReportRequestFactory(cycle=application.cycle, kind="interim", standard=False)
    return report_for(application, request)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "state", "role"), CASES)
def test_report_transition_by_state_and_role(name, state, role, people):
    report = force_report_state(complete_report(people["owner"], people["reviewer"]), state)
    sources, roles, target = ALLOWED[name]
    actor = people[role]
    before = model_to_dict(report)

    if state in sources and role in roles:
        getattr(services, name)(report, by=actor, **ARGUMENTS[name])
        report.refresh_from_db()
        assert report.state == target
        events = list(
            ReportEvent.objects.filter(report=report).values_list(
                "actor_id", "name", "source", "target", "note"
            )
        )
        assert events == [
            (actor.pk, name, state.value, target.value, ARGUMENTS[name].get("note", ""))
        ]
    else:
        with pytest.raises(TransitionRefused):
            getattr(services, name)(report, by=actor, **ARGUMENTS[name])
        report.refresh_from_db()
        assert model_to_dict(report) == before
        assert ReportEvent.objects.filter(report=report).count() == 0


@pytest.mark.django_db
def test_asking_for_changes_without_a_message_is_refused(applicant, reviewer, staff_member):
    report = force_report_state(complete_report(applicant, reviewer), ReportState.SUBMITTED)
    with pytest.raises(TransitionRefused) as refused:
        services.ask_for_changes(report, by=staff_member, note="  ")
    assert refused.value.message == "Write a message telling the grantee what to change."
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


@pytest.mark.django_db
def test_asking_for_changes_keeps_the_message_for_the_grantee(applicant, reviewer, staff_member):
    report = force_report_state(complete_report(applicant, reviewer), ReportState.SUBMITTED)
    services.ask_for_changes(report, by=staff_member, note="Please add the hours.")
    assert (report.state, report.changes_note, report.submitted_at) == (
        ReportState.DRAFT,
        "Please add the hours.",
        None,
    )


@pytest.mark.django_db
def test_a_report_missing_a_required_answer_cannot_be_submitted(applicant):
    application = accepted_grant(applicant=applicant)
    report = report_for(application, ReportRequestFactory(cycle=application.cycle))
    with pytest.raises(TransitionRefused) as refused:
        services.submit(report, by=applicant)
    assert refused.value.missing == [
        "Question: How many people did you serve?",
        "Question: How many sessions did you give?",
        "Question: How many hours of oncology massage did you give?",
        "Question: Did you complete the course or certification?",
    ]
    assert Report.objects.get(pk=report.pk).state == ReportState.DRAFT
    assert ReportAnswer.objects.count() == 0
