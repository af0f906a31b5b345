"""Browser fixtures for the end-to-end tests: a live server, headless Chromium, axe-core.

The tests drive the app as a person would, by visible labels and roles. Every page a
test loads is checked with axe-core (WCAG 2.2 AA, no serious or critical violation), for
horizontal scrolling, and for Content Security Policy or script errors; a page that was
loaded but never checked fails the test, so no visited page escapes the audit.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.audit import PageAudit
from tests.e2e.person import Person

BASE_DIR = Path(__file__).resolve().parents[2]
FAILURES_DIR = BASE_DIR / "var" / "e2e-failures"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
# The network is closed and nothing should run in the background of a test browser.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="Write screenshots of the main pages to docs/screenshots/ (make screenshots).",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all end-to-end tests (Debian's, never a download)."""
    executable = find_chromium()
    if executable is None:
        pytest.skip(
            "Chromium is not installed (apt-get install -y chromium); .ci/run installs it. "
            "The end-to-end tests need /usr/bin/chromium or `chromium` on PATH."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which trips
    # Django's async-safety check on every ORM call the tests make to seed data. The
    # tests are synchronous: allow it only while the browser is up.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class People:
    """Opens one browser context per person, like separate devices, each audited."""

    def __init__(self, browser, base_url, viewport):
        self.browser = browser
        self.base_url = base_url
        self.viewport = viewport
        self.audits: list[PageAudit] = []
        self.contexts = []

    def open(self, viewport=None):
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=viewport or self.viewport,
            locale="en-US",
            timezone_id="America/New_York",
            accept_downloads=True,
        )
        # Generous: CI runs two test workers beside the browsers on two cores.
        context.set_default_timeout(20_000)
        self.contexts.append(context)
        page = context.new_page()
        # A person answers "OK" to the confirmations that forms ask before acting.
        page.on("dialog", lambda dialog: dialog.accept())
        self.audits.append(PageAudit(page))
        return page

    def person(self, user=None, *, viewport=None, kind=Person):
        """Someone at their own browser; signed in through the login page when `user`."""
        page = self.open(viewport=viewport)
        someone = kind(page, self.audit_for(page))
        if user is not None:
            someone.email = user.email
            someone.log_in()
        return someone

    def audit_for(self, page) -> PageAudit:
        return next(audit for audit in self.audits if audit.page is page)

    def close(self):
        for context in self.contexts:
            context.close()


def _viewport(request):
    return PHONE if getattr(request, "param", "desktop") == "phone" else DESKTOP


@pytest.fixture
def people(request, browser, live_server, transactional_db):
    """A way to open a browser for each person of a test; audits every page they load."""
    crowd = People(browser, live_server.url, _viewport(request))
    yield crowd
    failed = getattr(request.node, "report_call", None) is None or request.node.report_call.failed
    if failed:
        FAILURES_DIR.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for number, audit in enumerate(crowd.audits):
            if not audit.page.is_closed():
                audit.page.screenshot(path=FAILURES_DIR / f"{name}-{number}.png", full_page=True)
    crowd.close()
    if not failed:
        for audit in crowd.audits:
            audit.assert_everything_checked()


@pytest.fixture
def page(people):
    """One person's browser page at the test's viewport."""
    return people.open()


def path_of(url: str) -> str:
    return urlsplit(url).path
