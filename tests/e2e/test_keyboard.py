"""The applicant's part of the journey with the keyboard alone.

Every control is reached with Tab and used with Enter, Space or typing; on every page
the applicant meets, Tab goes through every control in reading order with the focus
always visible, and comes back round to the start (no trap).
"""

import re

import pytest

from grants.models import Application
from grants.workflow import State
from tests.e2e import journey
from tests.e2e.person import KeyboardPerson, tab_to, walk_tab_order
from tests.e2e.world import build_world, lived_in_world, pdf_file, review_award_and_release

pytestmark = pytest.mark.e2e


class WalkingKeyboardPerson(KeyboardPerson):
    """Tabs through each new page from top to bottom once before going on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.walked: set[tuple] = set()

    def arrived(self):
        page = self.page
        signature = (
            re.sub(r"\d+", "#", page.url),
            page.title(),
            page.locator("a, button, input, select, textarea").count(),
        )
        if signature not in self.walked:
            self.walked.add(signature)
            walk_tab_order(page)

    def goto(self, path):
        super().goto(path)
        self.arrived()

    def follow(self, name, **kwargs):
        super().follow(name, **kwargs)
        self.arrived()

    def press(self, name, **kwargs):
        super().press(name, **kwargs)
        self.arrived()


def test_the_applicant_journey_with_the_keyboard_alone(people, tmp_path):
    world = build_world()
    page = people.open()
    ana = WalkingKeyboardPerson(page, people.audit_for(page))

    ana.sign_up(email="ana.field@example.org", name="Ana Field")
    journey.apply_and_submit(ana, cycle_title=world.cycle.title, pdf_path=pdf_file(tmp_path))
    application = Application.objects.get(title=journey.APPLICATION_TITLE)
    assert application.state == State.SUBMITTED
    assert application.attachments.count() == 1

    review_award_and_release(world, application, amount=journey.AMOUNT)

    ana.log_out()
    journey.read_the_award(ana, amount_text="1,200.00 USD")
    assert len(ana.walked) >= 10


def _choose_radio_with_the_keyboard(person, group, option):
    """Tab into a radio group (it takes one stop), then arrow keys to the option."""
    page = person.page
    radios = group.get_by_role("radio")
    target = group.get_by_label(option, exact=True)
    tab_to(page, radios.first)
    for _ in range(radios.count()):
        if target.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert target.is_checked(), f"{option!r} was not chosen with the keyboard"


def test_a_review_with_the_keyboard_alone(people):
    """The reviewer's part: the review form, scored and submitted with Tab, arrows, Space
    and typing; the error state first (Submit too early), its summary link moving focus."""
    world, _, hana = lived_in_world()
    page = people.open()
    reviewer = WalkingKeyboardPerson(page, people.audit_for(page), email=hana.email)
    reviewer.log_in()
    reviewer.follow("My reviews", exact=True)
    reviewer.follow(journey.for_application("Review", "Lymphedema-aware massage training"))

    reviewer.press("Submit review")  # nothing scored yet: the error summary
    summary_link = page.get_by_role("alert").get_by_role("link").first
    reviewer.activate(summary_link)
    assert page.evaluate("() => document.activeElement.type") == "radio"

    levels = {"Clarity of the plan": "4 — Clear", "Benefit to": "5 — A great deal"}
    for criterion, level in levels.items():
        group = page.get_by_role("group", name=re.compile(rf"^{re.escape(criterion)}"))
        _choose_radio_with_the_keyboard(reviewer, group.first, level)
    reviewer.fill("Overall comment", "A clear plan that will reach people in treatment.")
    _choose_radio_with_the_keyboard(
        reviewer, page.get_by_role("group", name="Your recommendation"), "Fund"
    )
    reviewer.press("Submit review")
    assert "Your review is submitted." in reviewer.main_text()
    assert Application.objects.filter(
        cycle=world.cycle,
        title="Lymphedema-aware massage training",
        assignments__review__submitted_at__isnull=False,
    ).exists()
