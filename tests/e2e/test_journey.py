"""The whole journey in a real browser: apply, assign, review, decide, read the letter.

Run at a desktop width and again at a 360x740 phone viewport; every page on the way is
audited (axe-core, sideways scrolling, browser errors) by the `people` fixture.
"""

from decimal import Decimal

import openpyxl
import pytest

from accounts.roles import Role
from grants.models import Application
from grants.workflow import State
from notifications.models import Email, Event
from payments.models import Payment
from tests.e2e import journey
from tests.e2e.world import build_world, finish_the_other_reviews, pdf_file
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


def rows_by_title(sheet) -> dict[str, dict]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows)
    return {row[header.index("Title")]: dict(zip(header, row, strict=True)) for row in rows}


@pytest.mark.parametrize("people", ["desktop", "phone"], indirect=True)
def test_the_whole_journey(people, tmp_path):
    world = build_world()
    cycle = world.cycle.title

    # 1. An applicant signs up, applies, and submits.
    ana = people.person()
    ana.sign_up(email="ana.field@example.org", name="Ana Field")
    journey.apply_and_submit(ana, cycle_title=cycle, pdf_path=pdf_file(tmp_path))
    application = Application.objects.get(title=journey.APPLICATION_TITLE)
    assert application.state == State.SUBMITTED
    assert [a.original_name for a in application.attachments.all()] == ["course-quote.pdf"]
    assert application.amount_requested == journey.AMOUNT

    # 2. A board member assigns reviewers automatically.
    board = people.person(world.board_member)
    journey.assign_reviewers_automatically(board, cycle_title=cycle)
    first, second = [a.reviewer for a in application.assignments.order_by("pk")]

    # 3. One reviewer scores it; the other declares a conflict and loses access.
    reviewer = people.person(first)
    journey.review_without_conflict(
        reviewer,
        scores={"Clarity of the plan": "4 — Clear", "Benefit to people living with cancer": "5"},
    )
    recused = people.person(second)
    conflict_address = journey.declare_conflict(recused)
    review_address = conflict_address.removesuffix("conflict/")
    for address in (conflict_address, review_address):
        response = recused.page.goto(address)
        assert response.status == 404, address
        recused.audit.check(expected_status=404)
    recused.follow("My reviews", exact=True)
    assert not recused.page.get_by_role("link", name=journey.for_application("Review")).count()
    assert application.assignments.get(reviewer=second).status == "conflict"
    finish_the_other_reviews(world, application)

    # 4. The board decides within the budget, releases, and downloads the spreadsheet.
    download = journey.decide_release_and_download(
        board, cycle_title=cycle, other_title=world.other_application.title
    )
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    workbook = openpyxl.load_workbook(saved)
    decisions = rows_by_title(workbook["Decisions"])
    ours, theirs = decisions[journey.APPLICATION_TITLE], decisions["Community massage days"]
    assert (ours["State"], ours["Amount awarded (USD)"]) == ("Awarded", Decimal("1200"))
    assert ours["Decision note"] == "A strong plan; fully funded."
    assert ours["Reviews"] == 2
    assert (theirs["State"], theirs["Amount awarded (USD)"]) == ("Declined", None)

    # 5. The applicant logs in and reads the award letter and the amount.
    ana.log_out()
    journey.read_the_award(ana, amount_text="1,200.00 USD")

    # 6. The grantee accepts the award, signing the agreement with their typed name.
    journey.accept_the_award(ana, amount_text="1,200.00 USD")
    application.refresh_from_db()
    assert application.state == State.ACCEPTED

    # 7. Later she finds the signed agreement on her application and keeps it as a PDF.
    kept = journey.keep_the_signed_agreement(
        ana, amount_text="1,200.00 USD", pdf_path=tmp_path / "agreement.pdf"
    )
    assert kept.read_bytes().startswith(b"%PDF")

    # 8. The treasurer records the first instalment; the grantee is told.
    treasurer = people.person(UserFactory(full_name="Tess Treasurer", roles=[Role.TREASURER]))
    journey.record_a_payment(treasurer, amount="600.00", outstanding_text="600.00 USD")
    (payment,) = Payment.objects.filter(application=application)
    assert (payment.amount, payment.reference) == (Decimal("600.00"), "S4OM-2027-001")
    assert Email.objects.filter(recipient=application.applicant, event=Event.PAYMENT_RECORDED)
