"""Issue 15's two-step findings, each reproduced and now refused: the admin's own login,
the set-up page from a password-only session, enrolment by password alone, the admin's
device views answering 500/403; and recovery codes."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import recovery, two_factor
from accounts.models import SecurityEvent, SecurityEventKind
from accounts.roles import Role
from notifications.models import Email, Event
from tests.accounts.test_two_factor import (
    VERIFY,
    code_for,
    confirmed_device_for,
    emailed_path,
    password_step,
    verified_login,
)
from tests.factories import TEST_PASSWORD, UserFactory

SETUP = reverse("accounts:two_factor_setup")
ADMIN = reverse("admin:index")
RECOVERY = reverse("accounts:recovery_codes")
TURN_OFF = reverse("accounts:two_factor_disable")


def staff_with_device(**kwargs):
    user = UserFactory(roles=[Role.APPLICANT, Role.STAFF], is_staff=True, **kwargs)
    return user, confirmed_device_for(user)


# One way into the admin ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_login_form_no_longer_logs_in_with_the_password_alone(client):
    user, _ = staff_with_device(email="sam@example.org")

    posted = client.post(
        reverse("admin:login"), {"username": "sam@example.org", "password": TEST_PASSWORD}
    )

    assert posted.status_code == 302
    assert posted.url == f"{reverse('accounts:login')}?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN).url == "/admin/login/?next=/admin/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [ADMIN, "/office/", reverse("privacy:download"), TURN_OFF, SETUP],
)
def test_a_session_that_skipped_the_code_reaches_nothing_of_the_account(client, path):
    """However the password-only session came about (here: logged in without our flow),
    the account with a device gives its code first."""
    user, device = staff_with_device()
    client.force_login(user)

    response = client.get(path)

    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=user).get() == device


@pytest.mark.django_db
def test_the_site_login_with_the_code_opens_the_admin(client):
    user, device = staff_with_device(email="sam@example.org")
    password_step(client, "sam@example.org", next_url=ADMIN)

    response = client.post(VERIFY, {"token": code_for(device)})

    assert response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db
def test_staff_without_a_device_use_the_admin_when_two_step_is_not_required(client):
    client.force_login(UserFactory(is_staff=True, roles=[Role.STAFF]))

    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db
def test_when_required_the_admin_sends_staff_without_a_device_to_set_it_up(client, settings):
    settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF = True
    client.force_login(UserFactory(is_staff=True, roles=[Role.STAFF]))

    response = client.get(reverse("admin:login") + "?next=/admin/")

    assert response.url.startswith(f"{SETUP}?next=%2Fadmin%2F")


@pytest.mark.django_db
def test_a_verified_person_who_is_not_staff_is_refused_by_the_admin_login(client):
    client.force_login(UserFactory())

    assert client.get(reverse("admin:login")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["config", "qrcode"])
def test_the_admin_device_views_answer_404_for_missing_and_real_ids(client, view):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    verified_login(client, admin_user, confirmed_device_for(admin_user))
    real = confirmed_device_for(UserFactory())
    name = f"admin:otp_totp_totpdevice_{view}"

    missing = client.get(reverse(name, kwargs={"pk": real.pk + 1000}))
    existing = client.get(reverse(name, kwargs={"pk": real.pk}))

    assert (missing.status_code, existing.status_code) == (404, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["change/", "delete/", "history/"])
def test_an_admin_page_for_a_missing_object_is_a_404(client, suffix):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)

    response = client.get(f"/admin/accounts/user/999999/{suffix}")

    assert response.status_code == 404


# Changing two-step login needs a verified session -------------------------------------


@pytest.mark.django_db
def test_setup_from_a_password_only_session_cannot_replace_the_owners_device(client, settings):
    """The finding: with two-step required, set-up was exempt, and confirming it deleted
    the owner's device. Now the attacker is sent to the code page and nothing changes."""
    settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF = True
    owner, device = staff_with_device()
    client.force_login(owner)  # the attacker knows the password only

    shown = client.get(SETUP)
    posted = client.post(SETUP, {"token": "123456"})

    assert shown.url == f"{VERIFY}?next={quote(SETUP, safe='')}"
    assert posted.url == f"{VERIFY}?next={quote(SETUP, safe='')}"
    assert list(TOTPDevice.objects.filter(user=owner)) == [device]
    with pytest.raises(two_factor.NeedsVerifiedSession):
        two_factor.confirm_setup(user=owner, token="123456")


@pytest.mark.django_db
def test_turning_off_from_a_password_only_session_is_refused(client):
    user = UserFactory()
    device = confirmed_device_for(user)
    client.force_login(user)

    response = client.post(TURN_OFF, {"password": TEST_PASSWORD})

    assert response.url.startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


@pytest.mark.django_db
def test_turning_off_is_audited_and_the_owner_emailed(client):
    user = UserFactory()
    verified_login(client, user, confirmed_device_for(user))

    client.post(TURN_OFF, {"password": TEST_PASSWORD})

    assert list(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True)) == [
        SecurityEventKind.TWO_STEP_OFF
    ]
    assert Email.objects.get(recipient=user).event == Event.ACCOUNT_SECURITY


