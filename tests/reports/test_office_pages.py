"""Staff read reports per cycle, accept them or ask for changes; an accepted final report
closes a grant that is paid in full; board and staff see the per-cycle counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import offers
from grants.workflow import ReportState, State
from reports.models import ReportEvent
from tests.factories import CycleFactory
from tests.reports.factories import (
    ReportRequestFactory,
    accepted_grant,
    force_report_state,
    report_for,
)


@pytest.fixture
def submitted_final(applicant):
    application = accepted_grant(applicant=applicant, title="Hospice mentorship")
    request = ReportRequestFactory(cycle=application.cycle, kind="final")
    return force_report_state(report_for(application, request), ReportState.SUBMITTED)


@pytest.mark.django_db
def test_accepting_the_final_report_of_a_grant_paid_in_full_closes_it(
    client, staff_member, submitted_final
):
    application = submitted_final.application
    offers.note_paid_in_full(application, by=staff_member, paid_in_full=True)
    client.force_login(staff_member)
    response = client.post(
        reverse("reports:review", args=[submitted_final.pk]),
        {"action": "accept", "note": ""},
        follow=True,
    )
    assert "The report is accepted." in response.content.decode()
    application.refresh_from_db()
    submitted_final.refresh_from_db()
    assert submitted_final.state == ReportState.ACCEPTED
    assert application.state == State.CLOSED
    assert application.final_report_accepted_at is not None


@pytest.mark.django_db
def test_accepting_the_final_report_of_an_unpaid_grant_leaves_it_open(
    staff_member, submitted_final
):
    from reports import services

    services.accept(submitted_final, by=staff_member)
    application = submitted_final.application
    application.refresh_from_db()
    assert application.state == State.ACCEPTED
    assert application.final_report_accepted_at is not None


@pytest.mark.django_db
def test_accepting_an_interim_report_does_not_touch_the_grant(staff_member, applicant):
    from reports import services

    application = accepted_grant(applicant=applicant)
    request = ReportRequestFactory(cycle=application.cycle, kind="interim")
    report = force_report_state(report_for(application, request), ReportState.SUBMITTED)
    services.accept(report, by=staff_member)
    application.refresh_from_db()
    assert application.final_report_accepted_at is None


@pytest.mark.django_db
def test_asking_for_changes_on_the_page_sends_it_back_with_the_message(
    client, staff_member, applicant, submitted_final
):
    client.force_login(staff_member)
    client.post(
        reverse("reports:review", args=[submitted_final.pk]),
        {"action": "ask_for_changes", "note": "Please add the hours."},
    )
    submitted_final.refresh_from_db()
    assert submitted_final.state == ReportState.DRAFT
    history = client.get(reverse("reports:review", args=[submitted_final.pk])).content.decode()
    assert "Changes asked for (Submitted → Draft)" in history
    client.force_login(applicant)
    page = client.get(reverse("reports:edit", args=[submitted_final.pk])).content.decode()
    assert "The grants office asked for changes:" in page
    assert "Please add the hours." in page


@pytest.mark.django_db
def test_asking_for_changes_without_a_message_on_the_page_is_refused(
    client, staff_member, submitted_final
):
    client.force_login(staff_member)
    response = client.post(
        reverse("reports:review", args=[submitted_final.pk]),
        {"action": "ask_for_changes", "note": ""},
    )
    assert "Write a message telling the grantee what to change." in response.content.decode()
    submitted_final.refresh_from_db()
    assert submitted_final.state == ReportState.SUBMITTED


@pytest.mark.django_db
def test_the_board_reads_reports_but_cannot_accept_them(client, board_member, submitted_final):
    client.force_login(board_member)
    url = reverse("reports:review", args=[submitted_final.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Accept the report" not in page.content.decode()
    assert client.post(url, {"action": "accept"}).status_code == 403
    assert ReportEvent.objects.count() == 0


@pytest.mark.django_db
def test_the_per_cycle_counts_show_open_overdue_and_closed(client, board_member, staff_member):
    cycle = CycleFactory(title="Autumn grants")
    request = ReportRequestFactory(cycle=cycle, due_on=timezone.localdate() + timedelta(days=5))
    first, second, third = (accepted_grant(cycle=cycle) for _ in range(3))
    report_for(first, request, due_on=timezone.localdate() - timedelta(days=1))
    report_for(second, request)
    offers.note_paid_in_full(third, by=staff_member, paid_in_full=True)
    offers.note_final_report_accepted(third, by=staff_member)
    client.force_login(board_member)
    page = client.get(reverse("reports:office")).content.decode()
    row = page[page.index("Autumn grants") :].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split('<td class="number">')[1:]] == ["2", "1", "1"]


@pytest.mark.django_db
def test_the_cycle_list_sorts_reports_into_their_sections(client, staff_member):
    cycle = CycleFactory()
    request = ReportRequestFactory(cycle=cycle)
    overdue = report_for(
        accepted_grant(cycle=cycle), request, due_on=timezone.localdate() - timedelta(days=3)
    )
    submitted = force_report_state(
        report_for(accepted_grant(cycle=cycle), request), ReportState.SUBMITTED
    )
    client.force_login(staff_member)
    response = client.get(reverse("reports:cycle", args=[cycle.slug]))
    sections = response.context["sections"]
    assert sections["overdue"] == [overdue]
    assert sections["submitted"] == [submitted]
    assert sections["accepted"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["reports:office", "reports:impact", "reports:impact_csv"])
def test_applicants_and_reviewers_may_not_read_the_office_pages(client, applicant, reviewer, name):
    for person in (applicant, reviewer):
        client.force_login(person)
        assert client.get(reverse(name)).status_code == 403
