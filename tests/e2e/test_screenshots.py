"""Pictures of the main pages for the README: `make screenshots` writes docs/screenshots/.

Skipped in the normal test run (the journey tests already visit and audit these pages).
The data is made with factories and services, so the pictures show a lived-in cycle.
"""

from pathlib import Path

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.journey import for_application
from tests.e2e.world import lived_in_world

pytestmark = pytest.mark.e2e

OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def shots(request):
    if not request.config.getoption("--screenshots", default=False):
        pytest.skip("screenshots are written only by `make screenshots`")
    OUTPUT.mkdir(parents=True, exist_ok=True)

    def shoot(page, name, *, full_page=True):
        if not full_page:  # what the first screen shows, as on a phone
            page.screenshot(path=OUTPUT / f"{name}.png")
            return
        # A window as tall as the page, so sticky bars sit where they belong in the picture.
        size = page.viewport_size
        height = page.evaluate("() => document.documentElement.scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
        page.screenshot(path=OUTPUT / f"{name}.png", full_page=True)
        page.set_viewport_size(size)

    return shoot


def test_screenshots_of_the_main_pages(people, shots):
    world, ana, hana = lived_in_world()

    visitor = people.person()
    visitor.goto("/")
    shots(visitor.page, "home")
    on_phone = people.person(viewport=PHONE)
    on_phone.goto("/")
    shots(on_phone.page, "home-phone", full_page=False)

    applicant = people.person(ana)
    applicant.follow("My applications", exact=True)
    shots(applicant.page, "applicant-dashboard")
    applicant.follow("Continue editing")
    shots(applicant.page, "application-form")

    on_phone = people.person(ana, viewport=PHONE)
    on_phone.follow("My applications", exact=True)
    on_phone.follow("Continue editing")
    shots(on_phone.page, "application-form-phone", full_page=False)

    reviewer = people.person(hana)
    reviewer.follow("My reviews", exact=True)
    reviewer.follow(for_application("Review", "Lymphedema-aware massage training"))
    shots(reviewer.page, "review-form")

    board = people.person(world.board_member)
    board.follow("Board", exact=True)
    board.follow(world.cycle.title, exact=True)
    shots(board.page, "decisions-desk")

    on_phone = people.person(world.board_member, viewport=PHONE)
    on_phone.follow("Board", exact=True)
    on_phone.follow(world.cycle.title, exact=True)
    on_phone.page.get_by_role("heading", name="Ranking").evaluate("el => el.scrollIntoView()")
    shots(on_phone.page, "decisions-desk-phone", full_page=False)
