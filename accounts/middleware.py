"""Two-step login: a session of an account with a device gives its code before anything
else; and board and staff accounts must use it, when the society switches that on."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from accounts import two_factor

# Pages a person must still reach while being asked for two-step login.
EXEMPT_URL_NAMES = (
    "accounts:two_factor_setup",
    "accounts:two_factor_enrol_confirm",
    "accounts:login_verify",
    "accounts:logout",
    "accounts:login",
)


def _is_exempt(path: str) -> bool:
    if path.startswith("/" + settings.STATIC_URL.lstrip("/")) or path == reverse("healthz"):
        return True
    try:
        return resolve(path).view_name in EXEMPT_URL_NAMES
    except Resolver404:
        return False


class TwoFactorMiddleware:
    """Send board and staff accounts without a verified code to set up or verify first.

    A session flagged at login (two_factor.NEEDS_CODE_KEY: the account has a device but
    the session has not proved it, e.g. a login through a path other than ours) is sent
    to the code page whatever the setting. Costs no query while
    REQUIRE_2FA_FOR_BOARD_AND_STAFF is off. Goes after OTPMiddleware, which tells
    whether this session proved a code (user.is_verified()).
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
        user = request.user
        if not user.is_authenticated or _is_exempt(request.path):
            return None
        if request.session.get(two_factor.NEEDS_CODE_KEY) and not user.is_verified():
            return "accounts:login_verify"
        if not settings.REQUIRE_2FA_FOR_BOARD_AND_STAFF:
            return None
        if not two_factor.required_for(user) or user.is_verified():
            return None
        if two_factor.has_two_factor(user):
            return "accounts:login_verify"
        return "accounts:two_factor_setup"
