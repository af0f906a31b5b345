"""A board member with a conflict sees no reviews, scores or reviewer names on the desk,
cannot decide the application, singly or in bulk, and downloads no review details of it."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from decisions import services as decisions
from grants.models import Application, TransitionRefused
from grants.workflow import State
from reviews.models import KnownConflict
from tests.decisions.desk_data import build_known_cycle

pytestmark = pytest.mark.django_db

REVIEWER_NAMES = ("Kim Reviewer", "Lee Reviewer", "Max Conflict")


@pytest.fixture
def known():
    return build_known_cycle()


@pytest.fixture
def conflicted(known):
    """Robin Chair (board) has a recorded conflict with B's applicant."""
    KnownConflict.objects.create(reviewer=known.board, applicant=known.b.applicant)
    return known


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def url(name, known, app=None):
    args = [known.cycle.slug] + ([app.pk] if app is not None else [])
    return reverse(f"decisions:{name}", args=args)


# Every desk view ---------------------------------------------------------------------------


def test_desk_row_says_so_hides_the_figures_and_offers_no_checkbox(client, conflicted):
    client.force_login(conflicted.board)

    response = client.get(url("desk", conflicted))

    html = response.content.decode()
    assert "You have a conflict with this application" in html
    assert f'name="selected" value="{conflicted.b.pk}"' not in html
    assert "43.75" not in html  # B's score
    desk = response.context["desk"]
    assert desk.conflicted_ids == {conflicted.b.pk}
    assert [(row.application.pk, row.rank) for row in desk.page] == [
        (conflicted.a.pk, 1),
        (conflicted.c.pk, None),
        (conflicted.b.pk, None),
    ]
    assert desk.decidable == 0


def test_desk_of_a_member_without_conflicts_is_unchanged(client, known):
    client.force_login(known.board)

    html = client.get(url("desk", known)).content.decode()

    assert "You have a conflict" not in html
    assert f'name="selected" value="{known.b.pk}"' in html


def test_panel_says_so_and_shows_no_reviews_scores_names_or_form(client, conflicted):
    client.force_login(conflicted.board)

    response = client.get(url("application", conflicted, conflicted.b))

    html = response.content.decode()
    assert "<strong>You have a conflict with this application.</strong>" in html
    for name in REVIEWER_NAMES:
        assert name not in html
    assert "43.75" not in html
    assert "Normalised score" not in html
    assert response.context["form"] is None
    assert response.context["conflict_form"] is None
    assert 'action="/decisions/spring-2026/applications/' not in html.split("Decision</h2>")[1]


def test_panel_of_another_application_shows_reviews_and_offers_to_declare(client, conflicted):
    client.force_login(conflicted.board)

    html = client.get(url("application", conflicted, conflicted.a)).content.decode()

    assert "You have a conflict" not in html
    assert "Kim Reviewer" in html
    assert "Declare a conflict with this applicant" in html


def test_print_page_says_so_and_shows_no_reviews(client, conflicted):
    client.force_login(conflicted.board)

    html = client.get(url("print", conflicted, conflicted.b)).content.decode()

    assert "<strong>You have a conflict with this application.</strong>" in html
    for name in REVIEWER_NAMES:
        assert name not in html
    assert "=1+2" not in html  # Kim's comment on B


def test_release_and_index_pages_still_open(client, conflicted):
    client.force_login(conflicted.board)

    assert client.get(reverse("decisions:index")).status_code == 200
    html = client.get(url("release", conflicted)).content.decode()
    for name in REVIEWER_NAMES:
        assert name not in html


def test_the_applicant_on_the_board_has_a_conflict_with_their_own_application(client, known):
    Application.objects.filter(pk=known.b.pk).update(applicant=known.board)
    client.force_login(known.board)

    html = client.get(url("application", known, known.b)).content.decode()

    assert "<strong>You have a conflict with this application.</strong>" in html
    assert "Kim Reviewer" not in html


# Deciding -------------------------------------------------------------------------------


def test_deciding_from_the_panel_is_refused_and_nothing_changes(client, conflicted):
    client.force_login(conflicted.board)

    response = client.post(
        url("decide", conflicted, conflicted.b),
        {"action": "decline", "seen_state": "reviewed", "amount": "800.00"},
    )

    assert response.status_code == 403
    assert messages_of(response) == [
        "You have a conflict with this application, so you cannot decide it."
    ]
    conflicted.b.refresh_from_db()
    assert conflicted.b.state == State.REVIEWED


def test_the_service_refuses_a_conflicted_decision(conflicted):
    with pytest.raises(TransitionRefused) as refused:
        decisions.decide(conflicted.b, by=conflicted.board, action="waitlist")

    assert refused.value.reasons == [
        "You have a conflict with this application, so you cannot decide it."
    ]


