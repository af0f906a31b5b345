"""The sectioned draft: "Save draft" keeps everything typed, valid or not, across visits."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.choices import QuestionKind
from grants.models import Answer, Application, ApplicationEvent, BudgetLine
from grants.workflow import State
from tests.factories import ApplicationFactory, CycleFactory, CycleQuestionFactory

MANAGEMENT = {
    "budget-TOTAL_FORMS": "3",
    "budget-INITIAL_FORMS": "0",
    "budget-MIN_NUM_FORMS": "0",
    "budget-MAX_NUM_FORMS": "30",
}


@pytest.fixture
def cycle():
    cycle = CycleFactory(max_request=Decimal("2500.00"))
    CycleQuestionFactory(
        cycle=cycle, position=0, label="Clients per month", kind=QuestionKind.NUMBER
    )
    CycleQuestionFactory(
        cycle=cycle,
        position=1,
        label="Where will you work?",
        kind=QuestionKind.CHOICE,
        choices="Private practice\nCancer center",
    )
    CycleQuestionFactory(
        cycle=cycle, position=2, label="Trained already?", kind=QuestionKind.YES_NO
    )
    return cycle


@pytest.fixture
def draft(cycle, applicant):
    return ApplicationFactory(
        cycle=cycle,
        applicant=applicant,
        title="",
        summary="",
        amount_requested=None,
        eligibility_confirmed=False,
        budget=[],
    )


def _questions(cycle):
    return list(cycle.questions.all())


def _post(client, draft, data, **extra):
    return client.post(
        reverse("grants:application_edit", args=[draft.pk]), {**MANAGEMENT, **data, **extra}
    )


@pytest.mark.django_db
def test_a_valid_draft_is_saved_in_every_section(client, applicant, draft, cycle):
    number, choice, yes_no = _questions(cycle)
    client.force_login(applicant)

    response = _post(
        client,
        draft,
        {
            "title": "Certification course",
            "purpose": "professional_development",
            "summary": "A course.",
            "need_and_plan": "Plan.",
            "beneficiaries": "Clients.",
            "timeline": "Spring.",
            "amount_requested": "$1,200.00",
            "eligibility_confirmed": "on",
            "budget-0-description": "Course fee",
            "budget-0-amount": "1000",
            "budget-1-description": "Travel",
            "budget-1-amount": "200.00",
            f"question-q{number.pk}": "12",
            f"question-q{choice.pk}": "Cancer center",
            f"question-q{yes_no.pk}": "yes",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("grants:application_edit", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.title == "Certification course"
    assert draft.amount_requested == Decimal("1200.00")
    assert draft.eligibility_confirmed is True
    assert draft.unsaved_input == {}
    assert list(draft.budget_lines.values_list("position", "description", "amount")) == [
        (0, "Course fee", Decimal("1000.00")),
        (1, "Travel", Decimal("200.00")),
    ]
    assert dict(Answer.objects.filter(application=draft).values_list("question_id", "value")) == {
        number.pk: "12",
        choice.pk: "Cancer center",
        yes_no.pk: "yes",
    }
    assert draft.missing_for_submission() == []
    assert draft.state == State.DRAFT
    assert not ApplicationEvent.objects.filter(application=draft).exists()


@pytest.mark.django_db
def test_invalid_input_keeps_all_typed_values_also_after_reloading(client, applicant, draft, cycle):
    number, choice, _ = _questions(cycle)
    client.force_login(applicant)
    typed = {
        "title": "My <b>course</b> plan",
        "summary": "Kept even though other fields are wrong.",
        "amount_requested": "twelve hundred",
        "budget-0-description": "Course fee",
        "budget-0-amount": "1,000.555",
        "budget-1-description": "",
        "budget-1-amount": "250",
        f"question-q{number.pk}": "about a dozen",
        f"question-q{choice.pk}": "Somewhere else",
    }

    saved = _post(client, draft, typed)
    page = client.get(reverse("grants:application_edit", args=[draft.pk]))

    # The answer to the post is the page itself, with the errors; so is a later visit.
    assert saved.status_code == 200
    assert saved.content.decode().count("There are 5 things to fix") == 1
    body = page.content.decode()
    assert page.status_code == 200
    # Valid values are stored for real ...
    draft.refresh_from_db()
    assert draft.title == "My <b>course</b> plan"
    assert draft.summary == "Kept even though other fields are wrong."
    assert draft.amount_requested is None
    assert BudgetLine.objects.filter(application=draft).count() == 0
    # ... and the invalid ones are kept raw, shown again as typed, with their errors.
    assert draft.unsaved_input == {
        "amount_requested": "twelve hundred",
        **MANAGEMENT,
        "budget-0-description": "Course fee",
        "budget-0-amount": "1,000.555",
        "budget-1-description": "",
        "budget-1-amount": "250",
        f"question-q{number.pk}": "about a dozen",
        f"question-q{choice.pk}": "Somewhere else",
    }
    assert 'value="My &lt;b&gt;course&lt;/b&gt; plan"' in body
    assert "Kept even though other fields are wrong.</textarea>" in body
    assert 'value="twelve hundred"' in body
    assert 'value="1,000.555"' in body
    assert 'value="250"' in body
    assert 'value="about a dozen"' in body
    assert "Write an amount as a number, such as 1200 or 1200.50." in body
    assert "Use at most two digits after the point." in body
    assert "Say what this line is for." in body
    assert "Write a number, such as 12 or 3.5." in body
    assert "Choose one of the options shown." in body
    assert "Select a valid choice" not in body
    assert 'aria-invalid="true"' in body
    assert "There are 5 things to fix" in body
    assert "Some of what you typed is not valid yet; see the marked fields" in (
        draft.missing_for_submission()
    )


@pytest.mark.django_db
def test_fixing_the_invalid_values_clears_what_was_kept(client, applicant, draft, cycle):
    client.force_login(applicant)
    _post(client, draft, {"amount_requested": "lots"})

    _post(client, draft, {"amount_requested": "900"})

    draft.refresh_from_db()
    assert draft.amount_requested == Decimal("900.00")
    assert draft.unsaved_input == {}


@pytest.mark.django_db
def test_an_amount_above_the_cycle_maximum_is_kept_and_explained(client, applicant, draft):
    client.force_login(applicant)

    _post(client, draft, {"amount_requested": "3000"})
    body = client.get(reverse("grants:application_edit", args=[draft.pk])).content.decode()

    draft.refresh_from_db()
    assert draft.amount_requested is None
    assert draft.unsaved_input["amount_requested"] == "3000"
    assert 'value="3000"' in body
    assert "This cycle gives at most 2,500.00 USD." in body


@pytest.mark.django_db
def test_removing_a_budget_line_and_clearing_an_answer(client, applicant, draft, cycle):
    number, _, _ = _questions(cycle)
    client.force_login(applicant)
    _post(
        client,
        draft,
        {
            "budget-0-description": "Course",
            "budget-0-amount": "100",
            "budget-1-description": "Travel",
            "budget-1-amount": "50",
            f"question-q{number.pk}": "4",
        },
    )

    _post(
        client,
        draft,
        {
            "budget-0-description": "Course",
            "budget-0-amount": "100",
            "budget-1-description": "Travel",
            "budget-1-amount": "50",
            "budget-1-DELETE": "on",
            f"question-q{number.pk}": "",
        },
    )

    assert list(draft.budget_lines.values_list("description", flat=True)) == ["Course"]
    assert not Answer.objects.filter(application=draft).exists()


@pytest.mark.django_db
def test_save_and_check_goes_to_the_list_of_what_is_missing(client, applicant, draft):
    client.force_login(applicant)

    response = _post(client, draft, {"title": "Course"}, next="check")
    page = client.get(response["Location"])

    assert response["Location"] == reverse("grants:application_check", args=[draft.pk])
    body = page.content.decode()
    assert "Purpose" in body
    assert "Budget: at least one line item" in body
    assert "Question: Clients per month" in body
    assert "Eligibility confirmation" in body
    assert "Submit application" not in body


@pytest.mark.django_db
def test_a_submitted_application_can_no_longer_be_edited(client, applicant, draft):
    Application.objects.filter(pk=draft.pk).update(state=State.SUBMITTED)
    client.force_login(applicant)

    response = _post(client, draft, {"title": "Changed after sending"})

    assert response.status_code == 302
    assert response["Location"] == reverse("grants:application_detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.title == ""


@pytest.mark.django_db
def test_nul_characters_do_not_break_saving(client, applicant, draft):
    client.force_login(applicant)

    response = _post(client, draft, {"title": "Bad\x00title", "amount_requested": "1\x002"})

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.title == ""
    assert draft.unsaved_input == {"title": "Badtitle", "amount_requested": "12"}


@pytest.mark.django_db
def test_a_post_that_names_only_some_fields_changes_only_those(client, applicant, cycle):
    draft = ApplicationFactory(cycle=cycle, applicant=applicant, title="Kept title")
    client.force_login(applicant)

    client.post(reverse("grants:application_edit", args=[draft.pk]), {"summary": "New summary"})

    draft.refresh_from_db()
    assert draft.title == "Kept title"
    assert draft.summary == "New summary"
    assert draft.eligibility_confirmed is True
    assert draft.budget_lines.count() == 1


@pytest.mark.django_db
def test_unticking_eligibility_on_the_page_is_saved(client, applicant, cycle):
    draft = ApplicationFactory(cycle=cycle, applicant=applicant)
    client.force_login(applicant)

    _post(client, draft, {"draft-form": "1", "title": draft.title})

    draft.refresh_from_db()
    assert draft.eligibility_confirmed is False
