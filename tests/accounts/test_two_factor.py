"""Optional two-step login (TOTP): setting it up, logging in with it, turning it off, and
the setting that makes it required for board and staff accounts."""

import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:login_verify")
SETUP = reverse("accounts:two_factor_setup")
PROFILE = reverse("accounts:profile")


def code_for(device, steps_ahead=0) -> str:
    """The code an app would show now (or `steps_ahead` 30-second steps later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def confirmed_device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def verified_login(client, user, device):
    """A signed-in session that has proved a code of `device`."""
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def unthrottle(device):
    """django-otp makes a wrong code wait 1, 2, 4 ... seconds; tests do not sleep."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)


def emailed_path(message) -> str:
    """The site path of the one link in an email."""
    (line,) = [w for w in message.body.split() if w.startswith("http")]
    return line.removeprefix(settings.SITE_URL)


def password_step(client, email, next_url=""):
    url = LOGIN + (f"?next={quote(next_url)}" if next_url else "")
    return client.post(url, {"username": email, "password": TEST_PASSWORD})


# Setting up -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_setup_page_shows_the_key_the_link_and_a_qr_code(client):
    user = UserFactory(email="alma@example.org")
    client.force_login(user)

    response = client.get(SETUP)

    body = response.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert response.status_code == 200
    assert device.confirmed is False
    assert two_factor.secret_for_display(device) in body
    assert 'href="otpauth://totp/S4OM%20Grants%3Aalma%40example.org?secret=' in body
    assert '<svg width="' in body and 'class="qr-code"' in body
    assert "style=" not in response.context["qr_svg"]
    assert "<script" not in response.context["qr_svg"]


@pytest.mark.django_db
def test_opening_the_setup_page_twice_keeps_one_key(client):
    user = UserFactory()
    client.force_login(user)

    client.get(SETUP)
    client.get(SETUP)

    assert TOTPDevice.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_the_right_code_turns_two_step_login_on(client):
    user = UserFactory()
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(SETUP, {"token": code_for(device)})

    device.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("accounts:recovery_codes") + "?next=%2Faccounts%2Ftwo-step%2F"
    assert device.confirmed is True
    assert client.session["otp_device_id"] == device.persistent_id


@pytest.mark.django_db
def test_a_wrong_setup_code_leaves_it_off_and_says_what_to_do(client):
    user = UserFactory()
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"token": wrong})

    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    assert TOTPDevice.objects.get(user=user).confirmed is False


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["12345", "abcdef", "١٢٣٤٥٦", "1234567", ""])
def test_a_code_that_is_not_six_ascii_digits_is_refused_politely(client, typed):
    user = UserFactory()
    client.force_login(user)
    client.get(SETUP)

    response = client.post(SETUP, {"token": typed})

    assert response.status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed is False
    assert response.context["form"].errors["token"]


@pytest.mark.django_db
def test_setting_up_a_new_phone_replaces_the_old_one(client):
    user = UserFactory()
    old = confirmed_device_for(user)
    verified_login(client, user, old)
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=user, confirmed=False)

    client.post(SETUP, {"token": code_for(new)})

    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", "confirmed")) == [
        (new.pk, True)
    ]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


# Logging in --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_two_step_login_the_password_is_enough(client):
    UserFactory(email="alma@example.org")

    response = password_step(client, "alma@example.org")

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_the_password_alone_does_not_log_in_when_two_step_login_is_on(client):
    user = UserFactory(email="alma@example.org")
    confirmed_device_for(user)

    response = password_step(client, "alma@example.org")

    assert response.status_code == 302
    assert response.url == VERIFY
    assert "_auth_user_id" not in client.session
    assert client.get(PROFILE).status_code == 302  # still signed out


@pytest.mark.django_db
def test_the_code_after_the_password_logs_in_with_a_new_session_key(client):
    user = UserFactory(email="alma@example.org")
    device = confirmed_device_for(user)
    password_step(client, "alma@example.org", next_url=PROFILE)
    pending_key = client.session.session_key

    response = client.post(VERIFY, {"token": code_for(device)})

    assert response.status_code == 302
    assert response.url == PROFILE
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.session_key != pending_key
    assert client.session["otp_device_id"] == device.persistent_id
    assert client.get(PROFILE).status_code == 200


@pytest.mark.django_db
def test_a_used_code_cannot_be_used_again(client):
    user = UserFactory(email="alma@example.org")
    device = confirmed_device_for(user)
    code = code_for(device)
    password_step(client, "alma@example.org")
    client.post(VERIFY, {"token": code})
    client.post(reverse("accounts:logout"))

    password_step(client, "alma@example.org")
    response = client.post(VERIFY, {"token": code})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_wrong_code_keeps_the_person_out_and_the_next_right_one_works(client):
    user = UserFactory(email="alma@example.org")
    device = confirmed_device_for(user)
    password_step(client, "alma@example.org")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    refused = client.post(VERIFY, {"token": wrong})
    unthrottle(device)
    accepted = client.post(VERIFY, {"token": code_for(device)})

    assert refused.status_code == 200
    assert "That code did not match" in refused.content.decode()
    assert accepted.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_wrong_codes_are_throttled_even_when_the_next_one_is_right(client):
    user = UserFactory(email="alma@example.org")
    device = confirmed_device_for(user)
    password_step(client, "alma@example.org")
    client.post(VERIFY, {"token": f"{(int(code_for(device)) + 1) % 1_000_000:06d}"})

    response = client.post(VERIFY, {"token": code_for(device)})  # within the 1 s wait

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_too_many_wrong_codes_send_the_person_back_to_the_password(client):
    user = UserFactory(email="alma@example.org")
    device = confirmed_device_for(user)
    password_step(client, "alma@example.org")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    responses = [client.post(VERIFY, {"token": wrong}) for _ in range(two_factor.MAX_TRIES)]

    assert [r.status_code for r in responses] == [200] * (two_factor.MAX_TRIES - 1) + [302]
    assert responses[-1].url == LOGIN
    assert two_factor.PENDING_KEY not in client.session
    assert client.get(VERIFY).url == LOGIN


