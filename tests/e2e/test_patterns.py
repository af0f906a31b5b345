"""The GOV.UK patterns in a real browser, each page audited like every other (axe-core,
no sideways scrolling, no CSP or script error): the error summary's links moving the
focus, upload errors, the character count, the check page, the confirmation, autosave,
a save after the session expired, and the dark colour scheme."""

import re

import pytest

from accounts.roles import Role
from grants.models import Application
from tests import factories
from tests.e2e.journey import for_application
from tests.e2e.world import lived_in_world

pytestmark = pytest.mark.e2e

DRAFT = "Oncology massage certification"


def _focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def _open_draft(applicant):
    applicant.follow("My applications", exact=True)
    applicant.follow("Continue editing")


def test_a_refused_upload_is_in_the_summary_and_its_link_moves_to_the_file_field(people, tmp_path):
    _, ana, _ = lived_in_world()
    applicant = people.person(ana)
    _open_draft(applicant)
    fake = tmp_path / "quote.pdf"
    fake.write_bytes(b"<!DOCTYPE html><html><body>not a pdf</body></html>")
    applicant.attach("Add a document", fake)
    applicant.press("Save draft")

    page = applicant.page
    assert page.title().startswith("Error: ")
    summary = page.get_by_role("alert")
    assert "There is one thing to fix" in summary.inner_text()
    link = summary.get_by_role("link", name=re.compile(r"^Add a document: The file was not"))
    field = applicant.field("Add a document")
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    assert "id_attachment-file_error" in described
    assert "is a web page or markup file" in page.locator("#id_attachment-file_error").inner_text()
    # GOV.UK's error message: a visually hidden "Error:" starts it, for screen readers.
    hidden = page.locator("#id_attachment-file_error .visually-hidden").first
    assert hidden.inner_text() == "Error:"
    assert hidden.bounding_box()["width"] <= 1
    link.click()
    assert _focused_id(page) == "id_attachment-file"


def test_the_character_count_and_the_over_limit_refusal_that_keeps_the_text(people):
    _, ana, _ = lived_in_world()
    applicant = people.person(ana)
    _open_draft(applicant)
    page = applicant.page
    summary = applicant.field("Summary")
    summary.fill("")
    summary.press_sequentially("Twelve words")
    count = page.locator("#id_summary_count")
    assert count.inner_text() == "You have 1,988 characters remaining"
    assert "id_summary_count" in summary.get_attribute("aria-describedby").split()
    too_long = "A sentence about the course and the clinic. " * 50  # 2,200 characters
    summary.fill(too_long)
    page.wait_for_function(
        "() => document.querySelector('#id_summary_count').textContent.includes('too many')"
    )
    assert count.inner_text() == "You have 200 characters too many"
    live = page.locator("#id_summary_count + [aria-live='polite']")
    live.wait_for(state="attached")
    page.wait_for_function(
        "() => document.querySelector('#id_summary_count + [aria-live]').textContent !== ''"
    )
    assert live.inner_text() == "You have 200 characters too many"

    applicant.press("Save draft")

    kept = applicant.field("Summary")
    assert kept.input_value() == too_long, "every character typed is still there"
    alert = page.get_by_role("alert").inner_text()
    assert "Summary: This can be at most 2,000 characters long, and it has 2,199" in alert
    page.get_by_role("alert").get_by_role("link", name=re.compile(r"^Summary:")).click()
    assert _focused_id(page) == "id_summary"


def test_the_review_forms_radio_error_link_moves_to_the_first_radio(people):
    _, _, hana = lived_in_world()
    reviewer = people.person(hana)
    reviewer.follow("My reviews", exact=True)
    reviewer.follow(for_application("Review", "Lymphedema-aware massage training"))
    reviewer.press("Submit review")

    page = reviewer.page
    assert page.title().startswith("Error: ")
    main_first = page.evaluate(
        "() => document.querySelector('main').querySelector(':scope > :not(.print-only)').className"
    )
    assert main_first == "error-summary", "the summary comes before the application text"
    links = page.get_by_role("alert").get_by_role("link")
    first = links.first
    href = first.get_attribute("href")
    assert href.endswith("_0"), f"the link goes to the first radio, not {href}"
    first.click()
    focused = page.evaluate(
        "() => [document.activeElement.type, document.activeElement.id,"
        " document.activeElement.getAttribute('aria-invalid'),"
        " document.activeElement.closest('fieldset').getAttribute('aria-describedby')]"
    )
    assert focused[0] == "radio"
    assert "#" + focused[1] == href
    assert focused[2] == "true"
    assert focused[1].removesuffix("_0") + "_error" in focused[3].split()


