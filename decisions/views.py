"""The board's decisions desk: rank, read, decide, release, export, print.

Thin views: each reads the request, calls one query (decisions.queries) or one
service (decisions.services), and renders. Refusals (TransitionRefused) become messages.
Only board members may use the desk: others get 403, anonymous people the login page.
"""

import tempfile
from functools import partial

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import requires
from decisions import awards, exports, query_strings
from decisions import queries as desk_queries
from decisions import services as decisions
from decisions.award_forms import CorrectionForm, RescindForm
from decisions.budget import budget_summary
from decisions.forms import (
    BulkConfirmForm,
    BulkForm,
    ConflictForm,
    DecisionForm,
    DeskFilterForm,
    ReleaseForm,
    seen_states,
    selected_ids,
)
from decisions.letter_preview import release_preview
from decisions.permissions import may_export, may_read_reviews, may_use_desk
from grants.models import Application, Cycle, TransitionRefused
from grants.permissions import can_view_as_office
from grants.workflow import State
from reviews.board_conflicts import CANNOT_DECIDE, conflicted_ids
from reviews.permissions import may_view_board_pages

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Signed in (else the login page) and holding the decision permission (else 403).
board_required = requires(may_use_desk, message="The decisions desk is for board members.")
export_required = requires(may_export, message="Downloading results needs the export permission.")


def _cycle(slug: str) -> Cycle:
    return get_object_or_404(Cycle, slug=slug)


def _application(cycle: Cycle, pk: int) -> Application:
    application = desk_queries.board_application(cycle, pk)
    if application is None:
        raise Http404("No such application in this cycle.")
    return application


def _refused(request, error: TransitionRefused) -> None:
    for reason in error.reasons:
        messages.error(request, reason)


# The desk ------------------------------------------------------------------------------


def moved_from_reviews(request, rest):
    """/reviews/desk/<rest> moved to /decisions/<rest>: a permanent redirect, query kept."""
    target = reverse("decisions:index") + rest
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(target)


@require_GET
@board_required
def desk_index(request):
    """The board's one entry: each cycle's desk, and its reviews and office pages where the
    person may open them (the same predicates that guard those pages)."""
    cycles = Cycle.objects.with_state_counts().order_by("-closes_at")
    return render(
        request,
        "decisions/index.html",
        {
            "cycles": cycles,
            "may_see_reviews": may_view_board_pages(request.user),
            "may_see_office": can_view_as_office(request.user),
        },
    )


@require_GET
@board_required
def desk(request, slug):
    cycle = _cycle(slug)
    filters = query_strings.filters_from(request.GET)
    page = desk_queries.desk_page(cycle, filters, viewer=request.user)
    return render(
        request,
        "decisions/desk.html",
        {
            "cycle": cycle,
            "desk": page,
            "sort_links": query_strings.sort_links(filters),
            "waiting": awards.waiting_list(
                cycle, viewer=request.user, hidden=page.conflicted_ids, free=page.budget.remaining
            ),
            "page_query": query_strings.query_for(filters),
            "filter_form": DeskFilterForm(request.GET or None),
            "bulk_form": BulkForm(),
            "may_see_reviews": may_view_board_pages(request.user),
            "may_see_office": can_view_as_office(request.user),
        },
    )


# One application -----------------------------------------------------------------------


def _render_panel(request, cycle, application, *, data=None, status=200):
    """The application's panel; `data` is what the person posted, shown back with errors."""
    panel = desk_queries.application_panel(cycle, application, viewer=request.user)
    budget = budget_summary(cycle)
    form = None
    if panel.can_decide:
        form = DecisionForm(
            data,
            application=application,
            most=desk_queries.remaining_for(application, budget),
            waitlist_allowed=panel.can_waitlist,
        )
        if data is not None:
            form.is_valid()
    return render(
        request,
        "decisions/application.html",
        {
            "cycle": cycle,
            "panel": panel,
            "app": application,
            "form": form,
            "budget": budget,
            "conflict_form": None if panel.conflicted else ConflictForm(),
            "correction_form": CorrectionForm() if panel.can_change_award else None,
            "rescind_form": RescindForm() if panel.can_change_award else None,
        },
        status=status,
    )


@require_GET
@board_required
def desk_application(request, slug, pk):
    cycle = _cycle(slug)
    return _render_panel(request, cycle, _application(cycle, pk))


@require_POST
@board_required
def desk_decide(request, slug, pk):
    cycle = _cycle(slug)
    application = _application(cycle, pk)
    if pk in conflicted_ids(request.user, cycle):
        messages.error(request, CANNOT_DECIDE)
        return _render_panel(request, cycle, application, status=403)
    form = DecisionForm(request.POST, application=application)
    if not form.is_valid():
        return _render_panel(request, cycle, application, data=request.POST, status=400)
    data = form.cleaned_data
    try:
        decided = decisions.decide(
            application,
            by=request.user,
            action=data["action"],
            amount=data["amount"],
            note=data["note"],
            seen_state=data["seen_state"],
        )
    except TransitionRefused as error:
        _refused(request, error)
        return _render_refused_decision(request, cycle, pk)
    messages.success(request, _decided_words(decided))
    return redirect("decisions:application", slug=cycle.slug, pk=decided.pk)


@require_POST
@board_required
def desk_declare_conflict(request, slug, pk):
    cycle = _cycle(slug)
    application = _application(cycle, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Keep the reason to 300 characters or fewer.")
        return redirect("decisions:application", slug=cycle.slug, pk=application.pk)
    try:
        decisions.declare_conflict(application, by=request.user, reason=form.cleaned_data["reason"])
    except TransitionRefused as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            f"Your conflict with “{application}” is recorded. You no longer see its reviews "
            "and cannot decide it.",
        )
    return redirect("decisions:application", slug=cycle.slug, pk=application.pk)


