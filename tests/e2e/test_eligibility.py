"""Verified Preferred Practitioners in the browser: an unverified applicant sees why they
cannot submit yet; staff verify them from the list and import the directory (a malformed
file first). Every page is audited (axe, phone width, browser errors)."""

import pytest

from accounts.roles import Role
from tests import factories
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e


def test_an_unverified_applicant_is_verified_by_staff_and_can_then_submit(people, tmp_path):
    cycle = factories.CycleFactory(
        title="Verified practitioners' round", requires_verified_practitioner=True
    )
    ana = factories.UserFactory(roles=[Role.APPLICANT], full_name="Ana Lee", listing="PP-1042")
    factories.ApplicationFactory(cycle=cycle, applicant=ana, title="Hospice mentorship")
    factories.UserFactory(roles=[Role.APPLICANT], full_name="Ben Oak", listing="PP-2210")

    applicant = people.person(ana, viewport=PHONE)
    applicant.follow("My applications", exact=True)
    assert "has not been verified yet" in applicant.main_text()
    applicant.follow("Check and submit")
    assert "has not been verified yet" in applicant.main_text()
    assert applicant.button("Submit application").count() == 0

    staff = people.person(factories.UserFactory(roles=[Role.STAFF]))
    staff.follow("Cycles office", exact=True)
    staff.follow("Applicants awaiting verification as Preferred Practitioners")
    staff.press("Verify Ana Lee")
    assert "Ana Lee is now a verified Preferred Practitioner." in staff.main_text()

    staff.follow("Import the society's directory (CSV)")
    bad = tmp_path / "directory.csv"
    bad.write_bytes(b"email,listing\n,PP-2210\nnot an email,\n")
    staff.attach("The society's directory, as a CSV file", bad)
    staff.press("Import and verify")
    assert "Line 3: “not an email” is not an email address." in staff.main_text()
    good = tmp_path / "directory-fixed.csv"
    good.write_bytes(b"email,listing\n,PP-2210\n")
    staff.attach("The society's directory, as a CSV file", good)
    staff.press("Import and verify")
    assert "1 applicant newly verified" in staff.main_text()
    staff.follow("Applicants awaiting verification")
    staff.follow("Verified", exact=True)
    assert "Ben Oak" in staff.main_text()

    applicant.goto("/applications/")
    applicant.follow("Check and submit")
    assert applicant.button("Submit application").count() == 1
