"""The public cycle pages and the home page's section."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import timezone

from grants.models import Application
from grants.templatetags.grants_tags import closes_in_words
from tests.factories import ApplicationFactory, CycleFactory


@pytest.fixture
def cycles():
    now = timezone.now()
    return {
        "open": CycleFactory(title="Open round", closes_at=now + timedelta(days=5)),
        "upcoming": CycleFactory(
            title="Upcoming round",
            opens_at=now + timedelta(days=10),
            closes_at=now + timedelta(days=40),
        ),
        "closed": CycleFactory(
            title="Closed round",
            opens_at=now - timedelta(days=60),
            closes_at=now - timedelta(days=30),
        ),
    }


@pytest.mark.django_db
def test_the_list_shows_open_and_upcoming_first_and_marks_closed_ones(client, cycles):
    response = client.get(reverse("grants:cycle_list"))

    assert response.context["current_cycles"] == [cycles["open"], cycles["upcoming"]]
    assert response.context["closed_cycles"] == [cycles["closed"]]
    body = response.content.decode()
    assert '<span class="status status-open">Open</span>' in body
    assert '<span class="status status-upcoming">Opens soon</span>' in body
    assert '<span class="status status-closed">Closed</span>' in body
    assert "closes in 4 days" in body or "closes in 5 days" in body
    assert f'data-countdown datetime="{cycles["open"].closes_at.isoformat()}"' in body


@pytest.mark.django_db
def test_deadlines_are_shown_in_the_cycle_time_zone_with_its_name(client):
    cycle = CycleFactory(
        time_zone="America/Los_Angeles",
        opens_at=datetime(2026, 1, 1, tzinfo=UTC),
        closes_at=datetime(2099, 3, 2, 1, 0, tzinfo=UTC),
    )

    body = client.get(reverse("grants:cycle_detail", args=[cycle.slug])).content.decode()

    # One format everywhere; the zone is named once on the page, not after every time.
    assert "Wednesday 31 December 2025, 4:00pm (Los Angeles time)" in body
    assert ">Sunday 1 March 2099, 5:00pm</time>" in body
    assert body.count("Los Angeles time") == 1


@pytest.mark.django_db
def test_the_home_page_lists_cycles_open_now_and_coming_up(client, cycles):
    body = client.get(reverse("home")).content.decode()

    assert "Grant cycles open now and coming up" in body
    assert "Open round" in body
    assert "Upcoming round" in body
    assert "Closed round" not in body


@pytest.mark.django_db
def test_the_cycle_page_offers_to_continue_an_existing_draft(client, applicant, cycles):
    application = ApplicationFactory(cycle=cycles["open"], applicant=applicant)
    client.force_login(applicant)

    body = client.get(reverse("grants:cycle_detail", args=[cycles["open"].slug])).content.decode()

    assert reverse("grants:application_edit", args=[application.pk]) in body
    assert "Apply to this cycle" not in body


@pytest.mark.django_db
def test_a_closed_cycle_offers_no_apply_button(client, applicant, cycles):
    client.force_login(applicant)

    body = client.get(reverse("grants:cycle_detail", args=[cycles["closed"].slug])).content.decode()

    assert "This cycle is closed; new applications cannot be started." in body
    assert "Apply to this cycle" not in body


@pytest.mark.parametrize(
    ("left", "words"),
    [
        (timedelta(days=3, hours=2), "closes in 3 days"),
        (timedelta(days=1, hours=5), "closes in 1 day 5 h"),
        (timedelta(hours=2, minutes=7), "closes in 2 h 7 min"),
        (timedelta(minutes=9, seconds=30), "closes in 9 min"),
        (timedelta(seconds=-1), "closed"),
    ],
)
def test_closes_in_words_matches_the_live_countdown(left, words):
    assert closes_in_words(left) == words


@pytest.mark.django_db
def test_the_admin_shows_state_read_only_and_cycles_with_questions(admin_client, applicant):
    application = ApplicationFactory(applicant=applicant)

    page = admin_client.get(reverse("admin:grants_application_change", args=[application.pk]))
    cycle_page = admin_client.get(reverse("admin:grants_cycle_change", args=[application.cycle_id]))

    assert page.status_code == 200
    assert 'name="state"' not in page.content.decode()
    assert "questions-TOTAL_FORMS" in cycle_page.content.decode()
    model_admin = site._registry[Application]
    assert "state" in model_admin.readonly_fields
    assert not model_admin.has_add_permission(None)


@pytest.mark.django_db
def test_correcting_a_title_in_the_admin_leaves_the_state_alone(admin_client, applicant):
    application = ApplicationFactory(applicant=applicant, title="Typo in titel")
    Application.objects.filter(pk=application.pk).update(state="submitted")
    url = reverse("admin:grants_application_change", args=[application.pk])
    data = {
        "title": "Typo in title",
        "purpose": application.purpose,
        "summary": application.summary,
        "need_and_plan": application.need_and_plan,
        "beneficiaries": application.beneficiaries,
        "timeline": application.timeline,
        "amount_requested": "1200.00",
        "eligibility_confirmed": "on",
        "state": "awarded",
    }
    for prefix in ["budget_lines", "answers", "attachments", "events"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    response = admin_client.post(url, data)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.title == "Typo in title"
    assert application.state == "submitted"
