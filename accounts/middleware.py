"""Two-step login required for board and staff accounts, when the society switches it on."""

from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts import two_factor

# Pages a person must still reach while being asked for two-step login.
EXEMPT_URL_NAMES = (
    "accounts:two_factor_setup",
    "accounts:login_verify",
    "accounts:logout",
    "accounts:login",
)


@cache
def _exempt_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in EXEMPT_URL_NAMES)


def _is_exempt(path: str) -> bool:
    return (
        path in _exempt_paths()
        or path.startswith("/" + settings.STATIC_URL.lstrip("/"))
        or path == reverse("healthz")
    )


class TwoFactorMiddleware:
    """Send board and staff accounts without a verified code to set up or verify first.

    Costs no query while REQUIRE_2FA_FOR_BOARD_AND_STAFF is off. Goes after
    OTPMiddleware, which tells whether this session proved a code (user.is_verified()).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = self._redirect_target(request)
        if target is not None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _redirect_target(request) -> str | None:
        if not settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF:
            return None
        user = request.user
        if not user.is_authenticated or _is_exempt(request.path):
            return None
        if not two_factor.required_for(user) or user.is_verified():
            return None
        if two_factor.has_two_factor(user):
            return "accounts:login_verify"
        return "accounts:two_factor_setup"
