"""Deciding through the desk: one application, several at once, and the release."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.roles import Role
from decisions import services as decisions
from grants.models import Cycle
from grants.workflow import State
from tests.decisions.desk_data import build_known_cycle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    return build_known_cycle()


def decide_url(known, app):
    return reverse("decisions:decide", args=[known.cycle.slug, app.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# One decision --------------------------------------------------------------------------


def test_board_member_awards_from_the_panel(client, known):
    client.force_login(known.board)

    response = client.post(
        decide_url(known, known.b),
        {"action": "award", "amount": "750.00", "note": "Good value.", "seen_state": "reviewed"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "decisions:application", args=[known.cycle.slug, known.b.pk]
    )
    known.b.refresh_from_db()
    assert (known.b.state, known.b.awarded_amount) == (State.AWARDED, Decimal("750.00"))
    assert known.b.decision_note == "Good value."
    assert messages_of(response) == ["Awarded 750.00 USD to “+1+1”."]


def test_award_with_the_amount_left_as_shown_gives_the_request(client, known):
    client.force_login(known.board)

    client.post(
        decide_url(known, known.b),
        {"action": "award", "amount": "800.00", "note": "", "seen_state": "reviewed"},
    )

    known.b.refresh_from_db()
    assert known.b.awarded_amount == Decimal("800.00")


def test_award_above_the_request_is_refused_with_a_message_and_keeps_the_input(client, known):
    client.force_login(known.board)

    response = client.post(
        decide_url(known, known.b),
        {"action": "award", "amount": "900.00", "note": "Typed note", "seen_state": "reviewed"},
    )

    assert response.status_code == 409
    assert messages_of(response) == [
        "The award (900.00) cannot be more than the amount requested (800.00)."
    ]
    html = response.content.decode()
    assert 'value="900.00"' in html
    assert "Typed note</textarea>" in html
    known.b.refresh_from_db()
    assert known.b.state == State.REVIEWED


def test_award_above_the_budget_left_is_refused(client, known):
    Cycle.objects.filter(pk=known.cycle.pk).update(total_budget=Decimal("1500.00"))
    client.force_login(known.board)

    response = client.post(
        decide_url(known, known.b),
        {"action": "award", "amount": "800.00", "seen_state": "reviewed"},
    )

    assert response.status_code == 409
    assert messages_of(response) == [
        "The award (800.00) is more than the budget left (500.00 USD): 1,000.00 USD of "
        "the 1,500.00 USD budget is committed."
    ]


def test_missing_action_is_explained_at_the_field(client, known):
    client.force_login(known.board)

    response = client.post(
        decide_url(known, known.b), {"amount": "100.00", "note": "x", "seen_state": "reviewed"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["action"] == ["Choose award, waitlist or decline."]
    assert "There is one thing to fix" in response.content.decode()


def test_a_second_board_member_gets_just_decided_by_not_an_overwrite(client, known):
    other = UserFactory(full_name="Dana Board", roles=[Role.BOARD])
    # Both opened the panel while it was reviewed; Dana saved first.
    decisions.decide(known.b, by=other, action="decline", note="Not this year.")
    client.force_login(known.board)

    response = client.post(
        decide_url(known, known.b),
        {"action": "award", "amount": "800.00", "seen_state": "reviewed"},
    )

    assert response.status_code == 409
    assert messages_of(response) == [
        "This application was just decided by Dana Board: it is now declined. "
        "Reload to see the decision."
    ]
    known.b.refresh_from_db()
    assert (known.b.state, known.b.decided_by, known.b.decision_note) == (
        State.DECLINED,
        other,
        "Not this year.",
    )


def test_after_a_waitlist_by_someone_else_the_page_shows_the_new_state(client, known):
    other = UserFactory(full_name="Dana Board", roles=[Role.BOARD])
    decisions.decide(known.b, by=other, action="waitlist")
    client.force_login(known.board)

    response = client.post(
        decide_url(known, known.b),
        {"action": "award", "amount": "800.00", "note": "Mine", "seen_state": "reviewed"},
    )

    assert response.status_code == 409
    form = response.context["form"]
    assert form["seen_state"].value() == "waitlisted"
    assert form["note"].value() == "Mine"
    # A second, informed submission goes through.
    again = client.post(
        decide_url(known, known.b),
        {"action": "award", "amount": "800.00", "note": "Mine", "seen_state": "waitlisted"},
    )
    assert again.status_code == 302
    known.b.refresh_from_db()
    assert known.b.state == State.AWARDED


def test_deciding_an_application_under_review_is_refused_in_words(client, known):
    client.force_login(known.board)

    response = client.post(
        decide_url(known, known.c), {"action": "decline", "seen_state": "under_review"}
    )

    assert response.status_code == 409
    assert messages_of(response) == [
        "You cannot decline an application that is under review. Only reviewed or "
        "waitlisted applications can be declined."
    ]


# Several at once -------------------------------------------------------------------------


def test_bulk_shows_what_will_change_before_changing_anything(client, known):
    client.force_login(known.board)

    response = client.post(
        reverse("decisions:bulk", args=[known.cycle.slug]),
        {"action": "decline", "selected": [known.b.pk, known.a.pk]},
    )

    assert response.status_code == 200
    plan = response.context["plan"]
    assert [a.pk for a in plan.changes] == [known.b.pk]
    assert [(a.pk, why) for a, why in plan.skipped] == [
        (known.a.pk, "It is awarded, so it cannot be declined now.")
    ]
    html = response.content.decode()
    assert f'<input type="hidden" name="item" value="{known.b.pk}:reviewed">' in html
    assert "<h1>Check before saving: decline 1 application</h1>" in html
    assert "Yes, decline 1 application</button>" in html
    known.b.refresh_from_db()
    assert known.b.state == State.REVIEWED


def test_bulk_confirmation_applies_the_change(client, known):
    client.force_login(known.board)

    response = client.post(
        reverse("decisions:bulk", args=[known.cycle.slug]),
        {
            "confirmed": "1",
            "action": "waitlist",
            "item": [f"{known.b.pk}:reviewed"],
            "note": "Wait for spring.",
        },
    )

    assert response.status_code == 302
    assert messages_of(response) == ["1 application was waitlisted."]
    known.b.refresh_from_db()
    assert (known.b.state, known.b.decision_note) == (State.WAITLISTED, "Wait for spring.")


def test_bulk_confirmation_is_refused_when_someone_decided_in_between(client, known):
    other = UserFactory(full_name="Dana Board", roles=[Role.BOARD])
    decisions.decide(known.b, by=other, action="waitlist")
    client.force_login(known.board)

    response = client.post(
        reverse("decisions:bulk", args=[known.cycle.slug]),
        {"confirmed": "1", "action": "decline", "item": [f"{known.b.pk}:reviewed"]},
    )

    assert response.status_code == 409
    assert messages_of(response) == [
        "Nothing was changed: some applications were decided a moment ago.",
        "“+1+1” was just decided by Dana Board: it is now waitlisted.",
    ]
    known.b.refresh_from_db()
    assert known.b.state == State.WAITLISTED
    # The confirmation page is shown again with the current state.
    assert response.context["plan"].changes[0].state == State.WAITLISTED


def test_bulk_without_a_selection_says_so(client, known):
    client.force_login(known.board)

    response = client.post(
        reverse("decisions:bulk", args=[known.cycle.slug]), {"action": "decline"}
    )

    assert response.status_code == 302
    assert messages_of(response) == ["Select at least one application first."]


# Release ---------------------------------------------------------------------------------


def release_url(known):
    return reverse("decisions:release", args=[known.cycle.slug])


def test_release_page_lists_undecided_applications(client, known):
    client.force_login(known.board)

    response = client.get(release_url(known))

    assert [a.pk for a in response.context["undecided"]] == [known.b.pk, known.c.pk]
    html = response.content.decode()
    assert "Still undecided (2)" in html
    assert "<li>Awarded: 1</li>" in html


def test_release_is_refused_while_undecided_unless_confirmed(client, known):
    client.force_login(known.board)

    refused = client.post(release_url(known), {})

    assert refused.status_code == 409
    assert messages_of(refused) == [
        "2 applications are still undecided. Decide them first, or confirm that they stay "
        "undecided:",
        "+1+1",
        "@SUM(A1)",
    ]
    assert Cycle.objects.get(pk=known.cycle.pk).decisions_released_at is None

    released = client.post(release_url(known), {"confirm_undecided": "on"})

    assert released.status_code == 302
    assert Cycle.objects.get(pk=known.cycle.pk).decisions_released_at is not None
    known.a.refresh_from_db()
    assert known.a.visible_state_for_applicant() == State.AWARDED


def test_release_happens_once_and_the_page_then_says_when(client, known):
    client.force_login(known.board)
    client.post(release_url(known), {"confirm_undecided": "on"}, follow=True)

    again = client.post(release_url(known), {"confirm_undecided": "on"})

    assert again.status_code == 409
    assert messages_of(again)[0].startswith("Decisions for this cycle were already released on ")
    assert "Releasing happens once." in again.content.decode()
    desk = client.get(reverse("decisions:desk", args=[known.cycle.slug])).content.decode()
    assert "Release decisions…" not in desk
    assert "A decision made now is shown to its applicant straight away." in desk
