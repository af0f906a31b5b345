"""A locked-out person unlocks their account by an emailed link."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from accounts.models import SecurityEvent, SecurityEventKind
from tests.accounts.test_login_hardening import LIMIT, attempt, fail_times
from tests.accounts.test_two_factor import emailed_path
from tests.factories import TEST_PASSWORD, UserFactory

UNLOCK_REQUEST = reverse("accounts:unlock_request")


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.mark.django_db
def test_the_lockout_page_offers_an_unlock_link_for_the_typed_address(client):
    UserFactory(email="alma@example.org")
    fail_times(client, "alma@example.org", LIMIT)

    page = attempt(client, "alma@example.org", password=TEST_PASSWORD)

    body = page.content.decode()
    assert page.status_code == 429
    assert f'action="{UNLOCK_REQUEST}"' in body
    assert 'value="alma@example.org"' in body


@pytest.mark.django_db
def test_the_emailed_link_unlocks_the_account_at_once(client, mailoutbox):
    user = UserFactory(email="alma@example.org")
    fail_times(client, "alma@example.org", LIMIT)

    client.post(UNLOCK_REQUEST, {"email": "Alma@Example.org"})
    (message,) = mailoutbox
    opened = client.get(emailed_path(message), REMOTE_ADDR="10.0.0.1")
    response = attempt(client, "alma@example.org", password=TEST_PASSWORD)

    assert message.to == ["alma@example.org"]
    assert opened.url == reverse("accounts:login")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert SecurityEvent.objects.get(user=user).kind == SecurityEventKind.UNLOCKED


@pytest.mark.django_db
def test_asking_for_a_link_answers_the_same_for_unknown_addresses(client, mailoutbox):
    UserFactory(email="alma@example.org")

    known = client.post(UNLOCK_REQUEST, {"email": "alma@example.org"})
    unknown = client.post(UNLOCK_REQUEST, {"email": "nobody@example.org"})
    again = client.post(UNLOCK_REQUEST, {"email": "alma@example.org"})

    assert known.content == unknown.content == again.content
    assert len(mailoutbox) == 1  # one email per account per five minutes


@pytest.mark.django_db
def test_an_unlock_link_never_clears_an_addresses_own_count(client, mailoutbox):
    UserFactory(email="mallory@example.org")
    for n in range(LIMIT):
        attempt(client, f"victim{n}@example.org", address="10.6.6.6")

    client.post(UNLOCK_REQUEST, {"email": "mallory@example.org"})
    client.get(emailed_path(mailoutbox[0]))
    response = attempt(client, "mallory@example.org", password=TEST_PASSWORD, address="10.6.6.6")

    assert response.status_code == 429
    assert AccessAttempt.objects.filter(username__startswith="victim").count() == LIMIT


@pytest.mark.django_db
def test_a_forged_unlock_link_does_nothing(client):
    UserFactory(email="alma@example.org")
    fail_times(client, "alma@example.org", LIMIT)

    client.get(reverse("accounts:unlock", kwargs={"token": "forged"}))

    assert attempt(client, "alma@example.org", password=TEST_PASSWORD).status_code == 429
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], "ip_address"]
