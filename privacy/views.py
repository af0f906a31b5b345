"""Your data: download everything as JSON, or delete the account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from privacy import services
from privacy.export import personal_data
from privacy.forms import DeleteAccountForm


@login_required
@require_GET
def overview(request):
    return render(request, "privacy/overview.html")


@login_required
@never_cache
@require_GET
def download(request):
    body = json.dumps(personal_data(request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"s4om-grants-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def delete_account(request):
    plan = services.deletion_plan(request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and not plan.refusal and form.is_valid():
        try:
            services.delete_account(user=request.user)
        except services.AccountDeletionRefused as refusal:
            messages.error(request, refusal.reason)
            return redirect("privacy:delete_account")
        logout(request)
        messages.success(
            request, "Your account is deleted. Thank you for the care you give your clients."
        )
        return redirect("home")
    return render(request, "privacy/delete.html", {"form": form, "plan": plan})
