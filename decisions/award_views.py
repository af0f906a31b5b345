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


def _valid_form(request, cycle, application, form_class):
    """The posted form when the person may change this award and it is valid, else None
    (with the reason as a message): a conflicted board member never changes an award."""
    if application.pk in conflicted_ids(request.user, cycle):
        messages.error(request, CANNOT_DECIDE)
        return None
    form = form_class(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return None
    return form


@require_POST
@board_required
def correct(request, slug, pk):
    cycle = _cycle(slug)
    application = _application(cycle, pk)
    form = _valid_form(request, cycle, application, CorrectionForm)
    if form is None:
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
    form = _valid_form(request, cycle, application, RescindForm)
    if form is None:
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
