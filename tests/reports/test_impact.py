"""The impact page adds up accepted reports' measures by cycle, purpose and region; the
totals are checked against numbers worked out by hand. Query counts stay fixed."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.choices import Purpose
from grants.workflow import ReportState
from reports import impact
from reports.models import ReportAnswer
from tests.factories import CycleFactory, UserFactory
from tests.reports.factories import (
    ReportRequestFactory,
    accepted_grant,
    force_report_state,
    report_for,
)

COMMUNITY = Purpose.COMMUNITY_SERVICE
DEVELOPMENT = Purpose.PROFESSIONAL_DEVELOPMENT


def answered(report, **values):
    for question in report.request.questions.all():
        if question.measure in values:
            value = values[question.measure]
            fields = {"yes_no": value} if isinstance(value, bool) else {"number": Decimal(value)}
            ReportAnswer.objects.create(report=report, question=question, **fields)
    return report


def a_report(cycle, request, *, region, purpose, state=ReportState.ACCEPTED, **values):
    grantee = UserFactory(region=region)
    application = accepted_grant(cycle=cycle, applicant=grantee, purpose=purpose)
    return answered(force_report_state(report_for(application, request), state), **values)


@pytest.fixture
def known(db):
    """Two cycles, four accepted reports and one still submitted (not counted)."""
    spring = CycleFactory(title="Spring 2031", slug="spring-2031")
    autumn = CycleFactory(title="Autumn 2031", slug="autumn-2031")
    s_req, a_req = ReportRequestFactory(cycle=spring), ReportRequestFactory(cycle=autumn)
    a_report(
        spring,
        s_req,
        region="NC",
        purpose=COMMUNITY,
        people_served=30,
        sessions=40,
        hours="45.5",
        certification=False,
    )
    a_report(
        spring,
        s_req,
        region="OR",
        purpose=DEVELOPMENT,
        people_served=12,
        sessions=12,
        hours=10,
        certification=True,
    )
    a_report(
        autumn,
        a_req,
        region="NC",
        purpose=DEVELOPMENT,
        people_served=8,
        sessions=20,
        hours="20.25",
        certification=True,
    )
    a_report(autumn, a_req, region="", purpose=COMMUNITY, people_served=100, sessions=25, hours=30)
    a_report(
        autumn,
        a_req,
        region="NC",
        purpose=COMMUNITY,
        state=ReportState.SUBMITTED,
        people_served=999,
        hours=999,
    )
    return {"spring": spring, "autumn": autumn}


def totals(groups, label):
    group = next(g for g in groups if g.label == label)
    return [
        impact.number(group.totals[m])
        for m in ("people_served", "sessions", "hours", "certification")
    ]


@pytest.mark.django_db
def test_impact_totals_match_the_hand_computed_values(known):
    picture = impact.impact_for()
    # people 30+12+8+100, sessions 40+12+20+25, hours 45.5+10+20.25+30, certified 2
    assert [impact.number(picture.overall[m]) for m in picture.overall] == [
        "150",
        "97",
        "105.75",
        "2",
    ]
    assert totals(picture.tables["cycle"], "Spring 2031") == ["42", "52", "55.5", "1"]
    assert totals(picture.tables["cycle"], "Autumn 2031") == ["108", "45", "50.25", "1"]
    assert totals(picture.tables["purpose"], "Community service") == ["130", "65", "75.5", "0"]
    assert totals(picture.tables["purpose"], "Professional development") == [
        "20",
        "32",
        "30.25",
        "2",
    ]
    assert totals(picture.tables["region"], "NC") == ["38", "60", "65.75", "1"]
    assert totals(picture.tables["region"], "OR") == ["12", "12", "10", "1"]
    assert totals(picture.tables["region"], "Region not given") == ["100", "25", "30", "0"]


@pytest.mark.django_db
def test_one_cycles_impact_counts_only_that_cycle(known):
    picture = impact.impact_for(known["autumn"])
    assert [impact.number(picture.overall[m]) for m in picture.overall] == [
        "108",
        "45",
        "50.25",
        "1",
    ]


@pytest.mark.django_db
def test_each_number_links_to_the_reports_behind_it(client, board_member, known):
    client.force_login(board_member)
    page = client.get(reverse("reports:impact")).content.decode()
    assert "<svg" in page and "<script" not in page.split("<main")[1]
    link = reverse("reports:impact_reports") + "?measure=people_served&amp;region=NC"
    assert link in page
    behind = client.get(
        reverse("reports:impact_reports"), {"measure": "people_served", "region": "NC"}
    )
    numbers = [a.display for a in behind.context["answers"]]
    assert numbers == ["30", "8"]


@pytest.mark.django_db
def test_the_impact_csv_adds_up_the_same_and_guards_formulas(client, staff_member, known):
    known["spring"].title = "=HYPERLINK(1)"
    known["spring"].save()
    client.force_login(staff_member)
    response = client.get(reverse("reports:impact_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Cycle", "Purpose", "Region", "Measure", "Total"]
    assert {row[0] for row in rows[1:]} == {"'=HYPERLINK(1)", "Autumn 2031"}
    people = sum(Decimal(row[4]) for row in rows[1:] if row[3] == "People served")
    assert people == Decimal("150")


@pytest.mark.django_db
def test_report_rows_give_plain_values_for_the_workbook(known):
    rows = impact.report_rows(known["spring"])
    assert len(impact.REPORT_COLUMNS) == len(rows[0]) == 13
    measures = sorted((row[9], row[10], row[11], row[12]) for row in rows)
    assert measures == [
        (Decimal("12"), Decimal("12"), Decimal("10"), True),
        (Decimal("30"), Decimal("40"), Decimal("45.5"), False),
    ]
    assert {row[5] for row in rows} == {"Accepted"}


def _grow(size):
    cycle = CycleFactory()
    request = ReportRequestFactory(cycle=cycle)
    for index in range(size):
        a_report(
            cycle,
            request,
            region=f"R{index % 4}",
            purpose=COMMUNITY,
            people_served=index,
            sessions=1,
            hours=1,
            certification=True,
        )
    return cycle


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 15])
def test_impact_page_queries_do_not_grow(client, staff_member, size, django_assert_num_queries):
    _grow(size)
    client.force_login(staff_member)
    with django_assert_num_queries(IMPACT_QUERIES):
        assert client.get(reverse("reports:impact")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 15])
def test_cycle_reports_list_queries_do_not_grow(
    client, staff_member, size, django_assert_num_queries
):
    cycle = _grow(size)
    client.force_login(staff_member)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("reports:cycle", args=[cycle.slug]))
    assert len(response.context["sections"]["accepted"]) == size


# Signed-in page basics (session, user, permissions, the inbox badge), plus each page's own.
IMPACT_QUERIES = 7
LIST_QUERIES = 7
