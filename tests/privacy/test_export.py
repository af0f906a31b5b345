"""Downloading everything the tool holds about oneself."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from notifications.models import Notice
from privacy.export import personal_data
from tests.security.world import NAMES, build_world, decide_and_release

DOWNLOAD = reverse("privacy:download")


def download(client, user) -> dict:
    client.force_login(user)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    return json.loads(response.content)


def application_titled(data, title) -> dict:
    return next(app for app in data["applications"] if app["title"] == title)


@pytest.mark.django_db
def test_the_download_is_a_json_attachment_that_is_never_cached(client):
    world = build_world()
    client.force_login(world.owner)

    response = client.get(DOWNLOAD)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="s4om-grants-my-data-')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_export_holds_the_profile_and_every_application_with_its_parts(client):
    world = build_world()

    data = download(client, world.owner)

    assert data["profile"]["email"] == "owner@example.org"
    assert data["profile"]["full_name"] == "Olive Owner"
    assert data["profile"]["roles"] == ["Applicant"]
    assert data["profile"]["two_step_login"] is False
    assert "password" not in json.dumps(data["profile"])
    assert sorted(app["title"] for app in data["applications"]) == [
        "Mentorship with a hospice team",
        "Oncology massage certification",
    ]
    draft = application_titled(data, "Mentorship with a hospice team")
    assert draft["state"] == "draft"
    assert draft["cycle"]["title"] == "Spring practitioner grants"
    assert draft["answers"] == [
        {"question": "Where will you practise?", "answer": "Asheville hospice"}
    ]
    assert draft["budget"] == [{"description": "Course fee", "amount": "1200.00"}]
    assert [(a["name"], a["content_type"], a["size_bytes"]) for a in draft["attachments"]] == [
        ("quote.pdf", "application/pdf", 15)
    ]
    submitted = application_titled(data, "Oncology massage certification")
    assert [entry["what"] for entry in submitted["history"]] == [
        "You submitted it.",
        "Volunteer reviewers started reading it.",
        "All reviews are in. The board decides next.",
    ]


@pytest.mark.django_db
def test_the_export_holds_the_inbox_and_the_emails_sent_to_the_person(client):
    world = build_world()
    Notice.objects.create(user=world.owner, event="receipt", title="We have your application")

    data = download(client, world.owner)

    titles = [n["title"] for n in data["inbox_notices"]]
    assert titles == [
        "We have your application",
        "Application received: Oncology massage certification — Autumn practitioner grants",
    ]
    assert data["emails"], "the submission receipt is in the outbox"
    assert {email["to"] for email in data["emails"]} == {"owner@example.org"}


@pytest.mark.django_db
def test_an_unreleased_decision_is_not_in_the_export(client):
    world = build_world()
    world.submitted.refresh_from_db()
    from decisions import services as decisions

    decisions.decide(
        world.submitted, by=world.board, action=decisions.Action.DECLINE, note="Board only"
    )

    data = download(client, world.owner)

    submitted = application_titled(data, "Oncology massage certification")
    assert submitted["state"] == "reviewed"
    assert submitted["decision"] is None
    assert "Board only" not in json.dumps(data)
    assert "declin" not in json.dumps(submitted).lower()


@pytest.mark.django_db
def test_a_released_decision_is_in_the_export(client):
    world = build_world()
    decide_and_release(world.submitted, world.board, amount=Decimal("1000.00"))

    data = download(client, world.owner)

    submitted = application_titled(data, "Oncology massage certification")
    assert submitted["state"] == "awarded"
    assert submitted["decision"] == {
        "awarded_amount": "1000.00",
        "note": "Funded in full but for travel.",
    }


@pytest.mark.django_db
def test_the_export_never_names_a_reviewer_or_board_member(client):
    world = build_world(decided=True)

    text = json.dumps(download(client, world.owner))

    for key in ("assigned_reviewer", "recused_reviewer", "unassigned_reviewer", "board", "staff"):
        assert NAMES[key] not in text
        assert f"{key.replace('_', '.')}@example.org" not in text
    assert "We share a studio" not in text
    assert "A careful, realistic plan" not in text


@pytest.mark.django_db
def test_the_export_holds_nothing_of_other_applicants(client):
    world = build_world()

    text = json.dumps(download(client, world.owner))

    assert "Otto" not in text
    assert "Someone else's plan" not in text


@pytest.mark.django_db
def test_a_reviewer_gets_the_reviews_they_wrote(client):
    world = build_world()

    data = download(client, world.assigned_reviewer)

    assert data["reviews_written"] == [
        {
            "cycle": "Autumn practitioner grants",
            "application_title": "Oncology massage certification",
            "status": "submitted",
            "assigned_at": data["reviews_written"][0]["assigned_at"],
            "conflict_reason": "",
            "review": {
                "overall_comment": "A careful, realistic plan.",
                "recommendation": "fund",
                "submitted_at": data["reviews_written"][0]["review"]["submitted_at"],
                "scores": [
                    {
                        "criterion": "Benefit to clients",
                        "score": 4,
                        "not_applicable": False,
                        "comment": "Clear benefit.",
                    }
                ],
            },
        }
    ]
    assert "Olive Owner" not in json.dumps(data)


@pytest.mark.django_db
def test_the_export_reads_a_fixed_number_of_queries():
    world = build_world()
    _count_queries(world.owner)  # warm the content-type and permission caches
    small = _count_queries(world.owner)
    for _ in range(5):
        extra = build_more_applications(world)
    large = _count_queries(world.owner)

    assert extra
    assert small == large


def _count_queries(user) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fresh = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as captured:
        personal_data(fresh)
    return len(captured.captured_queries)


def build_more_applications(world):
    from tests import factories

    cycle = factories.CycleFactory()
    app = factories.ApplicationFactory(cycle=cycle, applicant=world.owner)
    factories.AttachmentFactory(application=app)
    Notice.objects.create(user=world.owner, event="receipt", title="Another notice")
    return app


@pytest.mark.django_db
def test_the_export_needs_a_login(client):
    response = client.get(DOWNLOAD)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
