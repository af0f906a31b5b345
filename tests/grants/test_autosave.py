"""Nothing typed is lost across a session expiry: autosave, and a "Save draft" posted
after the session ended, kept through the login and saved afterwards."""

import pytest
from django.urls import reverse

from grants.views.autosave import PENDING_KEY
from grants.workflow import State
from tests.factories import TEST_PASSWORD, ApplicationFactory, force_state

PAGE = {"budget-TOTAL_FORMS": "0", "budget-INITIAL_FORMS": "0", "draft-form": "1"}


def _log_in(client, user, next_url):
    return client.post(
        f"{reverse('accounts:login')}?next={next_url}",
        {"username": user.email, "password": TEST_PASSWORD},
    )


@pytest.mark.django_db
def test_autosave_stores_the_draft_and_says_when(client, applicant):
    application = ApplicationFactory(applicant=applicant, summary="")
    client.force_login(applicant)

    response = client.post(
        reverse("grants:application_autosave", args=[application.pk]),
        {**PAGE, "summary": "Typed, then left alone", "eligibility_confirmed": "on"},
    )

    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is True
    assert answer["message"].startswith("Saved at ")
    application.refresh_from_db()
    assert application.summary == "Typed, then left alone"


@pytest.mark.django_db
def test_autosave_of_someone_elses_draft_is_not_found(client, applicant, other_applicant):
    application = ApplicationFactory(applicant=other_applicant, summary="Theirs")
    client.force_login(applicant)

    response = client.post(
        reverse("grants:application_autosave", args=[application.pk]), {"summary": "Mine"}
    )

    assert response.status_code == 404
    application.refresh_from_db()
    assert application.summary == "Theirs"


@pytest.mark.django_db
def test_autosave_of_a_submitted_application_changes_nothing(client, applicant):
    application = force_state(ApplicationFactory(applicant=applicant), State.SUBMITTED)
    client.force_login(applicant)

    response = client.post(
        reverse("grants:application_autosave", args=[application.pk]), {"summary": "Late"}
    )

    assert response.status_code == 409
    application.refresh_from_db()
    assert application.summary != "Late"


@pytest.mark.django_db
def test_a_save_after_the_session_expired_is_saved_after_logging_in(client, applicant):
    application = ApplicationFactory(applicant=applicant, summary="Old")
    edit = reverse("grants:application_edit", args=[application.pk])

    logged_out = client.post(edit, {**PAGE, "summary": "Typed while the session ran out"})

    assert logged_out.status_code == 302
    assert logged_out["Location"].startswith(reverse("accounts:login"))
    application.refresh_from_db()
    assert application.summary == "Old"
    login = _log_in(client, applicant, edit)
    assert login["Location"] == edit
    page = client.get(edit, follow=True)
    application.refresh_from_db()
    assert application.summary == "Typed while the session ran out"
    assert "What you typed before logging in is saved in your draft." in page.content.decode()
    assert PENDING_KEY not in client.session


@pytest.mark.django_db
def test_a_kept_save_is_dropped_when_someone_else_logs_in(client, applicant, other_applicant):
    application = ApplicationFactory(applicant=applicant, summary="Old")
    edit = reverse("grants:application_edit", args=[application.pk])
    client.post(edit, {**PAGE, "summary": "Planted"})

    _log_in(client, other_applicant, edit)
    response = client.get(edit)

    assert response.status_code == 404
    application.refresh_from_db()
    assert application.summary == "Old"
    assert PENDING_KEY not in client.session


@pytest.mark.django_db
def test_a_kept_save_holds_only_the_drafts_own_fields(client, applicant):
    application = ApplicationFactory(applicant=applicant)
    edit = reverse("grants:application_edit", args=[application.pk])

    client.post(edit, {**PAGE, "title": "New", "state": "awarded", "awarded_amount": "9999"})

    assert client.session[PENDING_KEY] == {
        "pk": application.pk,
        "data": {**PAGE, "title": "New"},
    }


@pytest.mark.django_db
def test_an_autosave_after_the_session_expired_is_kept_too(client, applicant):
    application = ApplicationFactory(applicant=applicant, summary="Old")

    response = client.post(
        reverse("grants:application_autosave", args=[application.pk]),
        {**PAGE, "summary": "Autosaved while logged out"},
    )

    assert response.status_code == 401
    assert "What you typed is kept" in response.json()["message"]
    edit = reverse("grants:application_edit", args=[application.pk])
    _log_in(client, applicant, edit)
    client.get(edit)
    application.refresh_from_db()
    assert application.summary == "Autosaved while logged out"


def test_save_draft_takes_plain_values_and_services_know_no_forms():
    import ast
    import inspect

    from grants import services

    signature = inspect.signature(services.save_draft)
    keyword_only = [name for name, p in signature.parameters.items() if p.kind is p.KEYWORD_ONLY]
    assert keyword_only == ["by", "fields", "budget_lines", "answers", "unsaved_input", "upload"]
    tree = ast.parse(inspect.getsource(services))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not {m for m in imported if m.startswith("grants.forms") or m == "django.forms"}
