"""What every page a test visits must pass: axe-core, no sideways scrolling, no CSP errors.

axe-core takes about half a second a page, so one run of the test suite audits each
distinct page once with every WCAG 2.2 AA rule: a page is "the same" when its address
(ids aside), its title and its number of elements are. The same page met again at
another window width is checked once more with the rules whose outcome depends on the
layout (target size and spacing, scrolling regions, zoom). Colours do not change with
the width in this site's CSS, so contrast is checked once.
"""

import re
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.2 AA: the level-A and level-AA rules of each WCAG version axe-core knows.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
ALL_RULES = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
LAYOUT_RULES = {
    "runOnly": {
        "type": "rule",
        "values": ["target-size", "scrollable-region-focusable", "meta-viewport"],
    },
    "resultTypes": ["violations"],
}
# The colour scheme is part of a page's signature: a page seen in the dark scheme
# (Playwright's color_scheme="dark" emulation) is audited again with every rule.
PAGE_SIGNATURE = (
    "() => [document.title, document.getElementsByTagName('*').length,"
    " matchMedia('(prefers-color-scheme: dark)').matches]"
)

_axe = Axe()
# signature -> the window widths it was audited at, for the whole test run.
_audited: dict[tuple, set[int]] = {}


def blocking_violations(page, options=ALL_RULES) -> list[dict]:
    results = _axe.run(page, options=options)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {node['target']}: {summary[:300]}")
    return "\n".join(lines)


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )


def axe_options_for(page, path: str):
    """All rules for a page not audited yet, layout rules at a new width, else None."""
    title, elements, dark = page.evaluate(PAGE_SIGNATURE)
    signature = (re.sub(r"\d+", "#", path), title, elements, dark)
    width = page.viewport_size["width"]
    widths = _audited.setdefault(signature, set())
    first_time = not widths
    if width in widths:
        return None
    widths.add(width)
    return ALL_RULES if first_time else LAYOUT_RULES


class PageAudit:
    """Watches one page: which URLs loaded, which were checked, any console errors."""

    def __init__(self, page):
        self.page = page
        self.loaded: list[str] = []
        self.checked_paths: set[str] = set()
        self.errors: list[str] = []
        page.on("load", lambda loaded: self.loaded.append(urlsplit(loaded.url).path))
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))

    def _on_console(self, message):
        # Chromium reports CSP refusals (an inline style or script) and failed loads here.
        if message.type == "error":
            self.errors.append(f"console error: {message.text}")

    def check(self, *, expected_status: int | None = None):
        """Audit the page as it is now.

        `expected_status`: the page itself answered with this error on purpose (a 404 for
        an address the person may no longer open), so the browser's report of it is fine.
        """
        page = self.page
        if expected_status is not None:
            said = f"the server responded with a status of {expected_status}"
            self.errors = [error for error in self.errors if said not in error]
        page.wait_for_load_state("load")
        path = urlsplit(page.url).path
        self.checked_paths.add(path)
        assert not self.errors, f"{path}: the browser reported errors:\n" + "\n".join(self.errors)
        overflow = horizontal_overflow(page)
        assert overflow <= 0, (
            f"{path} scrolls sideways by {overflow}px at {page.viewport_size['width']}px wide"
        )
        options = axe_options_for(page, path)
        if options is None:
            return
        violations = blocking_violations(page, options)
        assert not violations, (
            f"{path} ({page.title()}) has accessibility violations:\n"
            + describe_violations(violations)
        )

    def assert_everything_checked(self):
        missed = sorted(set(self.loaded) - self.checked_paths)
        assert not missed, f"pages loaded but never audited: {missed}"
        assert not self.errors, "the browser reported errors:\n" + "\n".join(self.errors)
