"""Optional two-step login with a time-based code (TOTP, django-otp).

A person sets up one authenticator app. From then on, logging in takes the password
and then a 6-digit code: after the password, the login is only *pending* (nothing of the
person's account is reachable) until the code matches. When the society sets
REQUIRE_2FA_FOR_BOARD_AND_STAFF, board and staff accounts must set it up before anything
else (accounts.middleware.TwoFactorMiddleware).

A session that has not proved a code can look, but cannot change two-step login on an
account that has it (set up a new phone, turn it off, make recovery codes): it must give
a current code or a recovery code first. The first enrolment of an account that must use
two-step login is confirmed through a one-time link emailed to the account, so a password
alone cannot enrol an attacker's phone. Any login of an account with a device, by any
path, leaves the session asking for a code (NEEDS_CODE_KEY, read by the middleware).
"""

import secrets
import time
from base64 import b32encode
from dataclasses import dataclass

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import recovery, security_log
from accounts.models import SecurityEventKind
from accounts.roles import is_board_or_staff

PENDING_KEY = "accounts.two_factor_pending"
# How long the password step stays good while the person finds their phone.
PENDING_SECONDS = 5 * 60
# Wrong codes allowed for one password step; then the password must be typed again
# (and the password step is throttled by django-axes).
MAX_TRIES = 5
DEVICE_NAME = "Authenticator app"
# Set at any login of an account with two-step login; cleared when the code is proved.
NEEDS_CODE_KEY = "accounts.two_factor_needs_code"
# The first enrolment's emailed link: the nonce it carries, and the account it confirmed.
ENROL_NONCE_KEY = "accounts.two_factor_enrol_nonce"
ENROL_CONFIRMED_KEY = "accounts.two_factor_enrol_confirmed"


class TwoFactorRequired(Exception):
    """Raised when someone tries to turn off two-step login their role requires."""


class NeedsVerifiedSession(Exception):
    """Raised when a session that has not proved a code tries to change two-step login."""


# Reading ----------------------------------------------------------------------------------


def confirmed_device(user) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def has_two_factor(user) -> bool:
    return confirmed_device(user) is not None


def required_for(user) -> bool:
    return bool(settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF) and is_board_or_staff(user)


def session_is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


def may_change(user) -> bool:
    """May this session change two-step login? Only if it proved a code, or there is
    nothing to protect yet (no confirmed device)."""
    return session_is_verified(user) or not has_two_factor(user)


def trusted_for_admin(user) -> bool:
    """The admin needs a verified session from anyone with a device or required to use one."""
    return session_is_verified(user) or not (required_for(user) or has_two_factor(user))


def secret_for_display(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(uri: str) -> SafeString:
    """The otpauth URI as an inline SVG QR code (no script, no style attribute).

    Safe to insert unescaped: segno writes only its own elements, a fixed title and path
    data; no text of the URI appears in the markup.
    """
    svg = segno.make(uri, error="m").svg_inline(
        scale=4,
        border=4,
        dark="#000",
        light="#fff",
        title="QR code for your app",
        svgclass="qr-code",
        lineclass=None,
    )
    return mark_safe(svg)  # noqa: S308


# Setting up and turning off ---------------------------------------------------------------


@transaction.atomic
def begin_setup(*, user) -> TOTPDevice:
    """The unconfirmed device whose key the person is adding to their app (made once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_setup(*, user, token: str, request=None) -> TOTPDevice | None:
    """Turn two-step login on when the code from the new app matches; None if it does not.

    A new phone replaces the old one (the earlier confirmed device is removed), and only
    for a session that proved a code of the old one (NeedsVerifiedSession otherwise).
    """
    if not may_change(user):
        raise NeedsVerifiedSession("Give a current code or a recovery code first.")
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    security_log.record(user, SecurityEventKind.TWO_STEP_ON, request=request)
    return device


@transaction.atomic
def disable(*, user, request=None) -> int:
    if required_for(user):
        raise TwoFactorRequired(
            "Two-step login is required for board and staff accounts, so it cannot be "
            "turned off. To move it to a new phone, set it up again."
        )
    if not may_change(user):
        raise NeedsVerifiedSession("Give a current code or a recovery code first.")
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    recovery.remove(user=user)
    if deleted:
        security_log.record(user, SecurityEventKind.TWO_STEP_OFF, request=request)
    return deleted


@transaction.atomic
def verify(*, user, token: str, request=None):
    """The device the code proves (the app's 6 digits, or an unused recovery code), else
    None. Wrong codes are throttled by django-otp."""
    if recovery.looks_like_code(token):
        if not has_two_factor(user):
            return None
        return recovery.use(user=user, typed=token, request=request)
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(token):
        return None
    return device


# The first enrolment of an account that must use two-step login ----------------------------


def needs_email_confirmation(request, user) -> bool:
    return (
        required_for(user)
        and not has_two_factor(user)
        and request.session.get(ENROL_CONFIRMED_KEY) != user.pk
    )


def send_enrolment_link(request, user) -> None:
    nonce = secrets.token_urlsafe(16)
    request.session[ENROL_NONCE_KEY] = nonce
    security_log.send_link_email(
        user,
        template="enrol",
        subject="confirm setting up two-step login",
        url_name="accounts:two_factor_enrol_confirm",
        token=security_log.make_token("enrol", user.pk, nonce),
    )


def confirm_enrolment_link(request, token: str) -> bool:
    """True when the emailed link belongs to this account and to this browser's request
    (single use); the session may then set up two-step login."""
    parts = security_log.read_token("enrol", token)
    nonce = request.session.get(ENROL_NONCE_KEY)
    if not parts or len(parts) != 2 or nonce is None:
        return False
    if parts[0] != str(request.user.pk) or not secrets.compare_digest(parts[1], nonce):
        return False
    request.session.pop(ENROL_NONCE_KEY, None)
    request.session[ENROL_CONFIRMED_KEY] = request.user.pk
    return True


# The pending login between the password and the code -------------------------------------


@dataclass
class PendingLogin:
    user: object
    backend: str
    next_url: str
    tries: int


def start_pending_login(request, *, user, next_url: str) -> None:
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "at": time.time(),
        "tries": 0,
    }


def pending_login(request) -> PendingLogin | None:
    """The login waiting for its code, or None when there is none or it has expired."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    if time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        clear_pending_login(request)
        return None
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None:
        clear_pending_login(request)
        return None
    return PendingLogin(
        user=user, backend=data["backend"], next_url=data.get("next", ""), tries=data["tries"]
    )


def count_wrong_code(request) -> int:
    """Record a wrong code; returns how many tries are left for this password step."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return 0
    data["tries"] = int(data.get("tries", 0)) + 1
    request.session[PENDING_KEY] = data
    left = MAX_TRIES - data["tries"]
    if left <= 0:
        clear_pending_login(request)
    return max(left, 0)


def clear_pending_login(request) -> None:
    request.session.pop(PENDING_KEY, None)


def finish_login(request, *, pending: PendingLogin, device) -> None:
    """Log the person in (new session key) and mark the session as verified."""
    clear_pending_login(request)
    login(request, pending.user, backend=pending.backend)
    django_otp.login(request, device)
    request.session.pop(NEEDS_CODE_KEY, None)


def mark_verified(request, device) -> None:
    """An already signed-in session proved the code: give it a new key and mark it."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session.pop(NEEDS_CODE_KEY, None)


def flag_login_needing_code(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: whatever logged the person in (the admin's form, a test's
    force_login, a future view), an account with a device must still give its code."""
    if request is not None and hasattr(request, "session") and has_two_factor(user):
        request.session[NEEDS_CODE_KEY] = True
