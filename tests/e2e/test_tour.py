"""The pages around the journey, visited by the people who use them, each audited.

The journey goes straight through; here each role also opens the pages beside its path
(lists, filters, confirmations, printable pages), so they pass the same checks: axe-core
WCAG 2.2 AA, no sideways scrolling at a phone's width, no browser errors.
"""

import re

import pytest

from accounts.roles import Role
from tests import factories
from tests.e2e.conftest import PHONE
from tests.e2e.journey import for_application
from tests.e2e.world import lived_in_world

pytestmark = pytest.mark.e2e

DRAFT = "Oncology massage certification"


def test_an_applicant_around_their_draft(people):
    world, ana, _ = lived_in_world()
    applicant = people.person(ana, viewport=PHONE)
    applicant.follow("Grant cycles", exact=True)
    applicant.follow(world.cycle.title, exact=True)
    applicant.follow("Continue your draft")
    applicant.follow(re.compile(r"^Back to your application"))
    applicant.follow("Check and submit")
    assert "Eligibility confirmation" in applicant.main_text()
    applicant.follow("My applications", exact=True)
    applicant.follow(DRAFT, exact=True)
    applicant.follow("Withdraw this application")
    applicant.press("Withdraw")
    assert applicant.page.get_by_role("alert").is_visible()
    applicant.follow("My applications", exact=True)
    applicant.follow("Continue editing")
    applicant.follow(re.compile(r"^Remove\s*course-quote\.pdf$"))
    applicant.follow("Profile", exact=True)
    applicant.follow("Change your password")
    # A page for another role answers with a calm "not for you" page, audited too.
    response = applicant.page.goto("/decisions/")
    assert response.status == 403
    applicant.audit.check(expected_status=403)
    applicant.log_out()
    applicant.follow("Log in", exact=True)
    applicant.follow("Forgot your password?")


def test_a_board_member_around_the_review_and_the_desk(people):
    world, _, _ = lived_in_world()
    cycle = world.cycle.title
    board = people.person(world.board_member)
    board.follow("Board", exact=True)
    board.follow("Reviews by cycle", exact=True)
    board.follow(f"Conflicts for {cycle}")
    board.follow("Ranking", exact=True)
    board.follow("Massage for the chemo day unit")
    board.follow("Board", exact=True)
    board.follow("Cycles office", exact=True)
    board.follow(cycle, exact=True)
    board.choose("State", "Reviewed")
    board.press("Filter")
    board.follow("Community massage days")

    board.follow("Board", exact=True)
    board.follow(cycle, exact=True)
    board.tick("Select Community massage days")
    board.choose("With the selected applications", "Decline")
    board.press("Review the change…")
    board.follow("Cancel and go back to the desk")
    board.follow("Oncology massage mentorship", exact=True)
    board.follow("Printable page")
    board.page.go_back()
    board.follow(cycle, exact=True)
    board.follow("Release decisions…")
    undecided = board.page.locator("#undecided").inner_text()
    assert "Massage for the chemo day unit" not in undecided  # it has a decision
    assert "Community massage days" in undecided
    # The letters the release sends are previewed with a real application's values.
    assert "Filled with the values of" in board.main_text()


def test_a_reviewer_saves_a_draft_review_and_a_staff_member_reads_the_office(people):
    world, _, hana = lived_in_world()
    reviewer = people.person(hana, viewport=PHONE)
    reviewer.follow("My reviews", exact=True)
    reviewer.follow(for_application("Review", "Lymphedema-aware massage training"))
    reviewer.press("Save draft")

    staff = people.person(factories.UserFactory(roles=[Role.STAFF]))
    staff.follow("Cycles office", exact=True)
    staff.follow(world.cycle.title, exact=True)
    staff.follow("Lymphedema-aware massage training")
