"""The steps of the whole journey, each done by one person in their own browser.

Shared by the pointer journey (desktop and phone) and the keyboard journey, so the
same labels are exercised every way a person may use the site.
"""

import re
from decimal import Decimal

from tests.e2e.person import Person

APPLICATION_TITLE = "Oncology massage certification"
AMOUNT = Decimal("1200.00")


def for_application(action: str, title: str = APPLICATION_TITLE):
    """A link such as "Review" whose hidden rest names the application ("Review “<title>”",
    "Check for a conflict in “<title>”")."""
    return re.compile(rf"^{re.escape(action)}(\s+(in|of))?\s+“{re.escape(title)}”$")


def fill_application(ana: Person):
    """Type the whole application; the amount is mistyped on purpose."""
    ana.fill("Title", APPLICATION_TITLE)
    ana.choose("Purpose", "Professional development")
    ana.fill("Summary", "A certification course in oncology massage, this spring.")
    ana.fill(
        "Need and plan",
        "Our cancer center has asked for a trained therapist. I will "
        "take the course from March to June and then offer weekly sessions.",
    )
    ana.fill("Who benefits", "Clients in treatment at the county cancer center.")
    ana.fill("Timeline", "March: course starts. June: certified. July: weekly sessions.")
    ana.fill("Amount requested", "twelve hundred")
    line = ana.page.get_by_role("group", name="Budget line 1")
    ana.fill("Description", "Course fee", within=line)
    ana.fill("Amount", "1200", within=line)
    ana.tick("I confirm that I meet the eligibility requirements above.")


def apply_and_submit(ana: Person, *, cycle_title: str, pdf_path):
    """Step 1: start an application, save a draft with a bad amount, fix it, attach a
    PDF, submit, and see it submitted. Returns the application's address."""
    page = ana.page
    ana.follow("Grant cycles", exact=True)
    ana.follow(cycle_title)
    ana.press("Apply to this cycle")
    if page.get_by_role("button", name="Start my application").count():
        ana.press("Start my application")

    fill_application(ana)
    ana.press("Save draft")
    summary = page.get_by_role("alert")
    assert "There is one thing to fix" in summary.inner_text()
    amount = ana.field("Amount requested")
    assert amount.input_value() == "twelve hundred", "the typed text must survive"
    assert amount.get_attribute("aria-invalid") == "true"
    assert ana.field("Title").input_value() == APPLICATION_TITLE

    ana.fill("Amount requested", "1,200.00")
    ana.attach("Add a document", pdf_path)
    ana.press("Save draft")
    assert page.get_by_role("alert").count() == 0
    assert page.get_by_role("link", name=pdf_path.name, exact=True).is_visible()

    ana.press("Save and check what is missing")
    assert "Everything is filled in." in ana.main_text()
    ana.tick("I have checked my application and I am ready to send it.")
    ana.press("Submit application")

    assert ana.heading() == "Your application is submitted"
    assert re.search(r"S4OM-\d+-\d{5}", ana.main_text()), "the confirmation gives a reference"
    assert "What happens next" in ana.main_text()
    ana.follow("See your application")
    assert ana.heading() == APPLICATION_TITLE
    assert page.get_by_role("main").get_by_text("Submitted", exact=True).is_visible()
    address = page.url

    ana.follow(re.compile(r"^Inbox"))
    receipt = f"Application received: {APPLICATION_TITLE}"
    assert page.get_by_role("link", name=re.compile(re.escape(receipt))).is_visible()
    return address


def assign_reviewers_automatically(board: Person, *, cycle_title: str):
    """Step 2: the board previews the automatic plan and saves it."""
    board.follow("Board", exact=True)
    board.follow(f"Reviewers for {cycle_title}")
    board.press("Preview the plan")
    assert "Nothing is saved until you confirm." in board.main_text()
    board.press(re.compile(r"^Save (these \d+ assignments|this 1 assignment)$"))
    assert "Covered" in board.main_text()


def review_without_conflict(reviewer: Person, *, scores: dict[str, str]):
    """Step 3a: declare no conflict, score each criterion with the rubric, submit."""
    page = reviewer.page
    reviewer.follow("My reviews", exact=True)
    reviewer.follow(for_application("Check for a conflict"))
    reviewer.press("I have no conflict: show me the application")
    assert reviewer.heading() == f"Review: {APPLICATION_TITLE}"
    for criterion, level in scores.items():
        group = page.get_by_role("group", name=re.compile(rf"^{re.escape(criterion)} \(scale"))
        group.get_by_label(level).check()
    reviewer.fill("Overall comment", "A clear plan that will reach people in treatment.")
    page.get_by_role("group", name="Your recommendation").get_by_label("Fund", exact=True).check()
    reviewer.press("Submit review")
    assert "Your review is submitted." in reviewer.main_text()


