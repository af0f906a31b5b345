"""Pages for two-step login: the login itself (password, then code), set up, turn off,
recovery codes."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import recovery, two_factor
from accounts.forms import (
    CodeOrRecoveryForm,
    ConfirmPasswordForm,
    EmailAuthenticationForm,
    TokenForm,
)

RECOVERY_ONCE_KEY = "accounts.recovery_codes_once"


class LoginView(auth_views.LoginView):
    """Password first; a person with two-step login then gives their code before the
    session belongs to them."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.has_two_factor(user):
            two_factor.start_pending_login(self.request, user=user, next_url=self.get_success_url())
            return redirect("accounts:login_verify")
        return super().form_valid(form)


def _safe_next(request, candidate: str, default: str = "home"):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@never_cache
@require_http_methods(["GET", "POST"])
def login_verify(request):
    """The second step: after the password (pending login) or for a signed-in session the
    two-factor middleware sent here."""
    pending = None
    if request.user.is_authenticated:
        if request.user.is_verified() or not two_factor.has_two_factor(request.user):
            # No device any more (staff reset it): nothing to prove, so no code is asked.
            request.session.pop(two_factor.NEEDS_CODE_KEY, None)
            return redirect(_safe_next(request, request.GET.get("next", "")))
        user = request.user
    else:
        pending = two_factor.pending_login(request)
        if pending is None:
            messages.info(request, "Please log in again: the sign-in step timed out.")
            return redirect("accounts:login")
        user = pending.user

    form = CodeOrRecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(user=user, token=form.cleaned_data["token"], request=request)
        if device is not None:
            if pending is not None:
                two_factor.finish_login(request, pending=pending, device=device)
                return redirect(_safe_next(request, pending.next_url))
            two_factor.mark_verified(request, device)
            return redirect(_safe_next(request, request.GET.get("next", "")))
        if pending is not None and two_factor.count_wrong_code(request) == 0:
            messages.error(
                request,
                "That code did not match several times. Log in again with your password, "
                "then type the newest code from your app.",
            )
            return redirect("accounts:login")
        form.add_error(
            "token",
            "That code did not match. Codes change every 30 seconds: type the one your app "
            "shows now. If you typed several wrong codes, wait a few seconds between tries.",
        )
    return render(request, "accounts/login_verify.html", {"form": form})


def _day(moment) -> str:
    # The site's one date format (grants.dates.day_words), written here because accounts
    # sits below grants and may not load its template tags.
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}"


@login_required
@never_cache
def two_factor_status(request):
    device = two_factor.confirmed_device(request.user)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "device": device,
            "last_used": _day(device.last_used_at) if device and device.last_used_at else "",
            "required": two_factor.required_for(request.user),
            "recovery_left": recovery.remaining(request.user) if device else 0,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    if not two_factor.may_change(request.user):
        return _prove_code_first(request)
    if two_factor.needs_email_confirmation(request, request.user):
        return _confirm_by_email(request)
    device = two_factor.begin_setup(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = two_factor.confirm_setup(
            user=request.user, token=form.cleaned_data["token"], request=request
        )
        if confirmed is not None:
            two_factor.mark_verified(request, confirmed)
            codes = recovery.make_new_codes(user=request.user, request=request, audit=False)
            request.session[RECOVERY_ONCE_KEY] = codes
            messages.success(
                request, "Two-step login is on. Next time you log in, we will ask for a code."
            )
            done = _safe_next(request, request.GET.get("next", ""), "accounts:two_factor")
            return redirect(_with_next("accounts:recovery_codes", done))
        form.add_error(
            "token",
            "That code did not match. Check that the app shows S4OM Grants and type the code "
            "it shows now.",
        )
    uri = device.config_url
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": two_factor.secret_for_display(device),
            "otpauth_uri": uri,
            "qr_svg": two_factor.qr_code_svg(uri),
            "required": two_factor.required_for(request.user),
            "replacing": two_factor.has_two_factor(request.user),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_disable(request):
    if not two_factor.may_change(request.user):
        return _prove_code_first(request)
    form = ConfirmPasswordForm(request.POST or None, user=request.user)
    required = two_factor.required_for(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.disable(user=request.user, request=request)
        except two_factor.TwoFactorRequired as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Two-step login is off. You log in with your password.")
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor_disable.html", {"form": form, "required": required})


def _with_next(url_name: str, next_url: str) -> str:
    target = next_url if next_url.startswith("/") else reverse(next_url)
    return f"{reverse(url_name)}?{urlencode({'next': target})}"


def _prove_code_first(request):
    """A session that never gave a code may not change two-step login: ask for one."""
    messages.info(
        request,
        "To change two-step login, first type a current code from your app (or a recovery "
        "code): that shows it is really you.",
    )
    return redirect(_with_next("accounts:login_verify", request.get_full_path()))


def _confirm_by_email(request):
    """First enrolment where two-step login is required: a link to the account's email."""
    sent = False
    if request.method == "POST" and "send_link" in request.POST:
        two_factor.send_enrolment_link(request, request.user)
        sent = True
    return render(request, "accounts/two_factor_enrol_email.html", {"sent": sent})


@login_required
@never_cache
@require_http_methods(["GET"])
def two_factor_enrol_confirm(request, token):
    if two_factor.confirm_enrolment_link(request, token):
        messages.success(request, "Thank you: your email is confirmed. Now set up your app.")
    else:
        messages.error(
            request,
            "That link does not work here: it may be old, already used, or opened in another "
            "browser. Open the newest link in the browser where you asked for it, or ask "
            "for a new one.",
        )
    return redirect("accounts:two_factor_setup")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """Shown once after set-up; a verified session can make a new set here."""
    if not two_factor.has_two_factor(request.user):
        return redirect("accounts:two_factor")
    codes = request.session.pop(RECOVERY_ONCE_KEY, None)
    if request.method == "POST":
        if not two_factor.session_is_verified(request.user):
            return _prove_code_first(request)
        codes = recovery.make_new_codes(user=request.user, request=request)
        messages.success(request, "New recovery codes are ready; the old ones no longer work.")
    next_url = _safe_next(request, request.GET.get("next", ""), "")
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": codes,
            "remaining": recovery.remaining(request.user),
            "next_url": next_url if next_url.startswith("/") else reverse("accounts:two_factor"),
        },
    )
