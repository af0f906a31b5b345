"""The applicant's pages. Every application is looked up among the person's own: anyone
else's id is a 404, never a hint that it exists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from grants import services, workflow
from grants.downloads import attachment_response
from grants.forms import DraftForms, SubmitForm, WithdrawForm, post_values
from grants.models import ZERO, Application, Attachment, Cycle, TransitionRefused
from grants.permissions import can_view_as_office
from grants.tasklist import missing_links, reference, sections
from grants.timeline import applicant_timeline
from grants.views import autosave
from grants.workflow import State, Transition


def _own(request, pk, queryset=None) -> Application:
    queryset = queryset if queryset is not None else Application.objects.for_detail()
    return get_object_or_404(queryset, pk=pk, applicant=request.user)


def _refused(request, refusal: TransitionRefused) -> None:
    messages.error(request, refusal.message)


def applicant_view(application: Application) -> dict:
    """What the applicant may know about their application, for any template."""
    visible = application.visible_state_for_applicant()
    return {
        "application": application,
        "visible_state": visible,
        "visible_label": State(visible).label,
        "state_words": workflow.applicant_words(visible),
        "decision_visible": visible in workflow.DECISION_STATES,
        "timeline": applicant_timeline(application),
        "can_edit": application.is_editable,
        "eligibility_problem": (
            application.eligibility_refusal() if application.is_editable else ""
        ),
        "can_withdraw": application.state in workflow.sources_of(Transition.WITHDRAW),
        "reference": reference(application) if application.submitted_at else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, slug):
    cycle = get_object_or_404(Cycle, slug=slug)
    if request.method == "POST":
        try:
            application, created = services.create_draft(cycle, by=request.user)
        except TransitionRefused as refusal:
            _refused(request, refusal)
            return redirect("grants:cycle_detail", slug=cycle.slug)
        if created:
            messages.success(request, "Your draft is ready. Save it as often as you like.")
        return _continue(request, application)
    existing = (
        Application.objects.of_applicant(request.user)
        .in_cycle(cycle)
        .exclude(state=State.WITHDRAWN)
        .first()
    )
    if existing is not None:
        return _continue(request, existing)
    return render(request, "grants/apply.html", {"cycle": cycle})


def _continue(request, application):
    if application.is_editable:
        return redirect("grants:application_edit", pk=application.pk)
    messages.info(request, "You have already applied in this cycle. Here is your application.")
    return redirect("grants:application_detail", pk=application.pk)


@login_required
@require_http_methods(["GET"])
def dashboard(request):
    applications = Application.objects.of_applicant(request.user).for_dashboard()
    return render(
        request,
        "grants/dashboard.html",
        {"entries": [applicant_view(application) for application in applications]},
    )


@login_required
@require_http_methods(["GET"])
def application_detail(request, pk):
    application = _own(request, pk)
    return render(request, "grants/application_detail.html", applicant_view(application))


@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    if not request.user.is_authenticated:
        if request.method == "POST":
            return autosave.logged_out_save(request, pk)
        return redirect_to_login(request.get_full_path())
    pending = autosave.take_pending(request, pk)
    application = _own(request, pk)
    if not application.is_editable:
        messages.info(request, "This application has been sent, so it can no longer be edited.")
        return redirect("grants:application_detail", pk=application.pk)
    if request.method == "POST":
        return _save_draft(request, application, post_values(request.POST), request.FILES)
    if pending:
        messages.success(request, "What you typed before logging in is saved in your draft.")
        return _save_draft(request, application, pending)
    forms = DraftForms.for_application(application)
    return render(request, "grants/application_edit.html", _edit_context(application, forms))


def _save_draft(request, application, data, files=None):
    """Validate the page, store what is valid, and show errors on the page itself, with
    everything typed still in it (a redirect would only have what could be stored)."""
    forms = DraftForms(application, data, files)
    forms.is_valid()
    try:
        saved = services.save_draft(
            application, by=request.user, **forms.values(), upload=forms.upload_file
        )
    except TransitionRefused as refusal:
        _refused(request, refusal)
        return redirect("grants:application_detail", pk=application.pk)
    if saved.upload_error:
        forms.upload_refused(saved.upload_error)
    if saved.attachment is not None:
        messages.success(request, f"“{saved.attachment.original_name}” is attached.")
    if forms.has_errors:
        application = _own(request, application.pk)
        return render(request, "grants/application_edit.html", _edit_context(application, forms))
    messages.success(request, "Your draft is saved.")
    if data.get("next") == "check":
        return redirect("grants:application_check", pk=application.pk)
    return redirect("grants:application_edit", pk=application.pk)


def _edit_context(application, forms) -> dict:
    return {
        **applicant_view(application),
        "forms": forms,
        "attachments": list(application.attachments.all()),
        "budget_total": sum((line.amount for line in application.budget_lines.all()), ZERO),
        "sections": sections(application),
        "now": timezone.now(),
    }


@login_required
@require_http_methods(["GET"])
def application_check(request, pk):
    application = _own(request, pk)
    if not application.is_editable:
        return redirect("grants:application_detail", pk=application.pk)
    return _render_check(request, application, SubmitForm())


def _render_check(request, application, form, status=200):
    now = timezone.now()
    context = {
        **applicant_view(application),
        "missing": missing_links(application),
        "sections": sections(application),
        "deadline": application.personal_deadline(),
        "deadline_problem": (
            "" if application.accepts_submission_at(now) else application.deadline_refusal(now)
        ),
        "eligibility_problem": application.eligibility_refusal(),
        "form": form,
    }
    return render(request, "grants/application_check.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    application = _own(request, pk)
    if request.method == "GET":
        return redirect("grants:application_check", pk=application.pk)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return _render_check(request, application, form)
    try:
        services.submit(application, by=request.user)
    except TransitionRefused as refusal:
        _refused(request, refusal)
        if application.is_editable:
            return redirect("grants:application_check", pk=application.pk)
        return redirect("grants:application_detail", pk=application.pk)
    return redirect("grants:application_submitted", pk=application.pk)


@login_required
@require_http_methods(["GET"])
def application_submitted(request, pk):
    """The confirmation after submitting: the reference number and what happens next."""
    application = _own(request, pk)
    if application.is_editable:
        return redirect("grants:application_check", pk=application.pk)
    context = {**applicant_view(application), "reference": reference(application)}
    return render(request, "grants/application_submitted.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    application = _own(request, pk)
    if application.state not in workflow.sources_of(Transition.WITHDRAW):
        messages.info(
            request,
            f"This application is {application.state_in_a_sentence}, so it cannot be withdrawn.",
        )
        return redirect("grants:application_detail", pk=application.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(application, by=request.user, note=form.cleaned_data["note"])
        except TransitionRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, "Your application is withdrawn.")
        return redirect("grants:application_detail", pk=application.pk)
    return render(request, "grants/withdraw.html", {**applicant_view(application), "form": form})


def _attachment(request, pk, attachment_pk, *, office_may=False) -> Attachment:
    attachment = get_object_or_404(
        Attachment.objects.select_related("application"),
        pk=attachment_pk,
        application_id=pk,
    )
    owner = attachment.application.applicant_id == request.user.pk
    if owner or (office_may and can_view_as_office(request.user)):
        return attachment
    raise Http404("No such attachment")


@login_required
@require_http_methods(["GET"])
def attachment_download(request, pk, attachment_pk):
    attachment = _attachment(request, pk, attachment_pk, office_may=True)
    try:
        return attachment_response(attachment)
    except FileNotFoundError as missing:
        raise Http404("The stored file is missing") from missing


@login_required
@require_http_methods(["GET", "POST"])
def attachment_delete(request, pk, attachment_pk):
    attachment = _attachment(request, pk, attachment_pk)
    application = attachment.application
    if not application.is_editable:
        messages.info(request, "This application has been sent, so its documents stay as they are.")
        return redirect("grants:application_detail", pk=application.pk)
    if request.method == "POST":
        try:
            services.remove_attachment(attachment, by=request.user)
        except TransitionRefused as refusal:
            _refused(request, refusal)
        else:
            messages.success(request, f"“{attachment.original_name}” is removed.")
        return redirect("grants:application_edit", pk=application.pk)
    return render(
        request,
        "grants/attachment_delete.html",
        {"application": application, "attachment": attachment},
    )