def test_bulk_leaves_the_conflicted_application_out_with_the_reason(client, conflicted):
    client.force_login(conflicted.board)

    response = client.post(
        url("bulk", conflicted), {"action": "decline", "selected": [conflicted.b.pk]}
    )

    plan = response.context["plan"]
    assert plan.changes == []
    assert [(a.pk, why) for a, why in plan.skipped] == [
        (conflicted.b.pk, "You have a conflict with this application, so you cannot decide it.")
    ]
    assert (
        "<strong>+1+1</strong>: You have a conflict with this application, so you cannot "
        "decide it." in response.content.decode()
    )


def test_a_forged_bulk_confirmation_is_refused_whole(client, conflicted):
    client.force_login(conflicted.board)

    response = client.post(
        url("bulk", conflicted),
        {"confirmed": "1", "action": "decline", "item": [f"{conflicted.b.pk}:reviewed"]},
    )

    assert response.status_code == 409
    assert messages_of(response) == [
        "Nothing was changed: you have a conflict with some of the selected applications.",
        "You have a conflict with this application: “+1+1”.",
    ]
    conflicted.b.refresh_from_db()
    assert conflicted.b.state == State.REVIEWED


def test_the_bulk_service_refuses_a_conflicted_application(conflicted):
    with pytest.raises(TransitionRefused):
        decisions.bulk_decide(
            conflicted.cycle,
            by=conflicted.board,
            action="decline",
            seen={conflicted.b.pk: State.REVIEWED},
        )
    conflicted.b.refresh_from_db()
    assert conflicted.b.state == State.REVIEWED


# Declaring from the desk -------------------------------------------------------------------


def test_a_board_member_declares_a_conflict_from_the_desk(client, known):
    client.force_login(known.board)

    response = client.post(url("declare_conflict", known, known.b), {"reason": "My cousin"})

    assert response.status_code == 302
    assert response["Location"] == url("application", known, known.b)
    assert messages_of(response) == [
        "Your conflict with “+1+1” is recorded. You no longer see its reviews and cannot decide it."
    ]
    conflict = KnownConflict.objects.get(reviewer=known.board)
    assert (conflict.applicant, conflict.reason, conflict.recorded_by) == (
        known.b.applicant,
        "My cousin",
        known.board,
    )
    html = client.get(url("application", known, known.b)).content.decode()
    assert "Kim Reviewer" not in html


def test_declaring_twice_is_refused_in_words(client, conflicted):
    client.force_login(conflicted.board)

    response = client.post(url("declare_conflict", conflicted, conflicted.b), {"reason": ""})

    assert messages_of(response) == ["You have a conflict with this application already."]
    assert KnownConflict.objects.filter(reviewer=conflicted.board).count() == 1


# The downloads ------------------------------------------------------------------------------


def test_workbook_leaves_out_the_review_details_of_conflicts(client, conflicted):
    client.force_login(conflicted.board)

    response = client.get(url("export_xlsx", conflicted))

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    decisions_sheet = {row[0]: row for row in workbook["Decisions"].iter_rows(values_only=True)}
    b_row = decisions_sheet[conflicted.b.pk]
    assert b_row[11:16] == (None, None, None, None, False)  # score, normalised, rank, reviews
    assert b_row[16:] == (None, None, None)  # the recommendation counts
    assert decisions_sheet[conflicted.a.pk][13] == 1
    assert decisions_sheet[conflicted.a.pk][16:] == (0, 0, 0)
    review_ids = {row[0] for row in workbook["Reviews"].iter_rows(min_row=2, values_only=True)}
    assert review_ids == {conflicted.a.pk}
    criteria = {
        row[0]: row[2:] for row in workbook["Criteria"].iter_rows(min_row=2, values_only=True)
    }
    assert criteria[conflicted.b.pk] == (None, None)
    assert criteria[conflicted.a.pk] != (None, None)


def test_csv_leaves_out_the_figures_of_conflicts(client, conflicted):
    client.force_login(conflicted.board)

    response = client.get(url("export_csv", conflicted))

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row[0]: row for row in csv.reader(io.StringIO(text))}
    assert rows[str(conflicted.b.pk)][11:] == ["", "", "", "", "no"]
    assert rows[str(conflicted.a.pk)][11:] == ["81.25", "82.26", "1", "2", "no"]


def test_workbook_of_a_member_without_conflicts_has_every_review(client, known):
    client.force_login(known.board)

    response = client.get(url("export_xlsx", known))

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    review_ids = {row[0] for row in workbook["Reviews"].iter_rows(min_row=2, values_only=True)}
    assert review_ids == {known.a.pk, known.b.pk}
