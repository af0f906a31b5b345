"""The grants office: board and staff see every cycle and application, return
applications for changes, extend deadlines and move reviews along by hand."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.access import requires
from grants import services
from grants.forms import ExtendForm, NoteForm, OfficeFilterForm, ReturnForm
from grants.models import Application, Cycle, TransitionRefused
from grants.permissions import can_view_as_office
from grants.timeline import office_timeline
from grants.workflow import HIDDEN_UNTIL_RELEASE, State

PAGE_SIZE = 25


# Signed in, and holding the office's view of applications (board and staff): else 403.
office_required = requires(can_view_as_office)


@office_required
@require_http_methods(["GET"])
def office_cycles(request):
    cycles = Cycle.objects.with_state_counts().order_by("-closes_at")
    rows = [
        {"cycle": cycle, "counts": [getattr(cycle, f"count_{state.value}") for state in State]}
        for cycle in cycles
    ]
    return render(request, "grants/office/cycles.html", {"rows": rows, "states": list(State)})


@office_required
@require_http_methods(["GET"])
def office_applications(request, slug):
    cycle = get_object_or_404(Cycle, slug=slug)
    form = OfficeFilterForm(request.GET or None)
    applications = Application.objects.in_cycle(cycle).filtered(**form.filters()).for_office_list()
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "grants/office/applications.html",
        {"cycle": cycle, "form": form, "page": page, "query": query.urlencode()},
    )


def _office_application(pk) -> Application:
    return get_object_or_404(Application.objects.for_detail(), pk=pk)


def _render_office_application(request, application, status=200, **forms):
    cycle = application.cycle
    context = {
        "application": application,
        "timeline": office_timeline(application),
        "decision_unreleased": (
            application.state in HIDDEN_UNTIL_RELEASE and not cycle.decisions_released
        ),
        "missing": application.missing_for_submission() if application.is_editable else [],
        "return_form": forms.get("return_form") or ReturnForm(cycle=cycle),
        "extend_form": forms.get("extend_form") or ExtendForm(cycle=cycle),
        "start_form": forms.get("start_form") or NoteForm(),
        "complete_form": forms.get("complete_form") or NoteForm(note_required=True),
    }
    return render(request, "grants/office/application.html", context, status=status)


@office_required
@require_http_methods(["GET"])
def office_application(request, pk):
    return _render_office_application(request, _office_application(pk))


def _office_action(request, pk, *, form_name, make_form, act, done):
    """Validate the action's form, run the service, and say what happened."""
    application = _office_application(pk)
    if request.method == "GET":
        return redirect("grants:office_application", pk=application.pk)
    form = make_form(application, request.POST)
    if not form.is_valid():
        return _render_office_application(request, application, **{form_name: form})
    try:
        act(application, form.cleaned_data)
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return _render_office_application(request, application, **{form_name: form})
    messages.success(request, done)
    return redirect("grants:office_application", pk=application.pk)


@office_required
@require_http_methods(["GET", "POST"])
def office_return(request, pk):
    return _office_action(
        request,
        pk,
        form_name="return_form",
        make_form=lambda app, data: ReturnForm(data, cycle=app.cycle),
        act=lambda app, data: services.return_for_changes(
            app, by=request.user, note=data["note"], until=data.get("until")
        ),
        done="The application is back with the applicant as a draft, with your message.",
    )


@office_required
@require_http_methods(["GET", "POST"])
def office_extend(request, pk):
    return _office_action(
        request,
        pk,
        form_name="extend_form",
        make_form=lambda app, data: ExtendForm(data, cycle=app.cycle),
        act=lambda app, data: services.extend_deadline(
            app, by=request.user, until=data["until"], note=data["note"]
        ),
        done="The applicant's personal deadline is extended.",
    )


@office_required
@require_http_methods(["GET", "POST"])
def office_start_review(request, pk):
    return _office_action(
        request,
        pk,
        form_name="start_form",
        make_form=lambda app, data: NoteForm(data),
        act=lambda app, data: services.start_review(app, by=request.user, note=data["note"]),
        done="The application is now under review.",
    )


@office_required
@require_http_methods(["GET", "POST"])
def office_complete_review(request, pk):
    return _office_action(
        request,
        pk,
        form_name="complete_form",
        make_form=lambda app, data: NoteForm(data, note_required=True),
        act=lambda app, data: services.complete_review(app, by=request.user, note=data["note"]),
        done="The review is marked complete. The board can decide now.",
    )
