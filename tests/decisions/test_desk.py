"""The decisions desk pages: who may open them, what they show, and their query cost."""

import io
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.exports import write_decisions_csv
from grants.choices import Purpose
from grants.models import Application
from grants.workflow import State
from reviews.models import AssignmentStatus
from tests.decisions.desk_data import HYPERLINK, build_known_cycle
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CriterionFactory,
    CycleFactory,
    ReviewFactory,
    RubricFactory,
    ScoreFactory,
    UserFactory,
    force_state,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    return build_known_cycle()


def desk_url(cycle, **query):
    url = reverse("decisions:desk", args=[cycle.slug])
    return f"{url}?{urlencode(query)}" if query else url


def titles_on(response):
    return [row.application.title for row in response.context["desk"].page]


# Who may enter -------------------------------------------------------------------------


def board_pages(known):
    slug, pk = known.cycle.slug, known.b.pk
    return [
        reverse("decisions:index"),
        reverse("decisions:desk", args=[slug]),
        reverse("decisions:application", args=[slug, pk]),
        reverse("decisions:release", args=[slug]),
        reverse("decisions:export_xlsx", args=[slug]),
        reverse("decisions:export_csv", args=[slug]),
        reverse("decisions:print", args=[slug, pk]),
    ]


def test_anonymous_people_are_sent_to_log_in(client, known):
    for url in board_pages(known):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login") + "?next="), url


@pytest.mark.parametrize("who", ["staff_member", "reviewer", "applicant"])
def test_people_who_are_not_on_the_board_get_403(client, known, who, request):
    client.force_login(request.getfixturevalue(who))
    exports = {"xlsx", "csv"} if who == "staff_member" else set()  # staff may download
    for url in board_pages(known):
        if url.rsplit(".", 1)[-1] in exports:
            continue
        assert client.get(url).status_code == 403, url


def test_staff_download_the_results_without_review_details(client, known, staff_member):
    url = reverse("decisions:export_csv", args=[known.cycle.slug])

    def download(person) -> str:
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        return b"".join(response.streaming_content).decode("utf-8-sig")

    as_board, as_staff = download(known.board), download(staff_member)
    hidden = frozenset(Application.objects.in_cycle(known.cycle).values_list("pk", flat=True))
    expected = io.BytesIO()
    write_decisions_csv(known.cycle, expected, hidden=hidden)
    assert as_staff == expected.getvalue().decode("utf-8-sig")
    assert as_staff != as_board  # the board's copy has the review figures


def test_staff_cannot_post_a_decision(client, known, staff_member):
    client.force_login(staff_member)
    url = reverse("decisions:decide", args=[known.cycle.slug, known.b.pk])

    response = client.post(url, {"action": "decline", "seen_state": "reviewed"})

    assert response.status_code == 403
    known.b.refresh_from_db()
    assert known.b.state == State.REVIEWED


def test_an_application_of_another_cycle_is_404(client, known):
    other = force_state(ApplicationFactory(cycle=CycleFactory()), State.REVIEWED)
    client.force_login(known.board)

    response = client.get(reverse("decisions:application", args=[known.cycle.slug, other.pk]))

    assert response.status_code == 404


def test_a_draft_is_not_shown_to_the_board(client, known):
    draft = ApplicationFactory(cycle=known.cycle)
    client.force_login(known.board)

    for name in ("decisions:application", "decisions:print"):
        assert client.get(reverse(name, args=[known.cycle.slug, draft.pk])).status_code == 404


def test_an_unknown_cycle_is_404(client, board_member):
    client.force_login(board_member)
    assert client.get(reverse("decisions:desk", args=["no-such-cycle"])).status_code == 404


# The desk page -------------------------------------------------------------------------


