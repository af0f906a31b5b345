"""Signing up and logging in, in a real browser, with the pointer and with the keyboard."""

import pytest

from tests.e2e.person import Person, tab_to, walk_tab_order

pytestmark = pytest.mark.e2e


def test_a_newcomer_signs_up_logs_out_and_logs_back_in(people):
    page = people.open()
    ana = Person(page, people.audit_for(page))

    ana.sign_up(email="ana.field@example.org", name="Ana Field")
    assert "Welcome! Your account is ready." in ana.main_text()

    ana.log_out()
    ana.log_in()
    assert page.get_by_role("button", name="Log out").is_visible()


def test_a_mistyped_password_on_sign_up_is_explained_and_nothing_else_is_lost(people):
    page = people.open()
    ana = Person(page, people.audit_for(page))
    ana.goto("/accounts/signup/")
    ana.fill("Email address", "ana.field@example.org")
    ana.fill("Full name", "Ana Field")
    ana.fill("Password", "a-long-test-password-42")
    ana.fill("Password again", "a-long-test-password-43")
    ana.press("Create account")

    summary = page.get_by_role("alert")
    assert "There is one thing to fix" in summary.inner_text()
    assert ana.field("Full name").input_value() == "Ana Field"
    assert ana.field("Password again").get_attribute("aria-invalid") == "true"
    # The error summary links to the field, and following it lands on the field.
    summary.get_by_role("link").click()
    assert ana.field("Password again").evaluate("el => el === document.activeElement")


@pytest.mark.parametrize("path", ["/", "/accounts/signup/", "/accounts/login/"])
def test_public_pages_can_be_used_with_the_keyboard_alone(people, path):
    page = people.open()
    visitor = Person(page, people.audit_for(page))
    visitor.goto(path)
    stops = walk_tab_order(page)
    assert stops[0]["text"] == "Skip to main content"


def test_the_skip_link_moves_the_keyboard_past_the_navigation(people):
    page = people.open()
    visitor = Person(page, people.audit_for(page))
    visitor.goto("/")
    page.keyboard.press("Tab")
    assert page.get_by_role("link", name="Skip to main content").is_visible()
    page.keyboard.press("Enter")
    first_in_main = page.get_by_role("main").get_by_role("link").first
    tab_to(page, first_in_main, max_presses=1)
