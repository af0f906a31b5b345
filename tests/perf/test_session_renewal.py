"""A signed-in session is renewed every few minutes, not written on every request, and an
idle one still expires (config/sessions.py)."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from config.sessions import RENEWED_AT
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
LOGIN = reverse("accounts:login")


@pytest.fixture
def signed_in(client):
    UserFactory(email="alma@example.org")
    response = client.post(LOGIN, {"username": "alma@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def set_renewed_at(client, renewed_at: float, expire_date) -> None:
    """Back-date the last renewal (Django's own store, which does not note renewals)."""
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    session = db.SessionStore(session_key=key)
    session[RENEWED_AT] = int(renewed_at)
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=expire_date)


def session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def test_logging_in_records_the_renewal(signed_in):
    renewed_at = signed_in.session[RENEWED_AT]
    assert time.time() - renewed_at < 60
    row = session_row(signed_in)
    age = (row.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < age <= settings.SESSION_COOKIE_AGE


def test_the_first_request_after_logging_in_writes_no_session_row(client):
    client.force_login(UserFactory())

    with CaptureQueriesContext(connection) as queries:
        response = client.get(PROFILE)

    assert response.status_code == 200
    assert session_writes(queries.captured_queries) == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_request_within_the_renewal_window_writes_no_session_row(signed_in):
    in_an_hour = timezone.now() + timedelta(hours=1)
    set_renewed_at(signed_in, time.time() - 60, in_an_hour)

    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get(PROFILE)

    assert response.status_code == 200
    assert session_writes(queries.captured_queries) == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert session_row(signed_in).expire_date == in_an_hour


def test_a_request_after_the_renewal_window_extends_the_expiry(signed_in):
    in_an_hour = timezone.now() + timedelta(hours=1)
    set_renewed_at(signed_in, time.time() - settings.SESSION_RENEW_AFTER - 1, in_an_hour)

    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get(PROFILE)

    assert response.status_code == 200
    assert len(session_writes(queries.captured_queries)) == 1
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE
    row = session_row(signed_in)
    age = (row.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < age <= settings.SESSION_COOKIE_AGE
    assert time.time() - signed_in.session[RENEWED_AT] < 60


def test_a_session_idle_past_its_age_expires_and_is_not_renewed(signed_in):
    key = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    idle_since = time.time() - settings.SESSION_COOKIE_AGE - 1
    set_renewed_at(signed_in, idle_since, timezone.now() - timedelta(seconds=1))

    response = signed_in.get(PROFILE)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    # The expired row is not brought back to life by the renewal.
    assert not Session.objects.filter(session_key=key, expire_date__gt=timezone.now()).exists()


def test_a_visitor_without_a_session_gets_none(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.count() == 0


def test_logging_out_is_not_undone_by_the_renewal(signed_in):
    set_renewed_at(signed_in, 0, timezone.now() + timedelta(hours=1))

    response = signed_in.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert Session.objects.count() == 0
    assert signed_in.get(PROFILE).status_code == 302
