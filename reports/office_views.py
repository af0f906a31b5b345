"""Board and staff: reports per cycle, the review page (staff accept a report or ask for
changes), the per-cycle counts and the impact page with its CSV."""

import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from accounts.access import requires
from grants.models import Cycle
from grants.refusals import TransitionRefused
from reports import impact, queries, services
from reports import permissions as can
from reports.forms import ReviewForm
from reports.models import ImpactMeasure
from reports.queries import IMPACT_MEASURES

readers_only = requires(can.may_view_reports, to_post=can.may_review_reports)


@readers_only
@require_http_methods(["GET"])
def office_cycles(request):
    return render(request, "reports/office_cycles.html", {"rows": queries.cycle_counts()})


@readers_only
@require_http_methods(["GET"])
def cycle_reports(request, slug):
    cycle = get_object_or_404(Cycle, slug=slug)
    sections = queries.cycle_reports(cycle)
    return render(request, "reports/cycle_reports.html", {"cycle": cycle, "sections": sections})


@readers_only
@require_http_methods(["GET", "POST"])
def review(request, pk):
    report = queries.report_for_office(pk)
    if report is None:
        raise Http404("No such report")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        act = {"accept": services.accept, "ask_for_changes": services.ask_for_changes}.get(action)
        if act is None:
            messages.error(request, "Choose “Accept” or “Ask for changes”.")
        else:
            try:
                act(report, by=request.user, note=form.cleaned_data["note"])
            except TransitionRefused as refusal:
                messages.error(request, refusal.message)
            else:
                done = {
                    "accept": "The report is accepted. Thank you for reading it.",
                    "ask_for_changes": "The report is back with the grantee, with your message.",
                }
                messages.success(request, done[action])
                return redirect("reports:review", pk=report.pk)
    context = {
        "report": report,
        "cycle": report.application.cycle,
        "answers": report.answers.all(),
        "events": report.events.all(),
        "form": form,
        "may_review": can.may_review_reports(request.user)
        and report.state in queries.AWAITING_STAFF_STATES,
    }
    return render(request, "reports/review.html", context)


# Impact -------------------------------------------------------------------------------------


def _chosen_cycle(request):
    slug = request.GET.get("cycle", "")
    if not slug:
        return None
    return get_object_or_404(Cycle, slug=slug)


def _link(measure, filters, cycle):
    query = {"measure": measure, **filters}
    if cycle is not None and "cycle" not in query:
        query["cycle"] = cycle.slug
    return reverse("reports:impact_reports") + "?" + urlencode(query)


@readers_only
@require_http_methods(["GET"])
def impact_page(request):
    cycle = _chosen_cycle(request)
    picture = impact.impact_for(cycle)
    measures = [(m, ImpactMeasure(m).label) for m in IMPACT_MEASURES]
    tables = []
    for dimension, heading in impact.DIMENSIONS.items():
        groups = picture.tables[dimension]
        rows = [
            {
                "label": group.label,
                "cells": [
                    (impact.number(group.totals[m]), _link(m, group.filters, cycle))
                    for m, _ in measures
                ],
            }
            for group in groups
        ]
        charts = [
            impact.bar_chart_svg(
                groups, m, chart_id=f"chart-{dimension}-{m}", title=f"{label} by {heading.lower()}"
            )
            for m, label in measures
        ]
        tables.append({"dimension": dimension, "heading": heading, "rows": rows, "charts": charts})
    context = {
        "cycle": cycle,
        "cycles": Cycle.objects.order_by("-closes_at"),
        "measures": measures,
        "overall": [
            (label, impact.number(picture.overall[m]), _link(m, {}, cycle)) for m, label in measures
        ],
        "tables": tables,
    }
    return render(request, "reports/impact.html", context)


@readers_only
@require_http_methods(["GET"])
def impact_reports(request):
    measure = request.GET.get("measure") or ImpactMeasure.PEOPLE_SERVED
    if measure not in IMPACT_MEASURES:
        raise Http404("No such measure")
    cycle = _chosen_cycle(request)
    answers = queries.reports_behind(
        measure=measure,
        cycle=cycle,
        purpose=request.GET.get("purpose"),
        region=request.GET.get("region"),
    )
    context = {"measure": ImpactMeasure(measure).label, "cycle": cycle, "answers": answers}
    return render(request, "reports/impact_reports.html", context)


@readers_only
@require_http_methods(["GET"])
def impact_csv(request):
    cycle = _chosen_cycle(request)
    text = io.StringIO()
    impact.write_impact_csv(text, cycle)
    response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"impact-{cycle.slug}.csv" if cycle else "impact.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