def test_desk_lists_the_ranking_best_first_with_figures(client, known):
    client.force_login(known.board)

    response = client.get(desk_url(known.cycle))

    assert response.status_code == 200
    rows = list(response.context["desk"].page)
    assert [(r.application.pk, r.rank, r.score, r.normalised_score) for r in rows] == [
        (known.a.pk, 1, Decimal("81.25"), Decimal("82.26")),
        (known.b.pk, 2, Decimal("43.75"), Decimal("42.74")),
        (known.c.pk, None, None, None),
    ]
    html = response.content.decode()
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in html
    assert "Showing 1–3 of 3 applications." in html


def test_desk_shows_the_budget_as_text_and_as_a_meter(client, known):
    client.force_login(known.board)

    html = client.get(desk_url(known.cycle)).content.decode()

    assert "<dt>Budget</dt><dd>10,000.00 USD</dd>" in html
    assert "1,000.00 USD (10%)" in html
    assert "<strong>9,000.00 USD</strong>" in html
    assert (
        '<meter id="budget-meter-desk" class="budget-meter" min="0" max="10000.00" '
        'value="1000.00">10% awarded</meter>'
    ) in html
    assert '<label for="budget-meter-desk">Share of the budget awarded</label>' in html


def test_desk_draws_the_score_distribution_as_accessible_svg(client, known):
    client.force_login(known.board)

    html = client.get(desk_url(known.cycle)).content.decode()

    assert '<svg class="chart" role="img"' in html
    assert 'aria-labelledby="score-chart-title score-chart-desc"' in html
    assert '<title id="score-chart-title">How the applications scored</title>' in html
    assert (
        '<desc id="score-chart-desc">Scores of 2 reviewed applications in bands of 10: '
        "40–50: 1; 80–90: 1. 1 without reviews yet is not shown.</desc>"
    ) in html
    assert '<th scope="row">80–90</th><td class="number">1</td>' in html
    assert "<script" not in html.split("</footer>")[0].split("<main")[1]


def test_desk_filters_by_state_purpose_and_flag(client, known):
    client.force_login(known.board)

    assert titles_on(client.get(desk_url(known.cycle, state="reviewed"))) == ["+1+1"]
    assert titles_on(client.get(desk_url(known.cycle, purpose="community_service"))) == ["@SUM(A1)"]
    assert titles_on(client.get(desk_url(known.cycle, flagged="1"))) == []


def test_desk_flags_applications_whose_reviewers_disagree(client, known):
    known.cycle.disagreement_spread = Decimal("10.00")
    known.cycle.save()
    client.force_login(known.board)

    response = client.get(desk_url(known.cycle, flagged="1"))

    assert titles_on(response) == [HYPERLINK, "+1+1"]
    assert response.content.decode().count('<span class="flag">Reviewers disagree</span>') == 2


def test_desk_ignores_unknown_filter_values(client, known):
    client.force_login(known.board)

    response = client.get(desk_url(known.cycle, state="draft", purpose="x", sort="evil"))

    assert titles_on(response) == [HYPERLINK, "+1+1", "@SUM(A1)"]


@pytest.mark.parametrize(
    "sort, direction, expected",
    [
        ("title", "asc", ["+1+1", '=HYPERLINK("http://x","y")', "@SUM(A1)"]),
        ("requested", "desc", [HYPERLINK, "+1+1", "@SUM(A1)"]),
        ("requested", "asc", ["@SUM(A1)", "+1+1", HYPERLINK]),
        ("normalised", "asc", ["+1+1", HYPERLINK, "@SUM(A1)"]),
        ("rank", "desc", ["+1+1", HYPERLINK, "@SUM(A1)"]),
        ("state", "asc", [HYPERLINK, "+1+1", "@SUM(A1)"]),
        ("reviews", "asc", ["@SUM(A1)", HYPERLINK, "+1+1"]),
    ],
)
def test_desk_sorts_by_the_chosen_column_with_unscored_last(
    client, known, sort, direction, expected
):
    client.force_login(known.board)

    response = client.get(desk_url(known.cycle, sort=sort, dir=direction))

    assert titles_on(response) == expected


