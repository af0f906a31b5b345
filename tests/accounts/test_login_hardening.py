"""Brute-force protection, session handling and password rules at login."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.throttling import client_ip, cool_off, describe_wait
from tests.factories import TEST_PASSWORD, UserFactory

LOGIN = reverse("accounts:login")
LIMIT = settings.AXES_FAILURE_LIMIT


def attempt(client, email, password="wrong-password", address="10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def fail_times(client, email, times, address="10.0.0.1"):
    for _ in range(times):
        attempt(client, email, address=address)


def age_attempts(by: timedelta):
    """Pretend the recorded failures happened `by` earlier (the cool-off runs from them)."""
    for row in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=row.pk).update(attempt_time=row.attempt_time - by)


@pytest.mark.django_db
def test_account_is_locked_after_the_threshold_with_a_clear_message(client):
    UserFactory(email="alma@example.org")

    fail_times(client, "alma@example.org", LIMIT - 1)
    below = attempt(client, "alma@example.org")
    locked = attempt(client, "alma@example.org", password=TEST_PASSWORD)

    assert below.status_code == 429  # the LIMIT-th failure locks at once
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Logging in is paused for 15 minutes" in body
    assert "Please wait 15 minutes and try again" in body
    assert reverse("accounts:password_reset") in body
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_below_the_threshold_still_allow_the_right_password(client):
    UserFactory(email="alma@example.org")
    fail_times(client, "alma@example.org", LIMIT - 1)

    response = attempt(client, "alma@example.org", password=TEST_PASSWORD)

    assert response.status_code == 302
    assert AccessAttempt.objects.count() == 0  # reset on success


@pytest.mark.django_db
def test_the_account_lock_from_an_address_holds_in_every_capitalisation(client):
    UserFactory(email="alma@example.org")
    fail_times(client, "Alma@Example.org", LIMIT, address="10.0.0.1")

    response = attempt(client, "ALMA@example.org ", password=TEST_PASSWORD, address="10.0.0.1")

    assert response.status_code == 429


@pytest.mark.django_db
def test_a_strangers_failures_do_not_lock_the_owner_out(client):
    """The finding: five wrong passwords from anywhere locked a known account for 15
    minutes from every address, so anyone could lock the board out before a meeting."""
    UserFactory(email="bea@example.org")
    fail_times(client, "bea@example.org", LIMIT * 3, address="203.0.113.66")

    stranger = attempt(client, "bea@example.org", password=TEST_PASSWORD, address="203.0.113.66")
    owner = attempt(client, "bea@example.org", password=TEST_PASSWORD, address="198.51.100.7")

    assert stranger.status_code == 429
    assert owner.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_an_address_is_locked_after_failures_across_many_accounts(client):
    UserFactory(email="bea@example.org")
    for n in range(LIMIT):
        attempt(client, f"guess{n}@example.org", address="10.0.0.7")

    from_there = attempt(client, "bea@example.org", password=TEST_PASSWORD, address="10.0.0.7")
    from_elsewhere = attempt(client, "bea@example.org", password=TEST_PASSWORD, address="10.0.0.8")

    assert from_there.status_code == 429
    assert "Logging in is paused" in from_there.content.decode()
    assert from_elsewhere.status_code == 302


@pytest.mark.django_db
def test_the_lock_expires_after_the_cool_off(client):
    UserFactory(email="alma@example.org")
    fail_times(client, "alma@example.org", LIMIT)
    assert attempt(client, "alma@example.org", password=TEST_PASSWORD).status_code == 429

    age_attempts(cool_off() + timedelta(seconds=1))
    response = attempt(client, "alma@example.org", password=TEST_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_the_lock_still_holds_just_before_the_cool_off_ends(client):
    UserFactory(email="alma@example.org")
    fail_times(client, "alma@example.org", LIMIT)

    age_attempts(cool_off() - timedelta(minutes=1))
    response = attempt(client, "alma@example.org", password=TEST_PASSWORD)

    assert response.status_code == 429


@pytest.mark.django_db
def test_a_short_cool_off_setting_is_named_in_the_message(client, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=30)
    UserFactory(email="alma@example.org")

    fail_times(client, "alma@example.org", LIMIT)
    response = attempt(client, "alma@example.org", password=TEST_PASSWORD)

    assert "Please wait 30 seconds and try again" in response.content.decode()


def test_waits_are_described_in_words():
    assert describe_wait(timedelta(minutes=15)) == "15 minutes"
    assert describe_wait(timedelta(minutes=1)) == "1 minute"
    assert describe_wait(timedelta(hours=3)) == "3 hours"
    assert describe_wait(timedelta(seconds=1)) == "1 second"


def test_a_forwarded_address_is_ignored_unless_a_proxy_is_trusted(rf, settings):
    request = rf.post(LOGIN, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"


# Sessions ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_logging_in_gives_the_session_a_new_key(client):
    UserFactory(email="alma@example.org")
    client.get(LOGIN)
    session = client.session
    session["before_login"] = "kept"
    session.save()
    before = session.session_key

    attempt(client, "alma@example.org", password=TEST_PASSWORD)

    after = client.session.session_key
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


@pytest.mark.django_db
def test_a_session_lasts_a_day_and_is_renewed_every_few_minutes_of_use(client):
    UserFactory(email="alma@example.org")
    response = attempt(client, "alma@example.org", password=TEST_PASSWORD)

    assert settings.SESSION_COOKIE_AGE == 60 * 60 * 24
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_RENEW_AFTER == 5 * 60
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 60 * 60 * 24
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_an_expired_session_is_sent_back_to_login(client):
    user = UserFactory()
    client.force_login(user)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


# Passwords -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-1", "too short"),
        ("password123", "one that many people use"),
        ("4815162342", "letters as well as numbers"),
        ("alma.person", "too like your"),
    ],
)
def test_a_weak_new_password_is_refused_with_the_reason(client, password, reason):
    user = UserFactory(email="alma.person@example.org", full_name="Alma Person")
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": password, "new_password2": password},
    )

    assert response.status_code == 200
    assert reason in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


@pytest.mark.django_db
def test_changing_the_password_keeps_this_session_signed_in(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "quiet-harbour-lanterns",
            "new_password2": "quiet-harbour-lanterns",
        },
    )

    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
