"""The board's pages after the award: correct an amount, rescind, offer to the next."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from decisions import awards
from decisions.award_forms import CorrectionForm, RescindForm
from decisions.views import _application, _cycle, _refused, board_required
from grants import offers
from grants.models import TransitionRefused
from grants.money import format_money
from reviews.board_conflicts import CANNOT_DECIDE, conflicted_ids


def _back(cycle, application):
    return redirect("decisions:application", slug=cycle.slug, pk=application.pk)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
@board_required
def correct(request, slug, pk):
    cycle = _cycle(slug)
    application = _application(cycle, pk)
    if pk in conflicted_ids(request.user, cycle):
        messages.error(request, CANNOT_DECIDE)
        return _back(cycle, application)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(cycle, application)
    try:
        corrected = offers.correct_award(
            application,
            by=request.user,
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
        )
    except TransitionRefused as error:
        _refused(request, error)
    else:
        amount = format_money(corrected.awarded_amount, cycle.currency)
        messages.success(request, f"The award is now {amount}; the grantee is told why.")
    return _back(cycle, application)


@require_POST
@board_required
def rescind(request, slug, pk):
    cycle = _cycle(slug)
    application = _application(cycle, pk)
    if pk in conflicted_ids(request.user, cycle):
        messages.error(request, CANNOT_DECIDE)
        return _back(cycle, application)
    form = RescindForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(cycle, application)
    try:
        offers.rescind_award(application, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, f"The award to “{application}” is rescinded; its money is free.")
    return _back(cycle, application)


@require_POST
@board_required
def offer_next(request, slug):
    cycle = _cycle(slug)
    try:
        awarded = awards.offer_to_next(cycle, by=request.user)
    except TransitionRefused as error:
        _refused(request, error)
    else:
        amount = format_money(awarded.awarded_amount, cycle.currency)
        messages.success(request, f"Offered {amount} to “{awarded}”, next on the waiting list.")
    return redirect("decisions:desk", slug=cycle.slug)
