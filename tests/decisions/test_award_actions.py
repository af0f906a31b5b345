"""The board after the award, at the desk: correct an amount, rescind, and offer the
money that came back to the next on the waiting list."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from decisions import awards
from grants.models import Application, ApplicationEvent, TransitionRefused
from grants.workflow import State
from notifications.models import Email, Event
from reviews.models import KnownConflict
from tests.factories import ApplicationFactory, CycleFactory, force_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    return CycleFactory(
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=30),
        decisions_released_at=timezone.now() - timedelta(days=1),
        total_budget=Decimal("3000.00"),
    )


def _award(cycle, amount, requested="1700.00"):
    app = ApplicationFactory(cycle=cycle, amount_requested=Decimal(requested))
    return force_state(
        app, State.AWARDED, awarded_amount=Decimal(amount), submitted_at=timezone.now()
    )


def _waitlisted(cycle, requested, *, days_ago):
    app = ApplicationFactory(cycle=cycle, amount_requested=Decimal(requested))
    return force_state(
        app, State.WAITLISTED, submitted_at=timezone.now() - timedelta(days=days_ago)
    )


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_board_corrects_an_award_from_the_panel(client, cycle, board_member):
    app = _award(cycle, "1000.00")
    client.force_login(board_member)
    url = reverse("decisions:correct", args=[cycle.slug, app.pk])

    refused = client.post(url, {"amount": "1e3", "reason": "Typo."}, follow=True)
    assert "“1e3” is not an amount." in " ".join(_messages(refused))
    response = client.post(url, {"amount": "1500", "reason": "We misread the quote."})

    assert response.status_code == 302
    app.refresh_from_db()
    assert app.awarded_amount == Decimal("1500.00")
    assert ApplicationEvent.objects.get(application=app).name == "correct_award"
    assert Email.objects.filter(recipient=app.applicant, event=Event.AWARD_CORRECTED).count() == 1


def test_the_board_rescinds_from_the_panel_with_a_reason(client, cycle, board_member):
    app = _award(cycle, "1000.00")
    client.force_login(board_member)
    url = reverse("decisions:rescind", args=[cycle.slug, app.pk])

    empty = client.post(url, {"reason": ""}, follow=True)
    assert "Write the reason: the grantee's letter gives it." in _messages(empty)
    client.post(url, {"reason": "The course was cancelled."})

    app.refresh_from_db()
    assert app.state == State.RESCINDED
    assert Application.objects.in_cycle(cycle).committed_total() == Decimal("0.00")


def test_a_conflicted_board_member_cannot_correct_or_rescind(client, cycle, board_member):
    app = _award(cycle, "1000.00")
    KnownConflict.objects.create(reviewer=board_member, applicant=app.applicant)
    client.force_login(board_member)

    client.post(reverse("decisions:rescind", args=[cycle.slug, app.pk]), {"reason": "No."})
    client.post(
        reverse("decisions:correct", args=[cycle.slug, app.pk]),
        {"amount": "10", "reason": "No."},
    )

    app.refresh_from_db()
    assert (app.state, app.awarded_amount) == (State.AWARDED, Decimal("1000.00"))


def test_offering_to_the_next_awards_the_best_ranked_waitlisted_within_the_free_money(
    client, cycle, board_member
):
    _award(cycle, "2500.00")
    first = _waitlisted(cycle, "900.00", days_ago=10)  # submitted first: ranks first
    second = _waitlisted(cycle, "300.00", days_ago=5)
    client.force_login(board_member)

    page = client.get(reverse("decisions:desk", args=[cycle.slug])).content.decode()
    assert "Money free now: <strong>500.00 USD</strong>" in page
    assert f"Offer to the next: {first}" in page
    client.post(reverse("decisions:offer_next", args=[cycle.slug]))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.awarded_amount) == (State.AWARDED, Decimal("500.00"))
    assert second.state == State.WAITLISTED
    assert Email.objects.filter(recipient=first.applicant, event=Event.AWARDED).count() == 1
    with pytest.raises(TransitionRefused, match="No money is free"):
        awards.offer_to_next(cycle, by=board_member)
    assert Application.objects.in_cycle(cycle).committed_total() == Decimal("3000.00")


def test_only_the_board_offers_to_the_next(cycle, staff_member):
    _waitlisted(cycle, "300.00", days_ago=1)
    with pytest.raises(TransitionRefused, match="Only board members"):
        awards.offer_to_next(cycle, by=staff_member)


def test_offering_to_the_next_passes_over_applications_the_member_is_conflicted_with(
    client, cycle, board_member
):
    _award(cycle, "2000.00")
    own = ApplicationFactory(
        cycle=cycle, applicant=board_member, amount_requested=Decimal("500.00")
    )
    force_state(own, State.WAITLISTED, submitted_at=timezone.now() - timedelta(days=12))
    friend = _waitlisted(cycle, "400.00", days_ago=11)
    KnownConflict.objects.create(reviewer=board_member, applicant=friend.applicant)
    other = _waitlisted(cycle, "300.00", days_ago=5)
    client.force_login(board_member)

    page = client.get(reverse("decisions:desk", args=[cycle.slug])).content.decode()
    assert f"Offer to the next: {other}" in page
    offered = client.post(reverse("decisions:offer_next", args=[cycle.slug]), follow=True)
    assert _messages(offered) == [f"Offered 300.00 USD to “{other}”, next on the waiting list."]

    for app in (own, friend, other):
        app.refresh_from_db()
    assert (own.state, friend.state) == (State.WAITLISTED, State.WAITLISTED)
    assert (other.state, other.awarded_amount) == (State.AWARDED, Decimal("300.00"))
    assert other.decided_by == board_member
    refused = client.post(reverse("decisions:offer_next", args=[cycle.slug]), follow=True)
    assert _messages(refused) == ["Nobody is on the waiting list (that you may decide)."]
    assert Application.objects.filter(cycle=cycle, state=State.WAITLISTED).count() == 2


def test_a_correction_down_frees_the_difference_for_the_waiting_list(client, cycle, board_member):
    app = _award(cycle, "3000.00", requested="3000.00")
    waiting = _waitlisted(cycle, "400.00", days_ago=3)
    with pytest.raises(TransitionRefused) as refused:
        awards.offer_to_next(cycle, by=board_member)
    assert refused.value.reasons == [
        "No money is free in this cycle's budget (3,000.00 USD of the 3,000.00 USD budget "
        "is committed), so there is nothing to offer."
    ]
    client.force_login(board_member)

    client.post(
        reverse("decisions:correct", args=[cycle.slug, app.pk]),
        {"amount": "2500.00", "reason": "The course fee went down."},
    )

    assert Application.objects.in_cycle(cycle).committed_total() == Decimal("2500.00")
    page = client.get(reverse("decisions:desk", args=[cycle.slug])).content.decode()
    assert "Money free now: <strong>500.00 USD</strong>" in page
    awards.offer_to_next(cycle, by=board_member)
    waiting.refresh_from_db()
    assert (waiting.state, waiting.awarded_amount) == (State.AWARDED, Decimal("400.00"))
