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
from tests.e2e.person import KeyboardPerson, walk_tab_order
from tests.e2e.world import build_world, pdf_file, review_award_and_release

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