def test_the_check_page_change_links_and_the_confirmation_reference(people):
    _, ana, _ = lived_in_world()
    applicant = people.person(ana)
    applicant.follow("My applications", exact=True)
    applicant.follow(DRAFT, exact=True)
    applicant.follow("Check and submit")
    page = applicant.page
    applicant.follow(page.get_by_role("link", name="Change title", exact=True))
    assert page.url.endswith("#id_title")
    assert page.locator("#id_title").is_visible()
    applicant.tick("I confirm that I meet the eligibility requirements above.")
    applicant.press("Save and check what is missing")
    assert "Everything is filled in." in applicant.main_text()
    applicant.tick("I have checked my application and I am ready to send it.")
    applicant.press("Submit application")

    application = Application.objects.get(applicant=ana, title=DRAFT)
    assert applicant.heading() == "Your application is submitted"
    reference = page.locator(".confirmation-panel .reference").inner_text()
    assert reference == f"S4OM-{application.cycle_id}-{application.pk:05d}"
    assert "What happens next" in applicant.main_text()


def test_a_save_after_the_session_expired_is_kept_through_the_login(people):
    _, ana, _ = lived_in_world()
    applicant = people.person(ana)
    _open_draft(applicant)
    page = applicant.page
    typed = "Written over a long evening, while the session ran out."
    applicant.fill("Timeline", typed)
    page.context.clear_cookies(name="sessionid")

    applicant.press("Save draft")

    assert applicant.heading() == "Log in"
    assert "What you typed is kept" in applicant.main_text()
    applicant.fill("Email", ana.email)
    applicant.fill("Password", applicant.password)
    applicant.press("Log in")
    assert "What you typed before logging in is saved in your draft." in applicant.main_text()
    assert applicant.field("Timeline").input_value() == typed
    assert Application.objects.get(applicant=ana, title=DRAFT).timeline == typed


def test_the_draft_autosaves_and_says_when(people):
    _, ana, _ = lived_in_world()
    applicant = people.person(ana)
    page = applicant.page
    page.clock.install()
    _open_draft(applicant)
    applicant.fill("Who benefits", "People in treatment, and their carers.")
    status = page.locator("[data-autosave-status]")
    assert status.get_attribute("role") == "status"

    page.clock.run_for(31_000)

    page.wait_for_function(
        "() => document.querySelector('[data-autosave-status]').textContent.startsWith('Saved')"
    )
    assert re.fullmatch(r"Saved at \d{1,2}:\d\d[ap]m\.", status.inner_text())
    draft = Application.objects.get(applicant=ana, title=DRAFT)
    assert draft.beneficiaries == "People in treatment, and their carers."


def test_a_printed_draft_shows_the_answers_and_the_societys_name(people):
    _, ana, _ = lived_in_world()
    applicant = people.person(ana)
    _open_draft(applicant)
    page = applicant.page
    page.emulate_media(media="print")

    assert page.locator(".print-header").is_visible()
    assert "Society for Oncology Massage" in page.locator(".print-header").inner_text()
    assert "Draft, not submitted" in page.locator(".print-header").inner_text()
    assert not page.locator(".site-header").is_visible()
    assert applicant.field("Title").is_visible()
    assert applicant.field("Summary").is_visible()
    assert applicant.field("Summary").input_value() != ""
    assert not applicant.button("Save draft").is_visible()
    page.emulate_media(media="screen")
    assert not page.locator(".print-header").is_visible()


@pytest.mark.parametrize("scheme", ["dark"])
def test_the_dark_colour_scheme_passes_the_same_audit(people, scheme):
    world, ana, hana = lived_in_world()
    applicant = people.person(ana)
    applicant.page.emulate_media(color_scheme=scheme)
    applicant.goto("/")
    assert applicant.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    applicant.follow("Grant cycles", exact=True)
    applicant.follow(world.cycle.title, exact=True)
    applicant.follow("Continue your draft")
    applicant.press("Save and check what is missing")
    applicant.follow("My applications", exact=True)
    applicant.follow("Community massage at the support group")
    applicant.follow("Inbox")

    reviewer = people.person(hana)
    reviewer.page.emulate_media(color_scheme=scheme)
    reviewer.follow("My reviews", exact=True)
    reviewer.follow(for_application("Review", "Lymphedema-aware massage training"))
    reviewer.press("Submit review")  # the error state, in the dark scheme

    staff = people.person(factories.UserFactory(roles=[Role.STAFF]))
    staff.page.emulate_media(color_scheme=scheme)
    staff.follow("Cycles office", exact=True)
    staff.follow(world.cycle.title, exact=True)
