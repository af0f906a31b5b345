"""A cycle's budget never drops below what is awarded in it: Cycle.clean(), so the admin."""

from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.test import RequestFactory

from grants.models import Cycle
from grants.workflow import State
from tests.factories import ApplicationFactory, CycleFactory, UserFactory, force_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded_cycle():
    """Budget 10,000.00 USD, 2,500.00 awarded (1,700 + 800), a waitlisted request of 900."""
    cycle = CycleFactory(total_budget=Decimal("10000.00"), max_request=Decimal("2000.00"))
    for amount in ("1700.00", "800.00"):
        app = ApplicationFactory(cycle=cycle, amount_requested=Decimal(amount))
        force_state(app, State.AWARDED, awarded_amount=Decimal(amount))
    waiting = ApplicationFactory(cycle=cycle, amount_requested=Decimal("900.00"))
    force_state(waiting, State.WAITLISTED)
    return cycle


def test_the_committed_total_is_the_money_awarded(awarded_cycle):
    assert awarded_cycle.committed_total() == Decimal("2500.00")


def test_a_budget_below_what_is_awarded_is_refused_naming_the_committed_total(awarded_cycle):
    awarded_cycle.total_budget = Decimal("100.00")
    awarded_cycle.max_request = Decimal("100.00")

    with pytest.raises(ValidationError) as refused:
        awarded_cycle.full_clean()

    assert refused.value.message_dict == {
        "total_budget": [
            "The budget cannot be less than what is already committed: 2,500.00 USD is "
            "awarded in this cycle."
        ]
    }


def test_the_budget_may_be_cut_down_to_exactly_what_is_awarded(awarded_cycle):
    awarded_cycle.total_budget = Decimal("2500.00")

    awarded_cycle.full_clean()


def test_a_new_cycle_has_nothing_committed():
    cycle = CycleFactory.build(total_budget=Decimal("0.00"), max_request=Decimal("0.01"))

    with pytest.raises(ValidationError) as refused:
        cycle.full_clean()

    assert "total_budget" not in refused.value.message_dict


def test_the_admin_form_refuses_the_cut_with_the_committed_total(awarded_cycle):
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    model_admin = site._registry[Cycle]
    form_class = model_admin.get_form(request, awarded_cycle, change=True)
    data = model_to_dict(awarded_cycle)
    data.update(total_budget="100.00", max_request="100.00")
    for name in ("opens_at", "closes_at", "reviews_due_at"):
        if name in data and data[name] is not None:
            moment = data.pop(name)
            data[f"{name}_0"], data[f"{name}_1"] = moment.date(), moment.time()

    form = form_class(data, instance=awarded_cycle)

    assert not form.is_valid()
    assert form.errors["total_budget"] == [
        "The budget cannot be less than what is already committed: 2,500.00 USD is awarded "
        "in this cycle."
    ]
