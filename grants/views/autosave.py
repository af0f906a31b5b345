"""Nothing typed into a draft is lost when the session ends.

- Autosave: static/js/site.js posts the draft form here about every 30 seconds while it
  changes, and when the page is left; the answer is a short JSON status for the page's
  "Saved at ..." line.
- A "Save draft" (or an autosave) that arrives after the session expired is kept in the
  new, anonymous session under PENDING_KEY: only the draft's own fields, for that one
  application. Logging in keeps the session's data (django.contrib.auth.login cycles the
  key), and the next visit to the draft page saves it, if and only if the application
  belongs to the account that logged in and is still a draft; otherwise it is dropped.
  The post passed Django's CSRF check like any other (the CSRF cookie outlives the
  session), so a third site cannot plant a pending save.
"""

import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from grants import services
from grants.dates import clock_words
from grants.forms import DraftForms, post_values
from grants.models import Application, TransitionRefused

PENDING_KEY = "grants.pending_draft"
# The names a draft page posts: its fields, budget lines, answers, the page marker.
DRAFT_KEY = re.compile(
    r"^(title|purpose|summary|need_and_plan|beneficiaries|timeline|amount_requested"
    r"|eligibility_confirmed|draft-form|next|budget-[A-Z_]+|budget-\d{1,2}-(description|amount"
    r"|DELETE)|question-q\d{1,9})$"
)
# Enough for every field at its limit several times over; more is not a draft.
PENDING_MAX_CHARS = 200_000
LOGGED_OUT = (
    "You were logged out, so this was not saved yet. What you typed is kept: press "
    "“Save draft” and log in, and it will be saved."
)


def draft_values(query_dict) -> dict[str, str]:
    return {k: v for k, v in post_values(query_dict).items() if DRAFT_KEY.match(k)}


def stash(request, pk: int) -> bool:
    """Keep a logged-out post of the draft page until the person logs in again."""
    values = draft_values(request.POST)
    if sum(len(v) for v in values.values()) > PENDING_MAX_CHARS:
        return False
    request.session[PENDING_KEY] = {"pk": int(pk), "data": values}
    return True


def take_pending(request, pk: int) -> dict | None:
    """The kept post for this application, removed from the session either way."""
    pending = request.session.pop(PENDING_KEY, None)
    if not isinstance(pending, dict) or pending.get("pk") != int(pk):
        return None
    data = pending.get("data")
    return {k: str(v) for k, v in data.items() if DRAFT_KEY.match(k)} if data else None


def logged_out_save(request, pk: int):
    """A "Save draft" posted without a session: keep it, then ask to log in."""
    if stash(request, pk):
        messages.info(
            request,
            "You had been logged out after a while away, so your draft was not saved yet. "
            "What you typed is kept: log in and it will be saved straight away.",
        )
    return redirect_to_login(reverse("grants:application_edit", args=[pk]))


@require_POST
def application_autosave(request, pk):
    if not request.user.is_authenticated:
        stash(request, pk)
        return JsonResponse({"saved": False, "message": LOGGED_OUT}, status=401)
    application = Application.objects.filter(pk=pk, applicant=request.user).first()
    if application is None:
        return JsonResponse({"saved": False, "message": "Not found."}, status=404)
    if not application.is_editable:
        return JsonResponse(
            {"saved": False, "message": "This application has been sent: nothing to save."},
            status=409,
        )
    forms = DraftForms(application, draft_values(request.POST))
    forms.is_valid()
    try:
        services.save_draft(application, by=request.user, **forms.values())
    except TransitionRefused as refusal:
        return JsonResponse({"saved": False, "message": refusal.message}, status=409)
    at = clock_words(timezone.now(), application.cycle.tz)
    message = f"Saved at {at}."
    if forms.has_errors:
        message += " Some answers need a second look: press “Save draft” to see them."
    return JsonResponse({"saved": True, "message": message})