# The first enrolment where two-step is required ---------------------------------------


@pytest.mark.django_db
def test_when_required_a_password_alone_cannot_enrol(client, settings, mailoutbox):
    """The finding: the demo board account was enrolled by whoever had its password."""
    settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF = True
    board = UserFactory(roles=[Role.BOARD], email="bea@example.org")
    client.force_login(board)

    shown = client.get(SETUP)
    posted = client.post(SETUP, {"token": "123456"})

    assert shown.status_code == 200
    assert "we email a one-time link" in shown.content.decode()
    assert "otpauth://" not in shown.content.decode()
    assert posted.status_code == 200 and "otpauth://" not in posted.content.decode()
    assert not TOTPDevice.objects.filter(user=board).exists()
    assert client.get("/office/").url.startswith(SETUP)
    assert mailoutbox == []


@pytest.mark.django_db
def test_the_emailed_link_works_once_and_only_in_the_browser_that_asked(
    client, settings, mailoutbox
):
    from django.test import Client

    settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF = True
    board = UserFactory(roles=[Role.BOARD], email="bea@example.org")
    client.force_login(board)
    client.post(SETUP, {"send_link": "1"})
    (message,) = mailoutbox
    link = emailed_path(message)
    elsewhere = Client()
    elsewhere.force_login(board)

    elsewhere.get(link)
    elsewhere_page = elsewhere.get(SETUP).content.decode()
    client.get(link)
    here_page = client.get(SETUP).content.decode()

    assert message.to == ["bea@example.org"]
    assert not Email.objects.filter(body_text__contains=link).exists()  # not in the outbox
    assert "otpauth://" not in elsewhere_page
    assert "otpauth://" in here_page


@pytest.mark.django_db
def test_a_forged_enrolment_link_does_nothing(client, settings):
    settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF = True
    client.force_login(UserFactory(roles=[Role.BOARD]))

    client.get(reverse("accounts:two_factor_enrol_confirm", kwargs={"token": "forged"}))

    assert "otpauth://" not in client.get(SETUP).content.decode()


# Recovery codes -------------------------------------------------------------------------


def set_up_two_step(client, user):
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    client.post(SETUP, {"token": code_for(device)})
    return device


def codes_on(page: str) -> list[str]:
    return re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", page)


@pytest.mark.django_db
def test_ten_recovery_codes_are_shown_once_at_setup(client):
    user = UserFactory()
    set_up_two_step(client, user)

    first = codes_on(client.get(RECOVERY).content.decode())
    again = client.get(RECOVERY).content.decode()

    assert len(first) == 10 and len(set(first)) == 10
    assert codes_on(again) == []
    assert "You have 10 unused recovery codes" in again


@pytest.mark.django_db
def test_a_recovery_code_logs_in_once_is_audited_and_the_owner_is_emailed(client):
    user = UserFactory(email="alma@example.org")
    set_up_two_step(client, user)
    code = codes_on(client.get(RECOVERY).content.decode())[0]
    client.post(reverse("accounts:logout"))

    password_step(client, "alma@example.org")
    used = client.post(VERIFY, {"token": code})
    client.post(reverse("accounts:logout"))
    password_step(client, "alma@example.org")
    reused = client.post(VERIFY, {"token": code})

    assert used.status_code == 302 and used.url == reverse("home")
    assert reused.status_code == 200 and "_auth_user_id" not in client.session
    event = SecurityEvent.objects.get(user=user, kind=SecurityEventKind.RECOVERY_CODE_USED)
    assert event.detail == "9 recovery codes left"
    assert event.ip_address == "127.0.0.1"
    email = Email.objects.get(recipient=user, subject__contains="recovery code was used")
    assert email.to_address == "alma@example.org"
    assert recovery.remaining(user) == 9


@pytest.mark.django_db
def test_new_codes_need_a_verified_session_and_replace_the_old(client):
    user = UserFactory()
    device = confirmed_device_for(user)
    old = recovery.make_new_codes(user=user, audit=False)
    client.force_login(user)

    refused = client.post(RECOVERY)
    tokens_after_refusal = set(StaticToken.objects.values_list("token", flat=True))
    verified_login(client, user, device)
    made = client.post(RECOVERY)

    assert refused.url.startswith(VERIFY)
    assert tokens_after_refusal == {c.replace("-", "") for c in old}
    new = codes_on(made.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert recovery.use(user=user, typed=old[0]) is None
    StaticDevice.objects.update(throttling_failure_timestamp=None)  # tests do not sleep
    assert recovery.use(user=user, typed=new[0]) is not None


@pytest.mark.django_db
def test_a_session_asked_for_a_code_is_let_through_once_the_device_is_reset(client):
    user, device = staff_with_device()
    client.force_login(user)
    device.delete()  # the office reset a lost phone

    sent = client.get(reverse("accounts:profile"))
    followed = client.get(sent.url)

    assert sent.url.startswith(VERIFY)
    assert followed.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
