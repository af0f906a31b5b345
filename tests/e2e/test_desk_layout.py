"""The decisions desk at a phone's width and at a wide window, in a real browser.

At 360 px each application is a card: its score, state and requested amount show, with
their column's name, inside the window (nothing scrolls sideways; the audit checks that
on every page); the sort links stay reachable; Tab goes through the cards in reading
order, top to bottom. At 1400 px the ranking uses the width. Each page passes axe, in
the light and the dark scheme.
"""

import pytest

from tests.e2e.person import walk_tab_order
from tests.e2e.world import lived_in_world

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
WIDE = {"width": 1400, "height": 900}
TOP = "Massage for the chemo day unit"  # awarded, first in the ranking


def _open_desk(people, world, viewport):
    board = people.person(world.board_member, viewport=viewport)
    board.goto(f"/decisions/{world.cycle.slug}/")
    return board


def _row(page, title):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))


def _inside_window(locator, width):
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not shown"
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{locator} is cut off: {box}"
    return box


def test_at_360_px_each_application_is_a_card_with_its_score_state_and_amount(people):
    world, _, _ = lived_in_world()
    board = _open_desk(people, world, PHONE)
    page = board.page

    card = _row(page, TOP)
    score = card.locator("[data-label='Score']")
    state = card.locator("[data-label='State']")
    amount = card.locator("[data-label='Requested (USD)']")
    for locator in (score, state, amount, card.get_by_role("link")):
        assert locator.is_visible()
        _inside_window(locator, PHONE["width"])
    assert "Awarded" in state.inner_text()
    assert "1,800.00" in amount.inner_text()
    # Each value shows its column's name, drawn by the style sheet.
    label = score.evaluate("el => getComputedStyle(el, '::before').content")
    assert "Score" in label
    assert score.inner_text().strip() not in ("", "–"), "the top application has a score"
    # A card: the title sits above the score, not beside it in a table row.
    title_box = card.get_by_role("link").bounding_box()
    assert score.bounding_box()["y"] > title_box["y"] + title_box["height"] - 1
    # The table keeps its meaning for a screen reader: rows, cells and column headers.
    assert page.get_by_role("columnheader", name="Score").count() == 1
    assert card.get_by_role("rowheader").count() == 1

    # Sorting is still offered, as visible links.
    sort = page.get_by_role("link", name="Requested (USD)")
    assert sort.is_visible()
    _inside_window(sort, PHONE["width"])

    # Tab goes through every control in reading order, and top to bottom on the screen.
    stops = walk_tab_order(page)
    assert stops, "the desk has controls"
    tops = page.evaluate(
        """() => Array.from(document.querySelectorAll('.desk-table a, .desk-table input'))
            .map((el) => el.getBoundingClientRect().top + window.scrollY)"""
    )
    assert tops == sorted(tops), "the desk's controls are not top to bottom in reading order"

    board.follow(TOP, exact=True)
    assert board.heading() == TOP


def test_at_1400_px_the_ranking_uses_the_width(people):
    world, _, _ = lived_in_world()
    board = _open_desk(people, world, WIDE)
    page = board.page

    table = page.get_by_role("table", name="Applications ranked by review score")
    width = table.bounding_box()["width"]
    assert width > 1300, f"the ranking is only {width:.0f}px wide in a 1400px window"
    # One row per application: the score sits on the title's line.
    row = _row(page, TOP)
    title_box = row.get_by_role("link").bounding_box()
    score_box = row.locator("[data-label='Score']").bounding_box()
    assert abs(score_box["y"] - title_box["y"]) < title_box["height"]
    # The overview's budget and chart sit side by side.
    budget = page.get_by_role("region", name="Budget").bounding_box()
    chart = page.get_by_role("region", name="Score distribution").bounding_box()
    assert abs(budget["y"] - chart["y"]) < 2 and chart["x"] > budget["x"] + budget["width"]


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["360px", "1400px"])
def test_the_boards_pages_in_the_dark_scheme_pass_axe(people, viewport):
    """From the one Board entry to a cycle's desk and an application, in the dark."""
    world, _, _ = lived_in_world()
    board = people.person(world.board_member, viewport=viewport)
    board.page.emulate_media(color_scheme="dark")
    board.goto("/")
    assert board.page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
    nav = board.page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Board", exact=True).count() == 1
    for overlapping in ("Cycles office", "Reviews by cycle", "Decisions desk"):
        assert nav.get_by_role("link", name=overlapping, exact=True).count() == 0
    board.follow(nav.get_by_role("link", name="Board", exact=True))
    board.follow(world.cycle.title, exact=True)
    assert board.page.get_by_role("table").is_visible()
    board.follow(TOP, exact=True)


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["360px", "1400px"])
def test_the_sign_up_and_login_errors_in_the_dark_scheme_pass_axe(people, viewport):
    visitor = people.person(viewport=viewport)
    visitor.page.emulate_media(color_scheme="dark")
    visitor.goto("/accounts/signup/")
    visitor.fill("Email address", "not an address")
    visitor.press("Create account")
    assert visitor.page.title().startswith("Error: ")
    visitor.goto("/accounts/login/")
    visitor.press("Log in")
    assert visitor.page.title().startswith("Error: ")
