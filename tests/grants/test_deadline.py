"""The deadline: open from opens_at (inclusive) to closes_at (exclusive), server time."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from grants import services
from grants.models import ApplicationEvent, TransitionRefused
from grants.workflow import State
from tests.factories import ApplicationFactory, CycleFactory, force_state

ONE_SECOND = timedelta(seconds=1)
# 5 PM in New York on a winter day is 22:00 UTC.
CLOSES = datetime(2027, 3, 1, 22, 0, tzinfo=UTC)


@pytest.fixture
def draft(applicant):
    cycle = CycleFactory(opens_at=CLOSES - timedelta(days=30), closes_at=CLOSES)
    return ApplicationFactory(cycle=cycle, applicant=applicant)


@pytest.mark.django_db
def test_submit_one_second_before_the_deadline_succeeds(draft, applicant):
    services.submit(draft, by=applicant, at=CLOSES - ONE_SECOND)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    assert draft.submitted_at == CLOSES - ONE_SECOND


@pytest.mark.django_db
def test_submit_at_the_deadline_itself_is_refused(draft, applicant):
    with pytest.raises(TransitionRefused):
        services.submit(draft, by=applicant, at=CLOSES)

    draft.refresh_from_db()
    assert draft.state == State.DRAFT


@pytest.mark.django_db
def test_submit_after_deadline_is_refused_with_the_date_in_the_cycle_zone(draft, applicant):
    with pytest.raises(TransitionRefused) as refused:
        services.submit(draft, by=applicant, at=CLOSES + ONE_SECOND)

    assert refused.value.reasons == [
        "The deadline passed on Monday 1 March 2027, 5:00pm (New York time). Your draft "
        "is kept. If something kept you from submitting, write to the grants office: staff "
        "can extend the deadline for you."
    ]
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert draft.submitted_at is None
    assert not ApplicationEvent.objects.filter(application=draft).exists()


@pytest.mark.django_db
def test_submit_before_the_cycle_opens_is_refused(draft, applicant):
    opens = draft.cycle.opens_at

    with pytest.raises(TransitionRefused) as refused:
        services.submit(draft, by=applicant, at=opens - ONE_SECOND)

    assert refused.value.reasons[0].startswith(
        "This cycle opens on Saturday 30 January 2027, 5:00pm (New York time)."
    )


@pytest.mark.django_db
def test_submit_at_the_opening_second_succeeds(draft, applicant):
    services.submit(draft, by=applicant, at=draft.cycle.opens_at)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


@pytest.mark.django_db
def test_submit_late_succeeds_within_a_personal_extension(draft, applicant):
    draft.deadline_extended_until = CLOSES + timedelta(days=3)
    draft.save()

    services.submit(draft, by=applicant, at=CLOSES + timedelta(days=3) - ONE_SECOND)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


@pytest.mark.django_db
def test_submit_after_a_personal_extension_ends_is_refused(draft, applicant):
    draft.deadline_extended_until = CLOSES + timedelta(days=3)
    draft.save()

    with pytest.raises(TransitionRefused) as refused:
        services.submit(draft, by=applicant, at=CLOSES + timedelta(days=3))

    assert "Thursday 4 March 2027, 5:00pm (New York time)" in refused.value.reasons[0]


@pytest.mark.django_db
def test_late_and_incomplete_lists_both_reasons(draft, applicant):
    draft.title = ""
    draft.save()

    with pytest.raises(TransitionRefused) as refused:
        services.submit(draft, by=applicant, at=CLOSES + ONE_SECOND)

    assert refused.value.reasons[0].startswith("The deadline passed on Monday 1 March 2027")
    assert refused.value.reasons[1:] == [
        "Your application is not complete yet.",
        "Still missing: Title.",
    ]


@pytest.mark.django_db
def test_staff_extend_the_deadline_of_one_draft_and_it_is_audited(applicant, staff_member):
    cycle = CycleFactory(closes_at=timezone.now() - timedelta(hours=1))
    draft = ApplicationFactory(cycle=cycle, applicant=applicant)
    until = timezone.now() + timedelta(days=2)

    services.extend_deadline(draft, by=staff_member, until=until, note="Hospital stay")

    draft.refresh_from_db()
    assert draft.deadline_extended_until == until
    events = list(
        ApplicationEvent.objects.filter(application=draft).values_list(
            "actor_id", "name", "source", "target", "note"
        )
    )
    assert events == [(staff_member.pk, "extend_deadline", "draft", "draft", "Hospital stay")]
    services.submit(draft, by=applicant)
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["applicant", "other_applicant", "reviewer"])
def test_only_board_and_staff_extend_deadlines(request, who, applicant):
    draft = ApplicationFactory(applicant=applicant)
    person = request.getfixturevalue(who)

    with pytest.raises(TransitionRefused) as refused:
        services.extend_deadline(draft, by=person, until=draft.cycle.closes_at + timedelta(days=1))

    assert refused.value.reasons == [services.NOT_ALLOWED]
    draft.refresh_from_db()
    assert draft.deadline_extended_until is None


@pytest.mark.django_db
def test_an_extension_must_end_after_the_cycle_closes(applicant, board_member):
    draft = ApplicationFactory(applicant=applicant)

    with pytest.raises(TransitionRefused) as refused:
        services.extend_deadline(draft, by=board_member, until=draft.cycle.closes_at)

    assert refused.value.reasons[0].startswith("The extension must end after the cycle closes")


@pytest.mark.django_db
def test_return_after_the_deadline_needs_a_new_personal_deadline(applicant, staff_member):
    cycle = CycleFactory(closes_at=timezone.now() - timedelta(hours=1))
    application = force_state(ApplicationFactory(cycle=cycle, applicant=applicant), "submitted")

    with pytest.raises(TransitionRefused) as refused:
        services.return_for_changes(application, by=staff_member, note="Add the quote")

    assert refused.value.reasons[0].endswith(
        "Give the applicant a new personal deadline so they can send it back."
    )
    until = timezone.now() + timedelta(days=5)
    services.return_for_changes(application, by=staff_member, note="Add the quote", until=until)
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert application.returned_note == "Add the quote"
    assert application.personal_deadline() == until
    services.submit(application, by=applicant)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.returned_note == ""
