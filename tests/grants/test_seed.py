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


@pytest.mark.django_db
def test_the_demo_tells_one_story_in_the_timeline_the_inbox_and_the_cycle(
    django_capture_on_commit_callbacks,
):
    from notifications.models import Email, Event, Notice

    with django_capture_on_commit_callbacks(execute=True):
        context = _seed()

    closed = context["closed_cycle"]
    for application in context["submitted_applications"]:
        submit = ApplicationEvent.objects.get(application=application, name="submit")
        started = Application.objects.get(pk=application.pk).created_at
        assert closed.opens_at < started < submit.created_at < closed.closes_at
        assert submit.created_at == application.submitted_at
        receipt = Email.objects.get(application=application, event=Event.RECEIPT)
        assert receipt.created_at == application.submitted_at
    notices = Notice.objects.filter(event__in=[Event.RECEIPT, Event.SUBMITTED])
    assert notices.exists()
    assert all(notice.created_at < closed.closes_at for notice in notices)
    for draft in context["draft_applications"]:
        assert draft.cycle.opens_at < Application.objects.get(pk=draft.pk).created_at
