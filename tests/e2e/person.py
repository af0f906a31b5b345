"""A person in front of the browser: acts by visible labels and roles, never by CSS ids.

Every navigation a person makes is followed by an audit of the page they land on.
"""

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.factories import TEST_PASSWORD

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) { return null; }
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const text = (el.getAttribute("aria-label") || el.innerText || el.value || el.name || "");
  // WCAG 2.4.11: the focused control is not hidden behind something (a sticky bar). A
  // link may wrap over lines: it is visible when the middle of any of its boxes shows it.
  const label = el.labels && el.labels.length ? el.labels[0] : null;
  const shows = (box) => {
    const x = Math.min(Math.max(box.left + box.width / 2, 0), window.innerWidth - 1);
    const y = Math.min(Math.max(box.top + box.height / 2, 0), window.innerHeight - 1);
    const atCentre = document.elementFromPoint(x, y);
    return !atCentre || el.contains(atCentre) || Boolean(label && label.contains(atCentre));
  };
  const boxes = Array.from(el.getClientRects()).filter((box) => box.width > 1 && box.height > 1);
  const obscured = boxes.length > 0 && !boxes.some(shows);
  const atCentre = obscured ? document.elementFromPoint(
    boxes[0].left + boxes[0].width / 2, boxes[0].top + boxes[0].height / 2) : null;
  return {
    obscured: obscured,
    coveredBy: atCentre ? atCentre.tagName.toLowerCase() + "." + atCentre.className : "",
    tag: el.tagName.toLowerCase(),
    type: el.getAttribute("type") || "",
    text: text.trim().replace(/\\s+/g, " ").slice(0, 60),
    visible: Boolean(outline || shadow),
  };
}"""


def label_pattern(label: str):
    """A label as a person reads it: Django adds a colon, required fields may add a star."""
    return re.compile(rf"^\s*{re.escape(label)}\s*:?\s*\*?\s*$", re.IGNORECASE)


class Person:
    def __init__(self, page, audit, *, email="", password=TEST_PASSWORD, name=""):
        self.page = page
        self.audit = audit
        self.email = email
        self.password = password
        self.name = name

    # Looking around ------------------------------------------------------------------

    def goto(self, path):
        self.page.goto(path)
        self.audit.check()
        return self.page

    def heading(self):
        return self.page.get_by_role("heading", level=1).inner_text()

    def main_text(self):
        return " ".join(self.page.get_by_role("main").inner_text().split())

    # Acting with a pointer -----------------------------------------------------------

    def link(self, name, *, exact=False, within=None):
        if hasattr(name, "click"):  # already a locator
            return name.first
        scope = within if within is not None else self.page
        return scope.get_by_role("link", name=name, exact=exact).first

    def button(self, name, *, exact=False, within=None):
        scope = within if within is not None else self.page
        return scope.get_by_role("button", name=name, exact=exact)

    def field(self, label, *, within=None):
        """The control with this visible label (as shown, a trailing colon or * aside)."""
        scope = within if within is not None else self.page
        return scope.get_by_label(label_pattern(label))

    def follow(self, name, *, exact=False, within=None):
        """Open a link (by its visible name, or a locator) and audit the page it opens."""
        link = self.link(name, exact=exact, within=within)
        with self.page.expect_navigation():
            self.activate(link)
        self.audit.check()

    def press(self, name, *, exact=False, within=None):
        """Press a button by its visible name; it sends a form, so audit the next page."""
        button = self.button(name, exact=exact, within=within)
        with self.page.expect_navigation():
            self.activate(button)
        self.audit.check()

    def activate(self, control):
        control.click()

    def fill(self, label, value, *, within=None):
        self.field(label, within=within).fill(str(value))

    def choose(self, label, option):
        """Pick an option of a drop-down list by its visible text."""
        self.field(label).select_option(label=option)

    def tick(self, label, *, within=None):
        self.field(label, within=within).check()

    def attach(self, label, path):
        self.field(label).set_input_files(path)

    # Accounts ------------------------------------------------------------------------

    def sign_up(self, *, email, name, password=TEST_PASSWORD):
        self.email, self.name, self.password = email, name, password
        self.goto("/")
        self.follow("Sign up", exact=True)
        self.fill("Email address", email)
        self.fill("Full name", name)
        self.fill("Password", password)
        self.fill("Password again", password)
        self.press("Create account")
        self.confirm_email_and_log_in()

    def confirm_email_and_log_in(self):
        """Open the link sign-up emailed (the test server shares this process's outbox)."""
        from django.conf import settings
        from django.core import mail

        (message,) = [m for m in mail.outbox if m.to == [self.email.lower()]]
        (link,) = [word for word in message.body.split() if word.startswith("http")]
        self.goto(link.removeprefix(settings.SITE_URL))
        self.log_in()

    def log_in(self):
        self.goto("/")
        self.follow("Log in", exact=True)
        self.fill("Email", self.email)
        self.fill("Password", self.password)
        self.press("Log in")

    def log_out(self):
        self.press("Log out")


# Keyboard --------------------------------------------------------------------------


def focused(page):
    return page.evaluate(FOCUS_STYLE)


def tab_to(page, locator, *, max_presses=120, backwards=False):
    """Press Tab until `locator` has the focus, checking the focus is visible at each stop."""
    key = "Shift+Tab" if backwards else "Tab"
    stops = []
    for _ in range(max_presses):
        page.keyboard.press(key)
        state = focused(page)
        if state is not None:
            stops.append(state)
            assert state["visible"], f"focus is not visible on {state}"
            assert not state["obscured"], f"the focused control is covered: {state}"
        if locator.evaluate("el => el === document.activeElement"):
            return stops
    raise AssertionError(
        f"{locator} was not reached with the keyboard after {max_presses} presses of {key}; "
        f"focus went through {[s['text'] for s in stops][-15:]}"
    )


class KeyboardPerson(Person):
    """Someone who uses only the keyboard: Tab to move, Enter and Space to act, typing to
    fill. Every focus stop on the way must show where the focus is."""

    def _reach(self, control):
        tab_to(self.page, control)

    def activate(self, control):
        self._reach(control)
        self.page.keyboard.press("Enter")

    def fill(self, label, value, *, within=None):
        control = self.field(label, within=within)
        self._reach(control)
        self.page.keyboard.press("ControlOrMeta+A")
        self.page.keyboard.type(str(value))
        assert control.input_value() == str(value)

    def choose(self, label, option):
        control = self.field(label)
        self._reach(control)
        # A closed drop-down picks the option whose text is typed.
        self.page.keyboard.type(option)
        chosen = control.evaluate("el => el.options[el.selectedIndex].text")
        assert chosen == option, f"typing {option!r} in {label!r} chose {chosen!r}"

    def tick(self, label, *, within=None):
        control = self.field(label, within=within)
        self._reach(control)
        if not control.is_checked():
            self.page.keyboard.press("Space")
        assert control.is_checked()

    def attach(self, label, path):
        control = self.field(label)
        self._reach(control)
        # Space opens the native file chooser (Enter too). Under a heavily loaded machine
        # the first key press now and then goes unnoticed, as it might for a person.
        for key in ("Space", "Enter", "Space"):
            try:
                with self.page.expect_file_chooser(timeout=4_000) as chooser:
                    self.page.keyboard.press(key)
            except PlaywrightTimeoutError:
                assert control.evaluate("el => el === document.activeElement")
                continue
            chooser.value.set_files(path)
            return
        raise AssertionError(f"the file chooser of {label!r} never opened from the keyboard")


TAB_WALK_SETUP = """() => {
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  const seen = new Set();
  const expected = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.closest('[inert]')) { continue; }
    const style = getComputedStyle(el);
    if (!el.getClientRects().length || style.visibility === 'hidden') { continue; }
    // Tab enters a radio group once; arrows move inside it.
    const key = el.type === 'radio'
      ? 'radio:' + el.form?.id + ':' + el.name
      : 'el:' + expected.length;
    el.__tabKey = key;
    if (!seen.has(key)) { seen.add(key); expected.push(key); }
  }
  if (document.activeElement) { document.activeElement.blur(); }
  return expected;
}"""


def walk_tab_order(page):
    """Tab through the whole page: every control is reached in reading order, the focus is
    always visible, and it comes back round to the start (no keyboard trap).

    Returns the focus stops from the first control of the page to the last.
    """
    expected = page.evaluate(TAB_WALK_SETUP)
    visits = []
    for _ in range(len(expected) * 2 + 10):
        page.keyboard.press("Tab")
        key = page.evaluate("() => document.activeElement && document.activeElement.__tabKey")
        state = focused(page)
        if state is None:  # focus went to the browser's own UI, between end and start
            continue
        assert state["visible"], f"focus is not visible on {state}"
        assert not state["obscured"], f"the focused control is covered: {state}"
        if key is None:
            continue
        if visits and key == visits[0][0]:
            break
        visits.append((key, state))
    else:
        raise AssertionError(
            f"keyboard focus never came back to where it started: trapped near {visits[-5:]}"
        )
    keys = [key for key, _ in visits]
    missing = [key for key in expected if key not in keys]
    assert not missing, f"{len(missing)} controls are never reached with Tab: {missing}"
    # Rotate to start at the page's first control, then the order must be the reading order.
    start = keys.index(expected[0])
    visits = visits[start:] + visits[:start]
    assert [key for key, _ in visits] == expected, "the tab order differs from the reading order"
    return [state for _, state in visits]


def money(text: str) -> str:
    """'$1,200.00' or '1200.00 USD' -> '1200.00', for comparing amounts shown on a page."""
    return re.sub(r"[^\d.]", "", text)
