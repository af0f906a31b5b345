"""Signing up and logging in, in a real browser, with the pointer and with the keyboard."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from tests.e2e.person import Person, tab_to, walk_tab_order

pytestmark = pytest.mark.e2e


def test_a_newcomer_signs_up_logs_out_and_logs_back_in(people):
    page = people.open()
    ana = Person(page, people.audit_for(page))

    ana.sign_up(email="ana.field@example.org", name="Ana Field")  # confirms the email, logs in
    assert page.get_by_role("button", name="Log out").is_visible()

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


def totp_code(secret: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for this key (a later step for a second use).

    Like a person who sees the code about to change, wait for the next one when the
    30-second step is nearly over, so the server checks it in the step it was made for.
    """
    key = secret.replace(" ", "")
    totp = TOTP(b32decode(key + "=" * (-len(key) % 8)))
    left_in_step = 30 - time.time() % 30
    if left_in_step < 4:
        time.sleep(left_in_step + 0.1)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_a_member_keeps_their_profile_and_turns_on_two_step_login(people):
    page = people.open()
    ana = Person(page, people.audit_for(page))
    ana.sign_up(email="ana.field@example.org", name="Ana Field")

    ana.follow("Profile", exact=True)
    walk_tab_order(page)
    ana.fill("City", "Asheville")
    ana.press("Save profile")
    assert "Your profile is saved." in ana.main_text()
    assert ana.field("City").input_value() == "Asheville"

    ana.follow("Two-step login", exact=True)
    ana.follow("Set up two-step login")
    # The key, for typing into the app by hand: groups of four base32 letters.
    secret = page.get_by_text(re.compile(r"^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$")).inner_text()
    ana.fill("6-digit code", totp_code(secret))
    ana.press("Turn on two-step login")
    assert "Two-step login is on." in ana.main_text()

    ana.log_out()
    ana.log_in()
    assert ana.heading() == "Type your login code"
    ana.fill("6-digit code (or a recovery code)", totp_code(secret, steps_ahead=1))
    ana.press("Log in")
    assert page.get_by_role("button", name="Log out").is_visible()

    ana.follow("Inbox", exact=True)
    ana.follow("Profile", exact=True)
    ana.follow("Change your password")
