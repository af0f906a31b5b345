"""The grants office: overview counts, filters, and the actions on one application."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from grants.choices import Purpose
from grants.models import ApplicationEvent
from grants.workflow import State
from tests.factories import ApplicationFactory, CycleFactory, UserFactory, force_state


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_the_overview_counts_applications_per_state(client, staff_member):
    cycle = CycleFactory(title="Spring round")
    for state in [State.DRAFT, State.SUBMITTED, State.SUBMITTED, State.AWARDED]:
        force_state(ApplicationFactory(cycle=cycle, applicant=UserFactory()), state)
    client.force_login(staff_member)

    response = client.get(reverse("grants:office_cycles"))

    row = next(row for row in response.context["rows"] if row["cycle"] == cycle)
    assert row["counts"] == [1, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]


@pytest.mark.django_db
def test_the_list_filters_by_state_and_purpose(client, board_member):
    cycle = CycleFactory()
    wanted = force_state(
        ApplicationFactory(cycle=cycle, title="Wanted", purpose=Purpose.COMMUNITY_SERVICE),
        State.SUBMITTED,
    )
    force_state(ApplicationFactory(cycle=cycle, title="Other purpose"), State.SUBMITTED)
    ApplicationFactory(cycle=cycle, title="Still a draft", purpose=Purpose.COMMUNITY_SERVICE)
    ApplicationFactory(title="Another cycle", purpose=Purpose.COMMUNITY_SERVICE)
    client.force_login(board_member)

    response = client.get(
        reverse("grants:office_applications", args=[cycle.slug]),
        {"state": "submitted", "purpose": "community_service"},
    )

    assert list(response.context["page"].object_list) == [wanted]


@pytest.mark.django_db
def test_an_unknown_filter_value_shows_everything_instead_of_failing(client, board_member):
    cycle = CycleFactory()
    ApplicationFactory(cycle=cycle)
    client.force_login(board_member)

    response = client.get(
        reverse("grants:office_applications", args=[cycle.slug]),
        {"state": "<script>", "page": "999"},
    )

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1


@pytest.mark.django_db
def test_staff_return_an_application_with_a_message_and_new_deadline(client, staff_member):
    cycle = CycleFactory(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )
    application = force_state(ApplicationFactory(cycle=cycle), State.SUBMITTED)
    client.force_login(staff_member)
    until = (
        (timezone.now() + timedelta(days=7))
        .astimezone(cycle.tz)
        .replace(second=0, microsecond=0, tzinfo=None)
    )

    response = client.post(
        reverse("grants:office_return", args=[application.pk]),
        {"note": "Please attach the course quote.", "until": until.strftime("%Y-%m-%dT%H:%M")},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert application.returned_note == "Please attach the course quote."
    assert application.deadline_extended_until == until.replace(tzinfo=cycle.tz)
    assert list(
        ApplicationEvent.objects.filter(application=application).values_list(
            "actor_id", "name", "source", "target", "note"
        )
    ) == [
        (
            staff_member.pk,
            "return_for_changes",
            "submitted",
            "draft",
            "Please attach the course quote.",
        )
    ]


@pytest.mark.django_db
def test_a_refused_return_is_a_message_and_keeps_what_was_typed(client, staff_member):
    cycle = CycleFactory(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )
    application = force_state(ApplicationFactory(cycle=cycle), State.SUBMITTED)
    client.force_login(staff_member)

    response = client.post(
        reverse("grants:office_return", args=[application.pk]), {"note": "Add the quote."}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Give the applicant a new personal deadline so they can send it back." in body
    assert "Add the quote.</textarea>" in body
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


@pytest.mark.django_db
def test_the_deadline_is_typed_in_the_cycle_time_zone(client, board_member):
    cycle = CycleFactory(
        time_zone="America/Los_Angeles",
        opens_at=datetime(2020, 1, 1, tzinfo=UTC),
        closes_at=datetime(2099, 1, 1, tzinfo=UTC),
    )
    application = ApplicationFactory(cycle=cycle)
    client.force_login(board_member)

    client.post(
        reverse("grants:office_extend", args=[application.pk]),
        {"until": "2099-01-05T17:00", "note": "Family emergency"},
    )

    application.refresh_from_db()
    # 5 PM in Los Angeles in January is 01:00 UTC the next day.
    assert application.deadline_extended_until == datetime(2099, 1, 6, 1, 0, tzinfo=UTC)
    assert ApplicationEvent.objects.get(application=application).note == "Family emergency"


@pytest.mark.django_db
def test_an_empty_extension_form_shows_the_error_on_the_page(client, board_member):
    application = ApplicationFactory()
    client.force_login(board_member)

    response = client.post(reverse("grants:office_extend", args=[application.pk]), {})

    assert response.status_code == 200
    assert "This needs an answer." in response.content.decode()
    application.refresh_from_db()
    assert application.deadline_extended_until is None


@pytest.mark.django_db
def test_start_review_and_forced_completion_with_a_note(client, board_member):
    application = force_state(ApplicationFactory(), State.SUBMITTED)
    client.force_login(board_member)

    client.post(reverse("grants:office_start_review", args=[application.pk]), {"note": ""})
    no_note = client.post(reverse("grants:office_complete_review", args=[application.pk]), {})
    done = client.post(
        reverse("grants:office_complete_review", args=[application.pk]),
        {"note": "Second reviewer withdrew."},
    )

    assert no_note.status_code == 200
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.state == State.REVIEWED
    assert list(
        ApplicationEvent.objects.filter(application=application).values_list("name", "note")
    ) == [("start_review", ""), ("complete_review", "Second reviewer withdrew.")]


@pytest.mark.django_db
def test_an_action_in_the_wrong_state_is_a_message_not_a_500(client, staff_member):
    application = ApplicationFactory()
    client.force_login(staff_member)

    response = client.post(
        reverse("grants:office_start_review", args=[application.pk]), {"note": ""}
    )

    assert response.status_code == 200
    assert _messages(response) == [
        "You cannot start the review of an application that is still a draft."
    ]