def test_the_sorted_column_says_so_to_assistive_technology(client, known):
    client.force_login(known.board)

    html = client.get(desk_url(known.cycle, sort="spread", dir="desc")).content.decode()

    heading = '<th scope="col" role="columnheader" class="number" aria-sort="descending">'
    assert f'{heading}<a href="?sort=spread' in html
    assert html.count("aria-sort=") == 1


def test_only_decidable_rows_get_a_checkbox(client, known):
    client.force_login(known.board)

    html = client.get(desk_url(known.cycle)).content.decode()

    assert f'name="selected" value="{known.b.pk}"' in html
    assert f'name="selected" value="{known.a.pk}"' not in html
    assert f'name="selected" value="{known.c.pk}"' not in html


def test_desk_offers_downloads_and_release(client, known):
    client.force_login(known.board)

    html = client.get(desk_url(known.cycle)).content.decode()

    assert f'href="{reverse("decisions:export_xlsx", args=["spring-2026"])}"' in html
    assert f'href="{reverse("decisions:export_csv", args=["spring-2026"])}"' in html
    assert f'href="{reverse("decisions:release", args=["spring-2026"])}"' in html


def test_desk_index_lists_cycles_with_counts(client, known):
    client.force_login(known.board)

    response = client.get(reverse("decisions:index"))

    html = response.content.decode()
    assert '<a href="/decisions/spring-2026/">Spring 2026</a>' in html
    assert "Not released yet" in html


# Pages and query budget ----------------------------------------------------------------


def build_cycle_with(count: int):
    """`count` reviewed applications, each scored by the same two reviewers."""
    cycle = CycleFactory(total_budget=Decimal("100000.00"))
    criterion = CriterionFactory(rubric=RubricFactory(cycle=cycle))
    reviewers = [UserFactory(), UserFactory()]
    board = UserFactory(roles=["Board"])
    for index in range(count):
        app = force_state(
            ApplicationFactory(
                cycle=cycle,
                title=f"Application {index:03d}",
                purpose=Purpose.COMMUNITY_SERVICE if index % 2 else Purpose.OTHER,
            ),
            State.REVIEWED,
        )
        for offset, reviewer in enumerate(reviewers):
            assignment = AssignmentFactory(
                application=app, reviewer=reviewer, status=AssignmentStatus.SUBMITTED
            )
            review = ReviewFactory(assignment=assignment, submitted_at=cycle.opens_at)
            ScoreFactory(review=review, criterion=criterion, value=1 + (index + offset) % 5)
    return cycle, board


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_desk_costs_the_same_queries_for_3_and_30_applications(client):
    small, small_board = build_cycle_with(3)
    large, large_board = build_cycle_with(30)

    client.force_login(small_board)
    small_count = count_queries(client, desk_url(small))
    client.force_login(large_board)
    large_count = count_queries(client, desk_url(large))

    assert small_count == large_count
    assert large_count <= 12


def test_application_panel_costs_the_same_queries_at_two_sizes(client):
    small, small_board = build_cycle_with(3)
    large, large_board = build_cycle_with(30)
    small_app = small.applications.first()
    large_app = large.applications.first()

    client.force_login(small_board)
    small_count = count_queries(
        client, reverse("decisions:application", args=[small.slug, small_app.pk])
    )
    client.force_login(large_board)
    large_count = count_queries(
        client, reverse("decisions:application", args=[large.slug, large_app.pk])
    )

    assert small_count == large_count
    assert large_count <= 16  # 15, and one for the viewer's conflicts


def test_desk_pages_through_a_long_ranking(client):
    cycle, board = build_cycle_with(30)
    client.force_login(board)

    first = client.get(desk_url(cycle, sort="title", dir="asc"))
    second = client.get(desk_url(cycle, sort="title", dir="asc", page="2"))

    assert titles_on(first)[0] == "Application 000"
    assert len(titles_on(first)) == 25
    assert titles_on(second) == [f"Application {i:03d}" for i in range(25, 30)]
    assert "Page 2 of 2" in second.content.decode()
    assert 'href="?sort=title&amp;dir=asc&amp;page=2" rel="next"' in first.content.decode()


