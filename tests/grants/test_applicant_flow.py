"""Apply, check, submit and withdraw through the pages; refusals are messages, not 500s."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, ApplicationEvent
from grants.workflow import State
from tests.factories import ApplicationFactory, CycleFactory, force_state


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_apply_creates_one_draft_and_reopens_it_the_second_time(client, applicant):
    cycle = CycleFactory()
    client.force_login(applicant)
    url = reverse("grants:apply", args=[cycle.slug])

    first = client.post(url)
    second = client.post(url)

    application = Application.objects.get(applicant=applicant)
    assert first["Location"] == reverse("grants:application_edit", args=[application.pk])
    assert second["Location"] == first["Location"]
    assert application.state == State.DRAFT
    assert list(ApplicationEvent.objects.values_list("actor_id", "name", "source", "target")) == [
        (applicant.pk, "create", "draft", "draft")
    ]


@pytest.mark.django_db
def test_apply_page_after_login_offers_the_button_then_reopens_the_draft(client, applicant):
    cycle = CycleFactory()
    client.force_login(applicant)
    url = reverse("grants:apply", args=[cycle.slug])

    assert "Start my application" in client.get(url).content.decode()
    client.post(url)
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].endswith("/edit/")


@pytest.mark.django_db
def test_after_withdrawing_one_may_apply_again(client, applicant):
    cycle = CycleFactory()
    withdrawn = force_state(ApplicationFactory(cycle=cycle, applicant=applicant), "withdrawn")
    client.force_login(applicant)

    client.post(reverse("grants:apply", args=[cycle.slug]))

    fresh = Application.objects.exclude(pk=withdrawn.pk).get(applicant=applicant)
    assert fresh.state == State.DRAFT


@pytest.mark.django_db
def test_apply_to_a_closed_cycle_is_refused_with_the_date(client, applicant):
    cycle = CycleFactory(
        opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(applicant)

    response = client.post(reverse("grants:apply", args=[cycle.slug]))

    assert response.status_code == 302
    assert not Application.objects.exists()
    [message] = _messages(response)
    assert message.startswith("This cycle closed on ")
    assert "(New York time)" in message


@pytest.mark.django_db
def test_apply_to_an_upcoming_cycle_is_refused(client, applicant):
    cycle = CycleFactory(
        opens_at=timezone.now() + timedelta(days=3), closes_at=timezone.now() + timedelta(days=30)
    )
    client.force_login(applicant)

    response = client.post(reverse("grants:apply", args=[cycle.slug]))

    assert not Application.objects.exists()
    assert _messages(response)[0].startswith("This cycle opens on ")


@pytest.mark.django_db
def test_submit_needs_the_confirmation_box(client, applicant):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)

    response = client.post(reverse("grants:submit", args=[application.pk]), {})

    assert response.status_code == 200
    assert "Tick the box to confirm you are ready to send it." in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.DRAFT


@pytest.mark.django_db
def test_submit_with_confirmation_sends_it_and_shows_it_as_submitted(client, applicant):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)

    response = client.post(reverse("grants:submit", args=[application.pk]), {"confirm": "on"})

    assert response["Location"] == reverse("grants:application_submitted", args=[application.pk])
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    confirmation = client.get(response["Location"]).content.decode()
    reference = f"S4OM-{application.cycle_id}-{application.pk:05d}"
    assert "<h1>Your application is submitted</h1>" in confirmation
    assert f'<strong class="reference">{reference}</strong>' in confirmation
    assert "<h2>What happens next</h2>" in confirmation
    page = client.get(reverse("grants:application_detail", args=[application.pk])).content.decode()
    assert "Submitted — we have it." in page
    assert "You submitted it." in page
    assert reference in page


@pytest.mark.django_db
def test_submitting_an_incomplete_draft_shows_the_missing_fields_by_name(client, applicant):
    application = ApplicationFactory(applicant=applicant, timeline="", eligibility_confirmed=False)
    client.force_login(applicant)

    response = client.post(reverse("grants:submit", args=[application.pk]), {"confirm": "on"})

    assert response["Location"] == reverse("grants:application_check", args=[application.pk])
    assert _messages(response) == [
        "Your application is not complete yet. Still missing: Timeline; Eligibility confirmation."
    ]


@pytest.mark.django_db
def test_submitting_after_the_deadline_says_when_it_passed(client, applicant):
    cycle = CycleFactory(
        opens_at=timezone.now() - timedelta(days=40),
        closes_at=timezone.now() - timedelta(minutes=1),
    )
    application = ApplicationFactory(cycle=cycle, applicant=applicant)
    client.force_login(applicant)

    response = client.post(reverse("grants:submit", args=[application.pk]), {"confirm": "on"})
    check = client.get(response["Location"]).content.decode()

    [message] = _messages(response)
    assert message.startswith(f"The deadline passed on {cycle.format_local(cycle.closes_at)}.")
    assert "The submit button appears here once everything is filled in" in check
    application.refresh_from_db()
    assert application.state == State.DRAFT


@pytest.mark.django_db
def test_submitting_twice_is_a_message_not_an_error(client, applicant):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)
    url = reverse("grants:submit", args=[application.pk])
    client.post(url, {"confirm": "on"})

    response = client.post(url, {"confirm": "on"})

    assert response.status_code == 302
    assert _messages(response)[-1] == "You cannot submit an application that is submitted."
    assert ApplicationEvent.objects.filter(application=application, name="submit").count() == 1


@pytest.mark.django_db
def test_withdraw_needs_a_reason_and_records_it(client, applicant):
    application = force_state(ApplicationFactory(applicant=applicant), State.SUBMITTED)
    client.force_login(applicant)
    url = reverse("grants:withdraw", args=[application.pk])

    empty = client.post(url, {"note": " "})
    done = client.post(url, {"note": "I moved away."})

    assert empty.status_code == 200
    assert "Write a short reason." in empty.content.decode()
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.state == State.WITHDRAWN
    assert list(
        ApplicationEvent.objects.filter(application=application).values_list("name", "note")
    ) == [("withdraw", "I moved away.")]


@pytest.mark.django_db
def test_withdraw_of_a_reviewed_application_is_not_offered(client, applicant):
    application = force_state(ApplicationFactory(applicant=applicant), State.REVIEWED)
    client.force_login(applicant)

    response = client.post(reverse("grants:withdraw", args=[application.pk]), {"note": "x"})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.REVIEWED
