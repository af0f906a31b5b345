from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts import links
from accounts.forms import ProfileForm, SignUpForm
from accounts.services import register_applicant


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = register_applicant(form=form)
        login(request, user, backend="accounts.backends.EmailBackend")
        messages.success(request, "Welcome! Your account is ready.")
        return redirect("home")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "profile_sections": links.profile_sections()},
    )


def csrf_failure(request, reason=""):
    """A form that came without a valid security token: say what to do, in plain words."""
    return render(request, "registration/csrf_failure.html", status=403)