# One application and the print page --------------------------------------------------------


def test_panel_shows_every_review_with_reviewer_names_and_the_form(client, known):
    client.force_login(known.board)

    response = client.get(reverse("decisions:application", args=[known.cycle.slug, known.b.pk]))

    html = response.content.decode()
    assert "<h3>Kim Reviewer</h3>" in html
    assert "<h3>Lee Reviewer</h3>" in html
    assert "<dt>Rank</dt><dd>2 of 3</dd>" in html
    form = response.context["form"]
    assert form["amount"].value() == Decimal("800.00")
    assert form["seen_state"].value() == "reviewed"
    assert "at most 800.00 USD can be awarded now." in html


def test_panel_of_a_decided_application_shows_the_decision_not_the_form(client, known):
    client.force_login(known.board)

    response = client.get(reverse("decisions:application", args=[known.cycle.slug, known.a.pk]))

    assert response.context["form"] is None
    html = response.content.decode()
    assert "Awarded: 1,000.00 USD, by Robin Chair on " in html
    assert "Thursday 5 March 2026, 10:30am (New York time)</time>" in html
    assert "Correct the amount" in html and "Rescind the award" in html


def test_panel_lists_reviewers_who_declared_a_conflict(client, known):
    client.force_login(known.board)

    html = client.get(
        reverse("decisions:application", args=[known.cycle.slug, known.c.pk])
    ).content.decode()

    assert "Max Conflict: conflict declared — “Former colleague”" in html
    assert "Kim Reviewer: assigned (overdue)" in html
    assert "The board decides once reviews are complete." in html


def test_print_page_has_the_whole_application_and_a_print_stylesheet(client, known):
    client.force_login(known.board)

    response = client.get(reverse("decisions:print", args=[known.cycle.slug, known.b.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<link rel="stylesheet" href="/static/css/desk.css">' in html
    assert "<h3>Need and plan</h3>" in html
    assert '<th scope="row">Course fee</th><td class="number">800.00</td>' in html
    assert "<h3>Kim Reviewer</h3>" in html


# Downloads -----------------------------------------------------------------------------


def test_download_spreadsheet_is_an_xlsx_attachment(client, known):
    client.force_login(known.board)

    response = client.get(reverse("decisions:export_xlsx", args=[known.cycle.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith(
        'attachment; filename="spring-2026-decisions-'
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    body = b"".join(response.streaming_content)
    assert body.startswith(b"PK")


def test_download_csv_has_a_bom_and_the_guard(client, known):
    client.force_login(known.board)

    response = client.get(reverse("decisions:export_csv", args=[known.cycle.slug]))

    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"\xef\xbb\xbfApplication id,Applicant name,")
    assert "'=HYPERLINK" in body.decode("utf-8-sig")


def test_every_sortable_heading_links_to_its_sort(client, known):
    client.force_login(known.board)

    html = client.get(desk_url(known.cycle)).content.decode()

    number = '<th scope="col" role="columnheader" class="number">'
    assert (
        '<th scope="col" role="columnheader" class="number" aria-sort="ascending">'
        '<a href="?sort=rank&amp;dir=desc">Rank</a></th>'
    ) in html
    heading = '<th scope="col" role="columnheader">'
    assert f'{heading}<a href="?sort=title&amp;dir=asc">Application</a></th>' in html
    assert f'{number}<a href="?sort=normalised&amp;dir=desc">Normalised</a></th>' in html
    assert f'{number}<a href="?sort=spread&amp;dir=desc">Spread</a></th>' in html
    assert f'{number}<a href="?sort=reviews&amp;dir=desc">Reviews</a></th>' in html
    assert f'{number}<a href="?sort=requested&amp;dir=desc">Requested (USD)</a></th>' in html
    assert f'{heading}<a href="?sort=state&amp;dir=asc">State</a></th>' in html
