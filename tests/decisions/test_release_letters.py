"""The release page previews each letter the release sends, filled with a real
application's values, and changes nothing; the board may share the reviewers' comments
with declined applicants, and the release's audit rows say whether it did."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from decisions.services import NOT_SHARED, SHARED
from grants.models import ApplicationEvent, Cycle, CycleLetter
from grants.workflow import Action, State
from notifications.models import Email, Notice
from reviews.models import AssignmentStatus, KnownConflict
from tests.factories import ApplicationFactory, CycleFactory, ReviewFactory, force_state

pytestmark = pytest.mark.django_db


def decided(cycle, title, state, requested="1200.00", awarded=None):
    application = ApplicationFactory(cycle=cycle, title=title, amount_requested=Decimal(requested))
    return force_state(
        application,
        state,
        submitted_at=timezone.now(),
        awarded_amount=Decimal(awarded) if awarded else None,
    )


@pytest.fixture
def cycle():
    return CycleFactory(title="Autumn 2027", slug="autumn-2027")


@pytest.fixture
def world(cycle, reviewer):
    world = {
        "full": decided(cycle, "Full course", State.AWARDED, awarded="1200.00"),
        "part": decided(cycle, "Partial table", State.AWARDED, "1700.00", "1000.00"),
        "declined": decided(cycle, "Declined plan", State.DECLINED),
        "second_declined": decided(cycle, "Later declined plan", State.DECLINED),
    }
    ReviewFactory(
        assignment__application=world["declined"],
        assignment__reviewer=reviewer,
        assignment__status=AssignmentStatus.SUBMITTED,
        overall_comment="Promising; tighten the budget.",
        submitted_at=timezone.now(),
    )
    return world


def release_url(cycle):
    return reverse("decisions:release", args=[cycle.slug])


def test_the_preview_shows_each_letter_with_a_real_applications_values(
    client, cycle, world, board_member, reviewer
):
    CycleLetter.objects.create(cycle=cycle, kind="decline", body="Sorry, {name}: {title}.")
    client.force_login(board_member)

    html = client.get(release_url(cycle)).content.decode()

    assert "Award letter: 1 applicant" in html
    assert "Subject: Your grant is awarded: Full course — Autumn 2027" in html
    assert "a grant of <strong>1,200.00 USD</strong>" in html
    assert "Partial award letter: 1 applicant" in html
    assert "1,000.00 USD of the 1,700.00 USD you asked for" in html
    declined = world["declined"]
    assert "Decline letter: 2 applicants" in html
    assert "Filled with the values of <a href=" in html
    assert f">{declined.title}</a> ({declined.applicant.full_name})" in html
    assert f"<p>Sorry, {declined.applicant.full_name}: Declined plan.</p>" in html
    # What sharing would add, for the board to read first; never the reviewer's name.
    assert "The same letter if you share reviewers' comments" in html
    assert "<p>Promising; tighten the budget.</p>" in html
    assert "Not sent by this release, as no application has that decision: waitlist letter." in (
        html
    )
    assert "Share reviewers&#x27; comments with declined applicants" in html
    page_without_names = html.replace(board_member.full_name, "")
    assert reviewer.full_name not in page_without_names


def test_previewing_changes_nothing(client, cycle, world, board_member, mailoutbox):
    client.force_login(board_member)
    states = sorted(cycle.applications.values_list("pk", "state"))

    client.get(release_url(cycle))

    assert mailoutbox == []
    assert not Email.objects.exists() and not Notice.objects.exists()
    assert not ApplicationEvent.objects.exists()
    assert sorted(cycle.applications.values_list("pk", "state")) == states
    assert Cycle.objects.get(pk=cycle.pk).decisions_released_at is None


def test_the_preview_passes_over_an_application_the_viewer_is_conflicted_with(
    client, cycle, world, board_member
):
    declined = world["declined"]
    KnownConflict.objects.create(reviewer=board_member, applicant=declined.applicant)
    KnownConflict.objects.create(reviewer=board_member, applicant=world["full"].applicant)
    client.force_login(board_member)

    html = client.get(release_url(cycle)).content.decode()

    assert ">Later declined plan</a>" in html
    assert ">Declined plan</a>" not in html
    assert "Promising; tighten the budget." not in html
    assert "You have a conflict with every application that gets this letter" in html


def test_with_nothing_decided_the_page_says_no_letters_go_out(client, cycle, board_member):
    client.force_login(board_member)
    html = client.get(release_url(cycle)).content.decode()
    assert "No application has a decision yet, so this release sends no letters." in html


def audit_notes(cycle):
    return dict(
        ApplicationEvent.objects.filter(
            application__cycle=cycle, name=Action.RELEASE_DECISION
        ).values_list("application__title", "note")
    )


def test_sharing_is_ticked_at_the_release_and_audited(client, cycle, world, board_member):
    client.force_login(board_member)

    response = client.post(release_url(cycle), {"share_comments": "on"})

    assert response.status_code == 302
    assert Cycle.objects.get(pk=cycle.pk).reviewer_comments_shared is True
    assert audit_notes(cycle) == {
        "Full course": "Released.",
        "Partial table": "Released.",
        "Declined plan": SHARED,
        "Later declined plan": SHARED,
    }
    event = ApplicationEvent.objects.get(application=world["declined"])
    assert (event.actor, event.source, event.target) == (board_member, "declined", "declined")
    letter = Email.objects.get(application=world["declined"])
    assert "Promising; tighten the budget." in letter.body_text


def test_without_the_tick_the_release_audits_that_nothing_was_shared(
    client, cycle, world, board_member
):
    client.force_login(board_member)

    client.post(release_url(cycle), {})

    assert Cycle.objects.get(pk=cycle.pk).reviewer_comments_shared is False
    assert audit_notes(cycle)["Declined plan"] == NOT_SHARED
    letter = Email.objects.get(application=world["declined"])
    assert "Promising" not in letter.body_text
    assert "What the reviewers wrote" not in letter.body_html


RELEASE_PAGE_QUERIES = 13


def test_the_release_page_costs_the_same_queries_at_two_sizes(client, cycle, board_member):
    client.force_login(board_member)
    counts = []
    for size in (1, 6):
        for number in range(size):
            decided(cycle, f"Declined {size}-{number}", State.DECLINED)
            decided(cycle, f"Awarded {size}-{number}", State.AWARDED, awarded="500.00")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(release_url(cycle)).status_code == 200
        counts.append(len(queries))
    # Whatever the size; the preview's part is five: the decided applications, the
    # viewer's conflicts, the cycle's letter texts and one sample's comments (two).
    assert counts == [RELEASE_PAGE_QUERIES, RELEASE_PAGE_QUERIES]
