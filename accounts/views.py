from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import email_verification, links, unlock
from accounts.forms import ProfileForm, SignUpForm
from accounts.services import listing_given, sign_up


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same page whether the address was new or taken (sign_up emails either way).
        sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            request=request,
            **form.profile(),
        )
        return render(request, "accounts/signup_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/signup.html", {"form": form})


@never_cache
@require_http_methods(["GET"])
def verify_email(request, token):
    user = email_verification.confirm(token=token, request=request)
    if user is None:
        messages.error(
            request,
            "That confirmation link does not work: it may be more than three days old. Log "
            "in and ask for a new one from your profile.",
        )
    else:
        messages.success(
            request, "Thank you: your email address is confirmed. Welcome! Your account is ready."
        )
    if request.user.is_authenticated:
        return redirect("home")
    return redirect("accounts:login")


@login_required
@require_http_methods(["POST"])
def verify_email_resend(request):
    if not email_verification.is_verified(request.user):
        email_verification.send_link(request.user)
        messages.success(request, f"We have sent a new link to {request.user.email}.")
    return redirect("accounts:profile")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    previous_listing = request.user.listing
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        listing_given(user=request.user, previous_listing=previous_listing)
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "profile_sections": links.profile_sections()},
    )


@require_http_methods(["POST"])
def unlock_request(request):
    """From the lockout page: email the account a link that unlocks it. The answer is the
    same whether or not the address has an account."""
    unlock.request_link(email=request.POST.get("email", ""))
    return render(request, "registration/unlock_sent.html")


@never_cache
@require_http_methods(["GET"])
def unlock_account(request, token):
    user = unlock.use_link(token=token, request=request)
    if user is None:
        messages.error(
            request,
            "That unlock link does not work: it may be more than an hour old. Ask for a new "
            "one from the login page, or wait and try again.",
        )
    else:
        messages.success(request, "Your account is unlocked. You can log in now.")
    return redirect("accounts:login")


def csrf_failure(request, reason=""):
    """A form that came without a valid security token: say what to do, in plain words."""
    return render(request, "registration/csrf_failure.html", status=403)
