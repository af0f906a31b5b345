"""Pages for two-step login: the login itself (password, then code), set up, turn off."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import two_factor
from accounts.forms import ConfirmPasswordForm, EmailAuthenticationForm, TokenForm


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
            return redirect(_safe_next(request, request.GET.get("next", "")))
        user = request.user
    else:
        pending = two_factor.pending_login(request)
        if pending is None:
            messages.info(request, "Please log in again: the sign-in step timed out.")
            return redirect("accounts:login")
        user = pending.user

    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(user=user, token=form.cleaned_data["token"])
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


@login_required
@never_cache
def two_factor_status(request):
    device = two_factor.confirmed_device(request.user)
    return render(
        request,
        "accounts/two_factor.html",
        {"device": device, "required": two_factor.required_for(request.user)},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    device = two_factor.begin_setup(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = two_factor.confirm_setup(user=request.user, token=form.cleaned_data["token"])
        if confirmed is not None:
            two_factor.mark_verified(request, confirmed)
            messages.success(
                request, "Two-step login is on. Next time you log in, we will ask for a code."
            )
            return redirect(_safe_next(request, request.GET.get("next", ""), "accounts:two_factor"))
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
    form = ConfirmPasswordForm(request.POST or None, user=request.user)
    required = two_factor.required_for(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.disable(user=request.user)
        except two_factor.TwoFactorRequired as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Two-step login is off. You log in with your password.")
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor_disable.html", {"form": form, "required": required})