def _render_refused_decision(request, cycle, pk):
    """The panel again, with the application as it is now and what the person typed.

    The form's seen_state becomes the current state: the page now shows that state, so a
    second submission is made knowing it.
    """
    current = _application(cycle, pk)
    posted = request.POST.copy()
    posted["seen_state"] = current.state
    return _render_panel(request, cycle, current, data=posted, status=409)


def _decided_words(app: Application) -> str:
    if app.state == State.AWARDED:
        return f"Awarded {app.awarded_amount} {app.cycle.currency} to “{app}”."
    return f"“{app}” is now {app.get_state_display().lower()}."


# Several at once -----------------------------------------------------------------------


@require_POST
@board_required
def desk_bulk(request, slug):
    cycle = _cycle(slug)
    if request.POST.get("confirmed"):
        return _bulk_execute(request, cycle)
    form = BulkForm(request.POST)
    ids = selected_ids(request.POST.getlist("selected"))
    if not form.is_valid():
        messages.error(request, "Choose waitlist or decline for the selected applications.")
        return redirect("decisions:desk", slug=cycle.slug)
    try:
        plan = decisions.plan_bulk(
            cycle, action=form.cleaned_data["action"], application_ids=ids, by=request.user
        )
    except TransitionRefused as error:
        _refused(request, error)
        return redirect("decisions:desk", slug=cycle.slug)
    confirm = BulkConfirmForm(initial={"action": plan.action})
    return _render_bulk(request, cycle, plan, confirm)


def _render_bulk(request, cycle, plan, form, status=200):
    return render(
        request,
        "decisions/bulk_confirm.html",
        {"cycle": cycle, "plan": plan, "form": form},
        status=status,
    )


def _bulk_execute(request, cycle):
    form = BulkConfirmForm(request.POST)
    seen = seen_states(request.POST.getlist("item"))
    if not form.is_valid():
        messages.error(request, "Choose waitlist or decline for the selected applications.")
        return redirect("decisions:desk", slug=cycle.slug)
    action = form.cleaned_data["action"]
    try:
        changed = decisions.bulk_decide(
            cycle, by=request.user, action=action, seen=seen, note=form.cleaned_data["note"]
        )
    except TransitionRefused as error:
        _refused(request, error)
        try:
            plan = decisions.plan_bulk(
                cycle, action=action, application_ids=list(seen), by=request.user
            )
        except TransitionRefused:
            return redirect("decisions:desk", slug=cycle.slug)
        return _render_bulk(request, cycle, plan, form, status=409)
    target = decisions.ACTION_TARGETS[action].label.lower()
    messages.success(
        request, f"{changed} application{'s were' if changed != 1 else ' was'} {target}."
    )
    return redirect("decisions:desk", slug=cycle.slug)


# Release -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@board_required
def desk_release(request, slug):
    cycle = _cycle(slug)
    form = ReleaseForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            decisions.release_decisions(
                cycle,
                by=request.user,
                confirm_undecided=form.cleaned_data["confirm_undecided"],
                share_comments=form.cleaned_data["share_comments"],
            )
        except TransitionRefused as error:
            _refused(request, error)
            status = 409
        else:
            messages.success(
                request,
                "Decisions are released. Applicants can now see their decision, and their "
                "letters are on their way.",
            )
            return redirect("decisions:desk", slug=cycle.slug)
    cycle.refresh_from_db()
    return render(
        request,
        "decisions/release.html",
        {
            "cycle": cycle,
            "form": form,
            "undecided": list(decisions.undecided_applications(cycle)),
            "budget": budget_summary(cycle),
            "preview": None
            if cycle.decisions_released
            else release_preview(cycle, viewer=request.user),
        },
        status=status,
    )


# Exports and print ---------------------------------------------------------------------


def _download(write, cycle, extension, content_type) -> FileResponse:
    # Write-only workbooks are assembled on save: write to a temporary file (deleted when
    # the response closes it) rather than holding the whole file in memory.
    temporary = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write(cycle, temporary)
    temporary.seek(0)
    response = FileResponse(
        temporary,
        as_attachment=True,
        filename=exports.export_filename(cycle, extension),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _review_details_hidden(user, cycle) -> frozenset[int]:
    """Applications whose review details the downloader may not read: all of them without
    the review permission (staff, a treasurer), else their own conflicts."""
    if not may_read_reviews(user):
        return frozenset(Application.objects.in_cycle(cycle).values_list("pk", flat=True))
    return conflicted_ids(user, cycle)


@require_GET
@export_required
def desk_export_xlsx(request, slug):
    cycle = _cycle(slug)
    write = partial(
        exports.write_cycle_workbook, hidden=_review_details_hidden(request.user, cycle)
    )
    return _download(write, cycle, "xlsx", XLSX_TYPE)


@require_GET
@export_required
def desk_export_csv(request, slug):
    cycle = _cycle(slug)
    write = partial(exports.write_decisions_csv, hidden=_review_details_hidden(request.user, cycle))
    return _download(write, cycle, "csv", "text/csv; charset=utf-8")


@require_GET
@board_required
def application_print(request, slug, pk):
    cycle = _cycle(slug)
    application = desk_queries.printable_application(cycle, pk)
    if application is None:
        raise Http404("No such application in this cycle.")
    panel = desk_queries.application_panel(cycle, application, viewer=request.user)
    return render(
        request,
        "decisions/print.html",
        {
            "cycle": cycle,
            "app": application,
            "panel": panel,
            "back": reverse("decisions:application", args=[cycle.slug, application.pk]),
        },
    )
