"""Staff verify applicants as S4OM Preferred Practitioners: one by one from the list of
applicants awaiting verification, or in bulk by importing the society's directory (CSV).

Every page needs the `accounts.verify_practitioner` permission (the Staff role holds it);
a person who is not an active applicant is a 404.
"""

from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts import directory
from accounts import services as accounts
from accounts.models import User
from accounts.plain_words import PlainMessages
from accounts.roles import Role
from grants.models import Application
from grants.workflow import EDITABLE_STATES

PAGE_SIZE = 50
SHOW = {
    "awaiting": "Awaiting verification",
    "unlisted": "No listing given yet",
    "verified": "Verified",
}


class NoteForm(PlainMessages, forms.Form):
    note = forms.CharField(
        label="Note for the record (optional)",
        max_length=500,
        required=False,
        help_text="For example: where you checked the listing, or why you removed it.",
    )


class DirectoryFileForm(PlainMessages, forms.Form):
    file = forms.FileField(
        label="The society's directory, as a CSV file",
        help_text=(
            "One practitioner per row: an “email” or “listing” column, or the listing ID or "
            "email in the first column. Up to 2 MB."
        ),
        error_messages={"required": "Choose the CSV file to import."},
    )


def verifier_required(view):
    """Signed in and holding accounts.verify_practitioner; anyone else gets a 403."""

    @login_required
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.has_perm(accounts.VERIFY_PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def applicants():
    """Active applicants, each marked when a draft of theirs waits for verification."""
    waiting = Application.objects.filter(
        applicant=OuterRef("pk"),
        state__in=EDITABLE_STATES,
        cycle__requires_verified_practitioner=True,
    )
    return (
        User.objects.filter(is_active=True, groups__name=Role.APPLICANT)
        .annotate(has_waiting_draft=Exists(waiting))
        .select_related("listing_verified_by")
    )


def _listed(show: str, q: str):
    people = applicants()
    if show == "verified":
        people = people.filter(listing_verified_at__isnull=False).order_by(
            "-listing_verified_at", "pk"
        )
    else:
        people = people.filter(listing_verified_at__isnull=True)
        people = people.filter(listing="") if show == "unlisted" else people.exclude(listing="")
        people = people.order_by("-has_waiting_draft", "date_joined", "pk")
    if q:
        people = people.filter(
            Q(email__icontains=q) | Q(full_name__icontains=q) | Q(listing__icontains=q)
        )
    return people


@verifier_required
@require_http_methods(["GET"])
def office_practitioners(request):
    show = request.GET.get("show", "awaiting")
    show = show if show in SHOW else "awaiting"
    q = request.GET.get("q", "").strip()[:200]
    page = Paginator(_listed(show, q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/office/practitioners.html",
        {
            "page": page,
            "show": show,
            "show_label": SHOW[show],
            "tabs": SHOW.items(),
            "q": q,
            "note_form": NoteForm(),
        },
    )


def _change(request, pk, *, act, done: str):
    person = get_object_or_404(applicants(), pk=pk)
    if request.method == "GET":
        return redirect("grants:office_practitioners")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        act(practitioner_id=person.pk, by=request.user, note=note)
    except accounts.VerificationRefused as refusal:
        messages.error(request, refusal.message)
    except User.DoesNotExist as missing:  # switched off a moment ago
        raise Http404 from missing
    else:
        messages.success(request, done.format(name=person.get_full_name() or person.email))
    show = request.POST.get("show")
    query = f"?{urlencode({'show': show})}" if show in SHOW else ""
    return redirect(reverse("grants:office_practitioners") + query)


@verifier_required
@require_http_methods(["GET", "POST"])
def office_verify(request, pk):
    return _change(
        request,
        pk,
        act=accounts.verify_practitioner,
        done="{name} is now a verified Preferred Practitioner.",
    )


@verifier_required
@require_http_methods(["GET", "POST"])
def office_unverify(request, pk):
    return _change(
        request,
        pk,
        act=accounts.unverify_practitioner,
        done="{name} is no longer verified. The change is recorded.",
    )


@verifier_required
@require_http_methods(["GET", "POST"])
def office_directory_import(request):
    posted = request.method == "POST"
    form = DirectoryFileForm(request.POST, request.FILES) if posted else DirectoryFileForm()
    context = {"form": form}
    if posted and form.is_valid():
        try:
            context["result"] = accounts.import_directory(
                data=form.cleaned_data["file"].read(directory.MAX_BYTES + 1), by=request.user
            )
        except accounts.DirectoryImportRefused as refusal:
            context["problems"] = refusal.problems
        except accounts.VerificationRefused as refusal:
            raise PermissionDenied from refusal
    return render(request, "grants/office/directory_import.html", context)