def declare_conflict(reviewer: Person) -> str:
    """Step 3b: declare a conflict; returns the address that no longer opens."""
    page = reviewer.page
    reviewer.follow("My reviews", exact=True)
    reviewer.follow(for_application("Check for a conflict"))
    address = page.url
    reviewer.fill("What is the conflict?", "The applicant is my business partner.")
    reviewer.press("Declare a conflict and step aside")
    return address


def decide_release_and_download(board: Person, *, cycle_title: str, other_title: str):
    """Step 4: award the applicant, decline the other, release, download the workbook."""
    page = board.page
    board.follow("Board", exact=True)
    board.follow(cycle_title, exact=True)

    board.follow(APPLICATION_TITLE, exact=True)
    decision = page.get_by_role("group", name="Decision")
    decision.get_by_label("Award", exact=True).check()
    assert board.field("Amount to award").input_value() == str(AMOUNT)
    board.fill("Note", "A strong plan; fully funded.")
    board.press("Save the decision")

    board.follow(cycle_title, exact=True)
    board.follow(other_title, exact=True)
    page.get_by_role("group", name="Decision").get_by_label("Decline", exact=True).check()
    board.fill("Note", "Outside this year's focus.")
    board.press("Save the decision")

    board.follow(cycle_title, exact=True)
    board.follow("Release decisions…")
    board.press("Release decisions to applicants")
    assert "Decisions were released" in board.main_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download spreadsheet (.xlsx)").click()
    return download_info.value


def read_the_award(ana: Person, *, amount_text: str):
    """Step 5: the applicant logs in and reads the award letter and the amount."""
    page = ana.page
    ana.log_in()
    ana.follow(re.compile(r"^Inbox"))
    subject = f"Your grant is awarded: {APPLICATION_TITLE}"
    letter = page.get_by_role("link", name=re.compile(re.escape(subject)))
    assert amount_text in ana.main_text()
    ana.follow(letter)
    # The letter leads to the offer: the amount, the agreement, accept or decline.
    assert ana.heading() == "Your award offer"
    assert f"The board offers you {amount_text}" in ana.main_text()


def accept_the_award(ana: Person, *, amount_text: str):
    """Step 6: the grantee signs the agreement with their typed name and accepts."""
    ana.fill("Type your full name to sign", ana.name)
    ana.tick("I have read the agreement above and I accept the award on these terms.")
    ana.press("Accept the award and sign")
    assert ana.heading() == "Signed grant agreement"
    text = ana.main_text()
    assert f"Signed by {ana.name}" in text
    assert f"Amount accepted {amount_text}" in text


def keep_the_signed_agreement(ana: Person, *, amount_text: str, pdf_path):
    """Step 7: later, the grantee finds the signed agreement from her application and
    keeps it as a PDF, as the page tells her: the browser prints it (the print styles
    hide the links and show the society's name)."""
    page = ana.page
    ana.follow("My applications", exact=True)
    ana.follow(APPLICATION_TITLE, exact=True)
    assert f"You accepted {amount_text}." in ana.main_text()
    ana.follow("Your signed agreement", exact=True)
    assert ana.heading() == "Signed grant agreement"
    assert f"Signed by {ana.name}" in ana.main_text()
    hint = page.get_by_text("Use your browser's Print command")
    page.emulate_media(media="print")
    try:
        assert not hint.is_visible()
        pdf_path.write_bytes(page.pdf())
    finally:
        page.emulate_media(media="screen")
    assert hint.is_visible()
    return pdf_path


def record_a_payment(treasurer: Person, *, amount: str, outstanding_text: str):
    """Step 8: the treasurer finds the accepted award and records the first instalment."""
    treasurer.follow("Payments", exact=True)
    treasurer.follow(APPLICATION_TITLE, exact=True)
    treasurer.fill("Amount (USD)", amount)
    treasurer.choose("How it was paid", "Bank transfer")
    treasurer.fill("Reference", "S4OM-2027-001")
    treasurer.press("Record the payment")
    text = treasurer.main_text()
    assert f"Payment of {amount} USD recorded" in text
    assert outstanding_text in text
    treasurer.follow("Read or print the signed agreement")
    assert treasurer.heading() == "Signed grant agreement"
