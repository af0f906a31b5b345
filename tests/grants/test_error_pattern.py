"""GOV.UK's error pattern on the applicant's pages: the summary first in main, "Error:"
in the title, a link to the first control of every field in error, errors tied to their
fields; upload refusals through the same path; long text refused, kept, never cut."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.choices import QuestionKind
from grants.forms import CUT_KEY, DraftForms
from grants.models import Attachment
from tests.factories import ApplicationFactory, AttachmentFactory, CycleQuestionFactory

HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EMPTY_BUDGET = {"budget-TOTAL_FORMS": "0", "budget-INITIAL_FORMS": "0", "draft-form": "1"}


def _edit(client, application, data):
    return client.post(
        reverse("grants:application_edit", args=[application.pk]), {**EMPTY_BUDGET, **data}
    )


def _main(body: str) -> str:
    return body.split('<main id="main" class="wrap" tabindex="-1">', 1)[1]


@pytest.mark.django_db
def test_a_refused_upload_is_in_the_summary_and_on_the_field(client, applicant):
    application = ApplicationFactory(applicant=applicant, title="")
    client.force_login(applicant)

    response = _edit(
        client,
        application,
        {
            "title": "Kept",
            "attachment-file": SimpleUploadedFile("invoice.pdf", HTML, "application/pdf"),
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    main = _main(body)
    assert main.lstrip().startswith('<div class="error-summary"')
    assert '<a href="#id_attachment-file">Add a document: The file was not attached.' in main
    assert re.search(
        r'<input type="file" name="attachment-file"[^>]*aria-invalid="true"'
        r'[^>]*aria-describedby="id_attachment-file_helptext id_attachment-file_error"',
        main,
    )
    assert 'id="id_attachment-file_error"' in main
    assert "message-error" not in main
    application.refresh_from_db()
    assert application.title == "Kept"
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_an_empty_file_is_refused_with_a_message_not_dropped(client, applicant):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)

    response = _edit(client, application, {"attachment-file": SimpleUploadedFile("blank.pdf", b"")})

    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Add a document: The file was not attached. “blank.pdf” is empty. Choose the file "
        "again, or another copy of it."
    ) in body
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_one_file_too_many_is_in_the_summary(client, applicant, settings):
    settings.ATTACHMENT_MAX_COUNT = 1
    application = ApplicationFactory(applicant=applicant)
    AttachmentFactory(application=application)
    client.force_login(applicant)

    response = _edit(client, application, {"attachment-file": SimpleUploadedFile("two.pdf", PDF)})

    assert "There is one thing to fix" in response.content.decode()
    assert "You can attach up to 1 files" in response.content.decode()


@pytest.mark.django_db
def test_a_good_upload_saves_and_returns_to_the_page(client, applicant):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)

    response = _edit(client, application, {"attachment-file": SimpleUploadedFile("quote.pdf", PDF)})

    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "quote.pdf"


@pytest.mark.django_db
def test_radio_errors_link_to_the_first_radio_and_are_described(client, applicant):
    application = ApplicationFactory(applicant=applicant)
    question = CycleQuestionFactory(
        cycle=application.cycle, kind=QuestionKind.YES_NO, label="Trained already?"
    )
    client.force_login(applicant)

    response = _edit(client, application, {f"question-q{question.pk}": "Mars"})

    main = _main(response.content.decode())
    field_id = f"id_question-q{question.pk}"
    assert f'<a href="#{field_id}_0">Trained already?: Choose one of the options shown.</a>' in (
        main
    )
    assert f'<fieldset aria-describedby="{field_id}_helptext {field_id}_error">' in main
    assert re.search(rf'<input type="radio"[^>]*aria-invalid="true"[^>]*id="{field_id}_0"', main)
    assert "Mars" not in main.split("</ul>", 1)[0]


@pytest.mark.django_db
def test_over_long_text_is_refused_kept_whole_on_the_page_and_not_cut_by_the_browser(
    client, applicant
):
    application = ApplicationFactory(applicant=applicant, summary="Old summary")
    client.force_login(applicant)
    typed = "word " * 500  # 2,500 characters; the limit is 2,000

    response = _edit(client, application, {"summary": typed})

    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "Summary: This can be at most 2,000 characters long, and it has 2,499: shorten it by "
        "499 characters. Everything you typed is still here."
    ) in body
    assert typed + "</textarea>" in body
    assert ' maxlength="' not in body
    assert 'data-maxlength="2000"' in body
    application.refresh_from_db()
    assert application.summary == "Old summary"


@pytest.mark.django_db
def test_unsaved_input_keeps_at_most_the_fields_limit_and_says_so(client, applicant):
    """Issue 15's finding: a 2,000,000-character summary was stored for a field limited
    to 2,000 (and to 10,000 for the plan). It no longer is."""
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)
    huge = "x" * 2_000_000

    _edit(
        client,
        application,
        {"summary": huge, "need_and_plan": huge, "amount_requested": "9" * 1000},
    )

    application.refresh_from_db()
    kept = application.unsaved_input
    assert len(kept["summary"]) == 2000
    assert len(kept["need_and_plan"]) == 10000
    assert len(kept["amount_requested"]) == 100
    assert kept[CUT_KEY] == "summary,need_and_plan,amount_requested"
    assert len(repr(kept)) < 13_000
    page = client.get(reverse("grants:application_edit", args=[application.pk]))
    body = page.content.decode()
    assert (
        "What you typed here was longer than 2,000 characters, so only the first 2,000 were "
        "kept and the rest was not."
    ) in body
    assert "<title>Error: " in body


@pytest.mark.django_db
def test_a_cut_answer_stays_marked_until_saved_again(applicant):
    application = ApplicationFactory(
        applicant=applicant, unsaved_input={"summary": "y" * 2000, CUT_KEY: "summary"}
    )

    forms = DraftForms.for_application(application)

    assert forms.error_count == 1
    assert forms.main["summary"].value() == "y" * 2000


@pytest.mark.django_db
def test_budget_keys_beyond_the_form_are_not_kept(client, applicant):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)
    data = {f"budget-{i}-description": "line" for i in range(500)}
    data.update({"budget-TOTAL_FORMS": "9999", "budget-0-amount": "bad"})

    client.post(reverse("grants:application_edit", args=[application.pk]), data)

    application.refresh_from_db()
    assert application.unsaved_input["budget-TOTAL_FORMS"] == "32"
    assert max(int(k.split("-")[1]) for k in application.unsaved_input if "description" in k) == 31


@pytest.mark.django_db
def test_error_pages_say_error_in_their_title(client, applicant):
    client.force_login(applicant)

    body = client.get("/no-such-page/").content.decode()

    assert "<title>Error: Page not found · S4OM Grants</title>" in body


@pytest.mark.django_db
def test_the_check_page_summary_comes_first_and_links_to_the_tick_box(client, applicant):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)

    response = client.post(reverse("grants:submit", args=[application.pk]), {})

    main = _main(response.content.decode())
    assert main.lstrip().startswith('<div class="error-summary"')
    assert '<a href="#id_confirm">' in main
    assert main.count('class="error-summary"') == 1


@pytest.mark.django_db
def test_sign_up_says_the_passwords_need_retyping_not_that_nothing_was_lost(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "ana@example.org",
            "full_name": "Ana Field",
            "password1": "a-long-test-password-42",
            "password2": "a-long-test-password-43",
        },
    )

    body = response.content.decode()
    assert "<title>Error: Create an account · S4OM Grants</title>" in body
    assert "the password fields are empty: type the password again" in body
    assert "Nothing you typed has been lost" not in body
    assert 'value="Ana Field"' in body


@pytest.mark.django_db
def test_the_login_page_carries_the_sites_name_not_the_host(client):
    body = client.get(reverse("accounts:login")).content.decode()

    assert "<title>Log in · S4OM Grants</title>" in body
    assert '<a class="brand" href="/">S4OM Grants</a>' in body
    assert "<p>S4OM Grants — grants for oncology massage practitioners" in body
    assert "testserver" not in body


@pytest.mark.django_db
def test_an_office_form_with_errors_puts_error_in_the_title(client, board_member):
    application = ApplicationFactory()
    client.force_login(board_member)

    response = client.post(reverse("grants:office_extend", args=[application.pk]), {})

    assert "<title>Error: " in response.content.decode()
