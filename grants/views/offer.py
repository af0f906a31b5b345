"""The grantee's side of an award: the offer (accept and sign, or decline) and the signed
agreement, printable for the grantee, the board and the treasurer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from grants import offers
from grants.agreement_text import filled_agreement
from grants.markdown import render_markdown
from grants.models import Application, TransitionRefused
from grants.offer_forms import AcceptOfferForm, DeclineOfferForm
from grants.permissions import may_view_agreement
from grants.workflow import OFFER_STATES


def _open_offer(request, pk) -> Application:
    """The person's own award, released and waiting for their answer; else a 404."""
    application = get_object_or_404(
        Application.objects.select_related("cycle", "applicant"), pk=pk, applicant=request.user
    )
    if application.state not in OFFER_STATES or not application.cycle.decisions_released:
        raise Http404("No open offer")
    return application


def _offer_page(request, application, *, accept_form=None, decline_form=None, status=200):
    context = {
        "application": application,
        "cycle": application.cycle,
        "partial": (
            application.amount_requested is not None
            and application.awarded_amount < application.amount_requested
        ),
        "agreement_html": mark_safe(render_markdown(filled_agreement(application))),  # noqa: S308 - nh3
        "accept_form": accept_form or AcceptOfferForm(),
        "decline_form": decline_form or DeclineOfferForm(),
    }
    return render(request, "grants/offer.html", context, status=status)


def _client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@login_required
@require_http_methods(["GET", "POST"])
def offer(request, pk):
    application = _open_offer(request, pk)
    if request.method == "GET":
        return _offer_page(request, application)
    form = AcceptOfferForm(request.POST)
    if not form.is_valid():
        return _offer_page(request, application, accept_form=form, status=400)
    try:
        offers.accept_award(
            application,
            by=request.user,
            signed_name=form.cleaned_data["signed_name"],
            agreed=form.cleaned_data["agree"],
            signed_from=_client_address(request),
        )
    except TransitionRefused as refusal:
        form.add_error(None, refusal.message)
        return _offer_page(request, application, accept_form=form, status=400)
    messages.success(request, "Thank you: you accepted the award. Your signed agreement is below.")
    return redirect("grants:agreement", pk=application.pk)


@login_required
@require_http_methods(["POST"])
def decline_offer(request, pk):
    application = _open_offer(request, pk)
    form = DeclineOfferForm(request.POST)
    if not form.is_valid():
        return _offer_page(request, application, decline_form=form, status=400)
    try:
        offers.decline_award(application, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionRefused as refusal:
        form.add_error(None, refusal.message)
        return _offer_page(request, application, decline_form=form, status=400)
    messages.success(request, "You declined the award. Thank you for telling us.")
    return redirect("grants:application_detail", pk=application.pk)


@login_required
@require_http_methods(["GET"])
def agreement(request, pk):
    """The signed agreement: the grantee's own, or any for those who may see agreements."""
    application = get_object_or_404(
        Application.objects.select_related("cycle", "applicant", "agreement"), pk=pk
    )
    owner = application.applicant_id == request.user.pk
    if not (owner or may_view_agreement(request.user)):
        raise Http404("No such agreement")
    signed = getattr(application, "agreement", None)
    if signed is None:
        raise Http404("Not signed")
    return render(
        request,
        "grants/agreement.html",
        {
            "application": application,
            "cycle": application.cycle,
            "signed": signed,
            "agreement_html": mark_safe(render_markdown(signed.text)),  # noqa: S308 - nh3-sanitised
            "owner": owner,
        },
    )
