"""The demo seed for grants: an open cycle with questions and drafts, a closed cycle with
submitted applications, and the same result when run twice."""

import pytest

from demo.seeding import grants as grants_seed
from demo.seeding.people import seed_people
from grants.models import Application, ApplicationEvent, Cycle
from grants.workflow import State


def _seed():
    context = {"people": seed_people()}
    grants_seed.seed(context)
    return context


@pytest.mark.django_db
def test_seed_creates_an_open_and_a_closed_cycle_with_applications():
    context = _seed()

    open_cycle, closed_cycle = context["open_cycle"], context["closed_cycle"]
    assert open_cycle.phase == "open"
    assert closed_cycle.phase == "closed"
    assert open_cycle.questions.count() == 4
    assert sorted(a.state for a in context["submitted_applications"]) == [State.SUBMITTED] * 6
    assert {a.cycle_id for a in context["submitted_applications"]} == {closed_cycle.pk}
    assert [a.state for a in context["draft_applications"]] == [State.DRAFT, State.DRAFT]
    assert context["draft_applications"][0].missing_for_submission() != []
    assert context["draft_applications"][1].missing_for_submission() == []
    assert ApplicationEvent.objects.filter(name="submit").count() == 6


@pytest.mark.django_db
def test_seed_is_idempotent():
    _seed()
    counts = (Cycle.objects.count(), Application.objects.count(), ApplicationEvent.objects.count())

    _seed()

    assert (
        Cycle.objects.count(),
        Application.objects.count(),
        ApplicationEvent.objects.count(),
    ) == counts
