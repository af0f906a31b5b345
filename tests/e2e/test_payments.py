"""The treasurer records an instalment in the browser, and the grantee enters where to be
paid; every page passes the same audit (axe-core WCAG 2.2 AA, no sideways scroll)."""

import pytest

from accounts.roles import Role
from payments.models import PayeeDetails, Payment
from tests import factories
from tests.e2e.conftest import PHONE
from tests.payments.conftest import make_accepted_award

pytestmark = pytest.mark.e2e

TITLE = "Oncology massage at the support group"


def test_the_treasurer_records_a_payment_and_the_grantee_enters_payee_details(people):
    award = make_accepted_award(title=TITLE)
    treasurer_user = factories.UserFactory(full_name="Tess Treasurer", roles=[Role.TREASURER])

    treasurer = people.person(treasurer_user)
    treasurer.follow("Payments", exact=True)
    treasurer.follow(TITLE, exact=True)
    treasurer.fill("Amount (USD)", "1e3")
    treasurer.choose("How it was paid", "Check")
    treasurer.fill("Reference", "Check 1042")
    with treasurer.page.expect_navigation():  # the form comes back with a 400
        treasurer.activate(treasurer.button("Record the payment"))
    treasurer.audit.check(expected_status=400)
    assert "“1e3” is not an amount we can read" in treasurer.main_text()
    treasurer.fill("Amount (USD)", "400")
    treasurer.press("Record the payment")
    assert "Payment of 400.00 USD recorded" in treasurer.main_text()
    assert "600.00 USD" in treasurer.main_text()
    treasurer.follow("Read or print the signed agreement")
    assert Payment.objects.get().reference == "Check 1042"

    grantee = people.person(award.applicant, viewport=PHONE)
    grantee.goto(f"/payments/my-awards/{award.pk}/payee/")
    grantee.fill("Legal name", "Alma Quinn Applicant")
    grantee.fill("Postal address", "12 Elm Street\nAsheville NC 28801")
    grantee.tick("I have sent the society the tax form it asked me for")
    grantee.press("Save my payee details")
    assert "Your payee details are saved" in grantee.main_text()
    assert PayeeDetails.objects.get().legal_name == "Alma Quinn Applicant"
