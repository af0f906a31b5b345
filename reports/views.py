"""The grantee's report pages. Every report is looked up among the person's own: anyone
else's id is a 404, never a hint that it exists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from grants.refusals import TransitionRefused
from reports import permissions as can
from reports import queries, services
from reports.forms import FULL_FORM_MARKER, ReportForm, post_values
from reports.models import ReportAnswer


def _own(request, pk):
    report = queries.own_report(request.user, pk)
    if report is None:
        raise Http404("No such report")
    return report


def _context(report, form, **extra):
    return {
        "report": report,
        "form": form,
        "cycle": report.application.cycle,
        "answers": report.answers.all(),
        "overdue": report.is_overdue(),
        "missing": report.missing_for_submission() if report.is_editable else [],
        "full_form_marker": FULL_FORM_MARKER,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    report = _own(request, pk)
    if request.method == "POST":
        if not report.is_editable:
            messages.info(request, "This report has been sent, so it can no longer be edited.")
            return redirect("reports:edit", pk=report.pk)
        try:
            saved = services.save_draft(
                report, by=request.user, data=post_values(request.POST), files=request.FILES
            )
        except TransitionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("reports:edit", pk=report.pk)
        for error in saved.upload_errors:
            messages.error(request, error)
        if saved.form.errors:
            messages.warning(
                request,
                "Your report is saved. Some answers need a second look: they are kept just "
                "as you typed them and marked below.",
            )
        else:
            messages.success(request, "Your report is saved. Nothing is sent until you submit.")
        return redirect("reports:edit", pk=report.pk)
    form = ReportForm.for_report(report) if report.is_editable else None
    return render(request, "reports/report_edit.html", _context(report, form))


@login_required
@require_http_methods(["POST"])
def report_submit(request, pk):
    report = _own(request, pk)
    try:
        services.submit(report, by=request.user)
    except TransitionRefused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
        return redirect("reports:edit", pk=report.pk)
    messages.success(request, "Thank you: your report is sent to the grants office.")
    return redirect("reports:edit", pk=report.pk)


@login_required
@require_http_methods(["GET"])
def document(request, pk, answer_pk):
    """A report's document, for its grantee and for people who read reports."""
    report = queries.report_for_office(pk)
    if report is None or not (
        can.is_grantee_of(report, request.user) or can.may_view_reports(request.user)
    ):
        raise Http404("No such document")
    answer = ReportAnswer.objects.filter(report=report, pk=answer_pk).exclude(document="").first()
    if answer is None:
        raise Http404("No such document")
    response = FileResponse(
        answer.document.open("rb"),
        as_attachment=True,
        filename=answer.original_name,
        content_type=answer.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
