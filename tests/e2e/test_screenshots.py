"""Pictures of the main pages for the README: `make screenshots` writes docs/screenshots/.

Skipped in the normal test run; the journey tests already visit and audit these pages.
"""

from pathlib import Path

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.person import Person
from tests.e2e.world import build_world

pytestmark = pytest.mark.e2e

OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def shots(request):
    if not request.config.getoption("--screenshots", default=False):
        pytest.skip("screenshots are written only by `make screenshots`")
    OUTPUT.mkdir(parents=True, exist_ok=True)

    def shoot(page, name, *, full_page=True):
        page.screenshot(path=OUTPUT / f"{name}.png", full_page=full_page)

    return shoot


def test_screenshots_of_the_main_pages(people, shots):
    build_world()
    page = people.open()
    visitor = Person(page, people.audit_for(page))
    visitor.goto("/")
    shots(page, "home")

    phone = people.open(viewport=PHONE)
    on_phone = Person(phone, people.audit_for(phone))
    on_phone.goto("/")
    shots(phone, "home-phone")
