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


# After the award (demo.seeding.awards) ----------------------------------------------------


def _seed_after_award(django_capture_on_commit_callbacks):
    from demo.seeding import awards as awards_seed

    with django_capture_on_commit_callbacks(execute=True):
        context = _seed()
        awards_seed.seed(context)
    return context


def _names(application):
    return list(
        ApplicationEvent.objects.filter(application=application)
        .order_by("pk")
        .values_list("name", flat=True)
    )


@pytest.mark.django_db
def test_the_demo_has_every_state_after_the_award_through_the_real_services(
    django_capture_on_commit_callbacks,
):
    from decimal import Decimal

    from decisions.awards import waiting_list
    from grants.models import AwardAgreement
    from notifications.models import Email, Event

    context = _seed_after_award(django_capture_on_commit_callbacks)
    cycle = context["after_award_cycle"]
    board = context["people"]["board@example.org"]

    offer = context["open_offer"]
    assert (offer.state, offer.awarded_amount, offer.amount_requested) == (
        State.AWARDED,
        Decimal("1200.00"),
        Decimal("1700.00"),
    )
    assert offer.applicant.email == "applicant@example.org"
    assert cycle.decisions_released and cycle.acceptance_deadline > offer.decided_at

    declined = context["declined_award"]
    assert declined.state == State.AWARD_DECLINED
    assert _names(declined)[-1] == "decline_award"
    next_one = context["offered_next"]
    assert (next_one.state, next_one.awarded_amount) == (State.AWARDED, Decimal("480.00"))
    award_event = ApplicationEvent.objects.get(application=next_one, name="award")
    assert award_event.note == "Offered from the waiting list when money came back."
    # Waitlisted, shown to them by the release (audited), then offered the free money.
    assert _names(next_one)[-3:] == ["waitlist", "release_decision", "award"]
    offer_letter = Email.objects.get(recipient=next_one.applicant, event=Event.AWARDED)
    assert offer_letter.subject.startswith("Good news: your grant is awarded from the waitlist:")
    assert award_event.created_at > ApplicationEvent.objects.get(name="decline_award").created_at

    corrected = context["corrected_award"]
    assert (corrected.state, corrected.awarded_amount) == (State.ACCEPTED, Decimal("1000.00"))
    correction = ApplicationEvent.objects.get(application=corrected, name="correct_award")
    assert correction.note.startswith("From 800.00 USD to 1,000.00 USD: We misread the quote")
    assert AwardAgreement.objects.get(application=corrected).amount == Decimal("1000.00")
    assert Email.objects.filter(recipient=corrected.applicant, event=Event.AWARD_CORRECTED)

    rescinded = context["rescinded_award"]
    assert rescinded.state == State.RESCINDED
    assert _names(rescinded)[-2:] == ["accept", "rescind"]
    assert Email.objects.filter(recipient=rescinded.applicant, event=Event.AWARD_RESCINDED)

    # 1,200 + 480 + 1,000 committed of 4,500; Rosa waits, with money free for her.
    assert Application.objects.in_cycle(cycle).committed_total() == Decimal("2680.00")
    waiting = waiting_list(cycle, viewer=board)
    assert [a.pk for a in waiting.applications] == [context["still_waiting"].pk]
    assert waiting.free == Decimal("1820.00")


@pytest.mark.django_db
def test_the_after_award_demo_is_idempotent(django_capture_on_commit_callbacks):
    from demo.seeding import awards as awards_seed

    context = _seed_after_award(django_capture_on_commit_callbacks)
    counts = (Application.objects.count(), ApplicationEvent.objects.count())

    awards_seed.seed(context)

    assert (Application.objects.count(), ApplicationEvent.objects.count()) == counts