@pytest.mark.django_db
def test_the_password_step_expires_after_five_minutes(client):
    user = UserFactory(email="alma@example.org")
    device = confirmed_device_for(user)
    password_step(client, "alma@example.org")
    session = client.session
    session[two_factor.PENDING_KEY]["at"] -= two_factor.PENDING_SECONDS + 1
    session.save()

    response = client.post(VERIFY, {"token": code_for(device)})

    assert response.status_code == 302
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_code_page_without_a_password_step_sends_to_login(client):
    response = client.get(VERIFY)

    assert response.status_code == 302
    assert response.url == LOGIN


# Turning it off ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_turning_it_off_needs_the_password(client):
    user = UserFactory()
    verified_login(client, user, confirmed_device_for(user))

    wrong = client.post(reverse("accounts:two_factor_disable"), {"password": "not-it-at-all"})
    still_on = TOTPDevice.objects.filter(user=user).count()
    right = client.post(reverse("accounts:two_factor_disable"), {"password": TEST_PASSWORD})

    assert wrong.status_code == 200
    assert "That is not your current password" in wrong.content.decode()
    assert still_on == 1
    assert right.status_code == 302
    assert TOTPDevice.objects.filter(user=user).count() == 0


# Required for board and staff ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.BOARD, Role.STAFF])
def test_when_required_board_and_staff_must_set_it_up_before_any_page(client, settings, role):
    settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF = True
    user = UserFactory(roles=[Role.APPLICANT, role])
    client.force_login(user)

    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Faccounts%2Fprofile%2F"
    assert client.get(SETUP).status_code == 200


@pytest.mark.django_db
def test_when_required_setting_it_up_lets_the_board_member_through(client, settings, mailoutbox):
    settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF = True
    user = UserFactory(roles=[Role.BOARD])
    client.force_login(user)
    client.post(SETUP, {"send_link": "1"})
    client.get(emailed_path(mailoutbox[-1]))
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)

    done = client.post(f"{SETUP}?next={quote(PROFILE)}", {"token": code_for(device)})

    assert done.url == f"{reverse('accounts:recovery_codes')}?next=%2Faccounts%2Fprofile%2F"
    assert client.get(PROFILE).status_code == 200


@pytest.mark.django_db
def test_when_required_an_unverified_session_must_give_a_code(client, settings):
    settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF = True
    user = UserFactory(roles=[Role.STAFF])
    device = confirmed_device_for(user)
    client.force_login(user)  # a session that never gave a code
    before = client.session.session_key

    sent = client.get(PROFILE)
    verified = client.post(f"{VERIFY}?next={quote(PROFILE)}", {"token": code_for(device)})

    assert sent.url == f"{VERIFY}?next=%2Faccounts%2Fprofile%2F"
    assert verified.url == PROFILE
    assert client.session.session_key != before
    assert client.get(PROFILE).status_code == 200


@pytest.mark.django_db
def test_when_required_applicants_and_reviewers_are_not_asked(client, settings):
    settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF = True
    client.force_login(UserFactory(roles=[Role.APPLICANT, Role.REVIEWER]))

    assert client.get(PROFILE).status_code == 200


@pytest.mark.django_db
def test_when_required_board_members_cannot_turn_it_off(client, settings):
    settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF = True
    user = UserFactory(roles=[Role.BOARD])
    device = confirmed_device_for(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    response = client.post(
        reverse("accounts:two_factor_disable"), {"password": TEST_PASSWORD}, follow=True
    )

    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert "cannot be turned off" in response.content.decode()


@pytest.mark.django_db
def test_when_required_logging_out_still_works(client, settings):
    settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF = True
    client.force_login(UserFactory(roles=[Role.BOARD]))

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_setting_off_costs_no_query(client, django_assert_num_queries, rf):
    from django.contrib.auth.models import AnonymousUser

    from accounts.middleware import TwoFactorMiddleware

    request = rf.get(PROFILE)
    request.user = UserFactory(roles=[Role.BOARD])
    request.session = {}
    middleware = TwoFactorMiddleware(lambda r: "passed")
    with django_assert_num_queries(0):
        assert middleware(request) == "passed"
    request.user = AnonymousUser()
    assert middleware(request) == "passed"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_the_code_step_never_sends_the_person_to_another_site(client, target):
    user = UserFactory(email="alma@example.org")
    device = confirmed_device_for(user)
    password_step(client, "alma@example.org", next_url=target)

    response = client.post(VERIFY, {"token": code_for(device)})

    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.django_db
def test_setting_up_never_sends_the_person_to_another_site(client):
    user = UserFactory()
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(f"{SETUP}?next=https://evil.example/", {"token": code_for(device)})

    assert response.url == reverse("accounts:recovery_codes") + "?next=%2Faccounts%2Ftwo-step%2F"


@pytest.mark.django_db
def test_the_office_can_reset_a_lost_phone_from_the_command_line():
    from io import StringIO

    from django.core.management import call_command

    user = UserFactory(email="alma@example.org")
    confirmed_device_for(user)
    out = StringIO()

    call_command("reset_two_factor", "Alma@Example.org", stdout=out)

    assert TOTPDevice.objects.filter(user=user).count() == 0
    assert "Two-step login is off for alma@example.org." in out.getvalue()


@pytest.mark.django_db
def test_resetting_an_unknown_email_says_so():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No account has the email"):
        call_command("reset_two_factor", "nobody@example.org")
