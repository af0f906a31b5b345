"""The budget read model never shows a negative remaining; budget changes never go below
what is committed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from decisions import services as decisions
from decisions.budget import budget_summary
from grants.models import Application, TransitionRefused
from grants.workflow import State
from tests.decisions.desk_data import build_known_cycle
from tests.factories import ApplicationFactory, CycleFactory, force_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    """Budget 10,000.00 USD with 2,500.00 awarded."""
    cycle = CycleFactory(total_budget=Decimal("10000.00"), max_request=Decimal("3000.00"))
    app = ApplicationFactory(cycle=cycle, amount_requested=Decimal("2500.00"))
    force_state(app, State.AWARDED, awarded_amount=Decimal("2500.00"))
    return cycle


def test_changing_the_budget_below_what_is_awarded_is_refused_in_words(cycle):
    with pytest.raises(TransitionRefused) as refused:
        decisions.change_budget(cycle, total_budget=Decimal("100.00"))

    assert refused.value.reasons == [
        "The budget cannot be less than what is already committed: 2,500.00 USD is awarded "
        "in this cycle."
    ]
    cycle.refresh_from_db()
    assert cycle.total_budget == Decimal("10000.00")


def test_changing_the_budget_down_to_what_is_awarded_is_allowed(cycle):
    decisions.change_budget(cycle, total_budget=Decimal("3000.00"))

    cycle.refresh_from_db()
    assert cycle.total_budget == Decimal("3000.00")


@pytest.mark.parametrize("typed", ["abc", "-5", "NaN", "Infinity"])
def test_a_budget_that_is_not_money_is_refused(cycle, typed):
    with pytest.raises(TransitionRefused) as refused:
        decisions.change_budget(cycle, total_budget=typed)

    assert refused.value.reasons == ["Write the budget as an amount of money, such as 25000.00."]


def test_remaining_is_never_negative_and_the_excess_is_named(cycle):
    # Only a change outside the services (a database edit) can get here.
    type(cycle).objects.filter(pk=cycle.pk).update(total_budget=Decimal("100.00"))
    cycle.refresh_from_db()

    summary = budget_summary(cycle)

    assert (summary.total, summary.awarded, summary.remaining, summary.over_budget) == (
        Decimal("100.00"),
        Decimal("2500.00"),
        Decimal("0.00"),
        Decimal("2400.00"),
    )


def test_within_the_budget_nothing_is_over(cycle):
    summary = budget_summary(cycle)

    assert (summary.remaining, summary.over_budget) == (Decimal("7500.00"), Decimal("0.00"))


def test_the_desk_shows_zero_remaining_and_a_warning_when_awards_exceed_the_budget(client):
    known = build_known_cycle()  # 1,000.00 awarded of 10,000.00
    Application.objects.filter(pk=known.a.pk).update(awarded_amount=Decimal("12400.00"))
    client.force_login(known.board)

    html = client.get(reverse("decisions:desk", args=[known.cycle.slug])).content.decode()

    assert "<strong>0.00 USD</strong>" in html
    assert "-2,400" not in html
    assert "<strong>Awards exceed the budget by 2,400.00 USD.</strong>" in html


def test_the_desk_within_budget_shows_no_warning(client):
    known = build_known_cycle()
    client.force_login(known.board)

    html = client.get(reverse("decisions:desk", args=[known.cycle.slug])).content.decode()

    assert "<strong>9,000.00 USD</strong>" in html
    assert "Awards exceed the budget" not in html
