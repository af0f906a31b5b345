"""Reports in a real browser: the grantee writes and submits the final report, staff
accept it, the grant shows as closed, and the impact page counts it. Every page on the
way is audited (axe-core: no serious or critical violation, no sideways scrolling)."""

import pytest

from accounts.roles import Role
from grants import offers
from grants.models import Application
from grants.workflow import ReportState, State
from reports.models import Report
from tests import factories
from tests.reports.factories import ReportRequestFactory, accepted_grant

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("people", ["desktop", "phone"], indirect=True)
def test_final_report_closes_the_grant_and_counts_on_the_impact_page(people):
    grantee = factories.UserFactory(full_name="Ana Field", region="NC", roles=[Role.APPLICANT])
    staff = factories.UserFactory(full_name="Sam Staff", roles=[Role.APPLICANT, Role.STAFF])
    board = factories.UserFactory(full_name="Bo Board", roles=[Role.APPLICANT, Role.BOARD])
    application = accepted_grant(applicant=grantee, title="Hospice mentorship")
    request = ReportRequestFactory(cycle=application.cycle, title="Final report")
    report = Report.objects.get(request=request, application=application)  # made on save
    offers.note_paid_in_full(application, by=staff, paid_in_full=True)

    # 1. The grantee finds the report on the dashboard, saves a typo, fixes it, submits.
    ana = people.person(grantee)
    ana.goto("/applications/")
    assert "Reports due" in ana.main_text()
    ana.follow("Write the report")
    ana.fill("How many people did you serve?", "twelve")
    ana.press("Save draft")
    assert "Write a number, such as 12 or 3.5." in ana.main_text()
    assert ana.field("How many people did you serve?").input_value() == "twelve"
    ana.fill("How many people did you serve?", "12")
    ana.fill("How many sessions did you give?", "20")
    ana.fill("How many hours of oncology massage did you give?", "22.5")
    ana.page.get_by_role("radio", name="Yes").check()
    ana.press("Save draft")
    ana.press("Submit the report")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED

    # 2. Staff read it and accept it: the grant is closed.
    sam = people.person(staff)
    sam.goto("/reports/office/")
    sam.follow(application.cycle.title)
    sam.follow("Ana Field")
    sam.press("Accept the report")
    application = Application.objects.get(pk=application.pk)
    assert application.state == State.CLOSED
    sam.goto("/reports/office/")
    assert "Grants closed" in sam.main_text()

    # 3. The board sees it counted on the impact page.
    bo = people.person(board)
    bo.goto("/reports/impact/")
    text = bo.main_text()
    assert "People served: 12" in text
    assert "Hours of oncology massage: 22.5" in text
    bo.follow("12")
    assert "Final report: Hospice mentorship" in bo.main_text()
