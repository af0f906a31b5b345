"""Recovery codes (django-otp's static device): for the day the phone is lost.

Ten single-use codes, made when two-step login is set up and shown once; a verified
session can make a new set (the old set stops working). A code is typed at the code
prompt instead of the 6-digit code; each use is audited and the owner is emailed.
"""

import re

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts.models import SecurityEventKind
from accounts.security_log import record

COUNT = 10
DEVICE_NAME = "Recovery codes"
# StaticToken.random_token(): 8 characters of lower-case base32.
CODE_RE = re.compile(r"^[a-z2-7]{8}$")


def normalise(typed: str) -> str:
    return typed.replace(" ", "").replace("-", "").strip().lower()


def looks_like_code(typed: str) -> bool:
    return bool(CODE_RE.match(normalise(typed)))


def device_of(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def remaining(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def make_new_codes(*, user, request=None, audit: bool = True) -> list[str]:
    """Replace the person's recovery codes with ten new ones; returns them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    if audit:
        record(user, SecurityEventKind.RECOVERY_CODES_MADE, request=request)
    return [f"{code[:4]}-{code[4:]}" for code in codes]


@transaction.atomic
def use(*, user, typed: str, request=None) -> StaticDevice | None:
    """The recovery device when the code is one of the person's unused codes (then spent)."""
    code = normalise(typed)
    device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not CODE_RE.match(code) or not device.verify_token(code):
        return None
    left = remaining(user)
    record(
        user,
        SecurityEventKind.RECOVERY_CODE_USED,
        request=request,
        detail=f"{left} recovery code{'s' if left != 1 else ''} left",
    )
    return device


@transaction.atomic
def remove(*, user) -> None:
    StaticDevice.objects.filter(user=user).delete()
