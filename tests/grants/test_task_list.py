"""The draft as a task list, the check-your-answers page with a Change link per answer
and each missing item linked to its field, and the confirmation after submitting."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.tasklist import COMPLETE, IN_PROGRESS, NOT_STARTED, OPTIONAL, sections
from grants.workflow import State
from tests.factories import ApplicationFactory, CycleQuestionFactory, force_state


def _statuses(application):
    return {section.key: section.status for section in sections(application)}


@pytest.mark.django_db
def test_each_section_is_not_started_in_progress_or_complete(applicant):
    empty = ApplicationFactory(
        applicant=applicant,
        title="",
        purpose="",
        summary="",
        need_and_plan="",
        beneficiaries="",
        timeline="",
        amount_requested=None,
        budget=[],
        eligibility_confirmed=False,
    )
    half = ApplicationFactory(applicant=applicant, summary="", need_and_plan="")
    full = ApplicationFactory(applicant=applicant)

    assert _statuses(empty) == {
        "about": NOT_STARTED,
        "plan": NOT_STARTED,
        "budget": NOT_STARTED,
        "documents": OPTIONAL,
        "eligibility": NOT_STARTED,
    }
    assert _statuses(half)["about"] == IN_PROGRESS
    assert _statuses(half)["plan"] == IN_PROGRESS
    assert _statuses(full) == {
        "about": COMPLETE,
        "plan": COMPLETE,
        "budget": COMPLETE,
        "documents": OPTIONAL,
        "eligibility": COMPLETE,
    }


@pytest.mark.django_db
def test_a_field_kept_unsaved_puts_its_section_in_progress(applicant):
    application = ApplicationFactory(applicant=applicant, unsaved_input={"amount_requested": "x"})

    assert _statuses(application)["budget"] == IN_PROGRESS


@pytest.mark.django_db
def test_the_edit_page_shows_the_task_list(client, applicant):
    application = ApplicationFactory(applicant=applicant, timeline="")
    client.force_login(applicant)

    body = client.get(reverse("grants:application_edit", args=[application.pk])).content.decode()

    assert '<a href="#plan-title" aria-describedby="task-status-plan">Need and plan</a>' in body
    assert 'id="task-status-plan">In progress</strong>' in body
    assert 'id="task-status-about">Complete</strong>' in body


@pytest.mark.django_db
def test_the_check_page_has_a_change_link_per_answer_and_links_what_is_missing(client, applicant):
    application = ApplicationFactory(
        applicant=applicant, timeline="", eligibility_confirmed=False, title="Course"
    )
    question = CycleQuestionFactory(cycle=application.cycle, label="Clients per month")
    client.force_login(applicant)
    edit = reverse("grants:application_edit", args=[application.pk])

    body = client.get(reverse("grants:application_check", args=[application.pk])).content.decode()

    assert f'<a href="{edit}#id_title">Change<span class="visually-hidden"> title</span></a>' in (
        body
    )
    assert f'href="{edit}#id_amount_requested">Change' in body
    assert f'href="{edit}#id_question-q{question.pk}">Change' in body
    assert f'<li><a href="{edit}#id_timeline">Timeline</a></li>' in body
    assert f'<li><a href="{edit}#id_eligibility_confirmed">Eligibility confirmation</a></li>' in (
        body
    )
    assert f'<li><a href="{edit}#id_question-q{question.pk}">Question: Clients per month</a>' in (
        body
    )
    assert "data-confirm" not in body


@pytest.mark.django_db
def test_the_confirmation_of_a_draft_goes_back_to_the_check_page(client, applicant):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)

    response = client.get(reverse("grants:application_submitted", args=[application.pk]))

    assert response["Location"] == reverse("grants:application_check", args=[application.pk])


@pytest.mark.django_db
def test_someone_elses_confirmation_is_not_found(client, applicant, other_applicant):
    application = force_state(ApplicationFactory(applicant=other_applicant), State.SUBMITTED)
    client.force_login(applicant)

    response = client.get(reverse("grants:application_submitted", args=[application.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_an_amount_other_than_the_budget_lines_keeps_the_budget_in_progress(applicant):
    application = ApplicationFactory(
        applicant=applicant, amount_requested=Decimal("9.00"), budget=[("Fee", Decimal("5"))]
    )

    assert _statuses(application)["budget"] == IN_PROGRESS
