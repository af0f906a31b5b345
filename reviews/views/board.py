"""The board's pages for running reviews: assignments, conflicts, one application's
reviews and the ranking. Staff may look; only board members may change anything."""

import secrets

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import requires
from accounts.models import User
from grants.models import Application, Cycle, TransitionRefused
from reviews import queries, services
from reviews.board_conflicts import CONFLICT_WORDS, conflicted_ids, has_conflict, without_conflicts
from reviews.forms import (
    AssignApplicationsForm,
    AssignReviewersForm,
    AutoAssignForm,
    KnownConflictForm,
)
from reviews.models import Assignment, KnownConflict
from reviews.permissions import may_manage_reviews, may_view_board_pages
from reviews.ranking import ORDERS, RankedRows, RankingQuery, rank_cycle

MATRIX_PAGE_SIZE = 25
RANKING_PAGE_SIZE = 50
PREVIEW_PAIRS_SHOWN = 100


# Signed in (else the login page), able to see the board's pages (else 403), and able to
# manage reviews to change anything.
board_page = requires(may_view_board_pages, to_post=may_manage_reviews)


def _refused(request, error: TransitionRefused) -> None:
    for reason in error.reasons:
        messages.error(request, reason)


@board_page
def index(request):
    return render(request, "reviews/board/index.html", {"cycles": queries.board_cycles()})


@board_page
@require_http_methods(["GET", "POST"])
def assignments(request, slug: str):
    cycle = get_object_or_404(Cycle, slug=slug)
    pool = services.reviewer_pool().order_by("full_name", "email")
    form = AssignApplicationsForm(
        request.POST or None,
        pool=pool,
        applications=Application.objects.filter(cycle=cycle, state__in=services.ASSIGNABLE_STATES),
    )
    hidden = conflicted_ids(request.user, cycle)
    if request.method == "POST" and form.is_valid():
        if hidden & {app.pk for app in form.cleaned_data["applications"]}:
            messages.error(request, f"{CONFLICT_WORDS}, so you cannot assign its reviewers.")
            return redirect(_with_page(reverse("reviews:assignments", args=[cycle.slug]), request))
        try:
            created = services.assign(
                by=request.user,
                applications=list(form.cleaned_data["applications"]),
                reviewers=[form.cleaned_data["reviewer"]],
            )
        except TransitionRefused as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                f"{form.cleaned_data['reviewer']} now reviews {len(created)} more "
                f"application{'s' if len(created) != 1 else ''}.",
            )
            return redirect(_with_page(reverse("reviews:assignments", args=[cycle.slug]), request))
    page = Paginator(queries.cycle_applications(cycle), MATRIX_PAGE_SIZE).get_page(
        request.GET.get("page") or request.POST.get("page")
    )
    reviewers = queries.cycle_reviewers(cycle)
    ticked = {str(pk) for pk in request.POST.getlist("applications")}
    return render(
        request,
        "reviews/board/assignments.html",
        {
            "cycle": cycle,
            "page": page,
            "rows": queries.assignment_matrix(cycle, page.object_list, reviewers),
            "reviewers": reviewers,
            "conflicted_ids": hidden,
            "form": form,
            "ticked": ticked,
            "auto_form": AutoAssignForm(initial={"seed": secrets.randbelow(1_000_000)}),
            "may_manage": may_manage_reviews(request.user),
        },
    )


def _with_page(url: str, request) -> str:
    page = request.POST.get("page") or request.GET.get("page")
    return f"{url}?page={page}" if page and str(page).isdigit() else url


@board_page
@require_http_methods(["GET", "POST"])
def auto_assign(request, slug: str):
    cycle = get_object_or_404(Cycle, slug=slug)
    data = request.POST if request.method == "POST" else request.GET
    form = AutoAssignForm(data or None)
    if not form.is_valid():
        return render(request, "reviews/board/auto_assign.html", {"cycle": cycle, "form": form})
    options = {
        "seed": form.cleaned_data["seed"],
        "max_per_reviewer": form.cleaned_data["max_per_reviewer"],
        "exclude_applicants_in_cycle": form.cleaned_data["exclude_applicants_in_cycle"],
    }
    plan = services.auto_assign(cycle, **options)
    if request.method == "POST":
        if form.cleaned_data["fingerprint"] != plan.fingerprint:
            messages.warning(
                request,
                "Assignments changed since your preview, so nothing was saved. "
                "This is the new plan; look it over and confirm again.",
            )
        else:
            try:
                saved = services.apply_plan(plan, by=request.user)
            except TransitionRefused as error:
                _refused(request, error)
            else:
                messages.success(request, f"{len(saved)} assignments saved.")
                return redirect("reviews:assignments", slug=cycle.slug)
    confirm = AutoAssignForm(initial={**options, "fingerprint": plan.fingerprint})
    return render(
        request,
        "reviews/board/auto_assign.html",
        {
            "cycle": cycle,
            "form": form,
            "confirm": confirm,
            "preview": _preview(plan),
            "plan": plan,
            "may_manage": may_manage_reviews(request.user),
        },
    )


def _preview(plan: services.AutoAssignPlan) -> dict:
    """Names for a plan's first pairs, its loads and its shortfalls: two queries."""
    shown = plan.pairs[:PREVIEW_PAIRS_SHOWN]
    app_ids = {a for a, _ in shown} | {s.application_id for s in plan.shortfalls}
    titles = dict(Application.objects.filter(pk__in=app_ids).values_list("pk", "title"))
    reviewer_ids = set(plan.plan.loads_after)
    names = {
        u.pk: str(u) for u in User.objects.filter(pk__in=reviewer_ids).only("full_name", "email")
    }
    return {
        "pairs": [(a, titles.get(a) or f"Application #{a}", names.get(r, r)) for a, r in shown],
        "more": max(len(plan.pairs) - len(shown), 0),
        "loads": sorted(
            (
                (names.get(r, r), plan.plan.loads_before.get(r, 0), after)
                for r, after in plan.plan.loads_after.items()
            ),
            key=lambda row: str(row[0]),
        ),
        "shortfalls": [
            (titles.get(s.application_id) or f"Application #{s.application_id}", s)
            for s in plan.shortfalls
        ],
    }


@board_page
@require_http_methods(["GET", "POST"])
def conflicts(request, slug: str):
    cycle = get_object_or_404(Cycle, slug=slug)
    pool = services.reviewer_pool().order_by("full_name", "email")
    form = KnownConflictForm(request.POST or None, pool=pool)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_known_conflict(
                reviewer=form.cleaned_data["reviewer"],
                applicant=form.cleaned_data["applicant"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except TransitionRefused as error:
            _refused(request, error)
        else:
            messages.success(request, "The conflict is recorded. Auto-assignment will respect it.")
            return redirect("reviews:conflicts", slug=cycle.slug)
    return render(
        request,
        "reviews/board/conflicts.html",
        {
            "cycle": cycle,
            "declared": queries.declared_conflicts(cycle).exclude(
                application_id__in=conflicted_ids(request.user, cycle)
            ),
            "known": queries.known_conflicts(cycle),
            "form": form,
            "may_manage": may_manage_reviews(request.user),
        },
    )


@board_page
@require_POST
def remove_known_conflict(request, pk: int):
    conflict = get_object_or_404(KnownConflict, pk=pk)
    cycle = Cycle.objects.filter(slug=request.POST.get("cycle", "")).first()
    services.remove_known_conflict(conflict=conflict, by=request.user)
    messages.success(request, "The known conflict is removed.")
    if cycle is not None:
        return redirect("reviews:conflicts", slug=cycle.slug)
    return redirect("reviews:board")


@board_page
@require_http_methods(["GET", "POST"])
def application(request, pk: int):
    data = queries.application_reviews(pk)
    app = data.application
    conflicted = has_conflict(request.user, app)
    if conflicted and request.method == "POST":
        messages.error(request, f"{CONFLICT_WORDS}, so you cannot assign its reviewers.")
        return redirect("reviews:board_application", pk=app.pk)
    pool = (
        services.reviewer_pool()
        .exclude(pk__in=Assignment.objects.filter(application=app).values("reviewer"))
        .exclude(pk=app.applicant_id)
        .order_by("full_name", "email")
    )
    form = AssignReviewersForm(request.POST or None, pool=pool)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign(
                by=request.user, applications=[app], reviewers=list(form.cleaned_data["reviewers"])
            )
        except TransitionRefused as error:
            _refused(request, error)
        else:
            messages.success(request, "Reviewers assigned.")
            return redirect("reviews:board_application", pk=app.pk)
    return render(
        request,
        "reviews/board/application.html",
        {
            "data": data,
            "application": app,
            "cycle": app.cycle,
            "form": form,
            "may_manage": may_manage_reviews(request.user) and not conflicted,
            "conflicted": conflicted,
        },
    )


@board_page
@require_POST
def unassign(request, pk: int):
    assignment = get_object_or_404(Assignment.objects.select_related("reviewer"), pk=pk)
    if has_conflict(request.user, assignment.application):
        messages.error(request, f"{CONFLICT_WORDS}, so you cannot change its reviewers.")
        return redirect("reviews:board_application", pk=assignment.application_id)
    try:
        services.unassign(assignment=assignment, by=request.user)
    except TransitionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, f"{assignment.reviewer} is no longer assigned.")
    return redirect("reviews:board_application", pk=assignment.application_id)


@board_page
def ranking(request, slug: str):
    cycle = get_object_or_404(Cycle, slug=slug)
    order = request.GET.get("order", "score")
    if order not in ORDERS:
        raise Http404("No such order.")
    complete = request.GET.get("complete") == "1"
    number = request.GET.get("page")
    hidden = conflicted_ids(request.user, cycle)
    if hidden:
        # A board member with a conflict here reads the reference ranking, renumbered
        # without those applications (reviews.board_conflicts).
        rows = without_conflicts(rank_cycle(cycle, order=order), hidden, order=order)
        if complete:
            rows = [r for r in rows if (r.review_count or 0) >= cycle.reviewers_per_application]
        flagged, incomplete = sum(r.flagged for r in rows), None
    else:
        rows = RankedRows(
            cycle,
            RankingQuery(order=order, complete_only=complete),
            per_page=RANKING_PAGE_SIZE,
            page=number or 1,
        )
        flagged, incomplete = rows.summary.flagged, rows.summary.incomplete
    page = Paginator(rows, RANKING_PAGE_SIZE).get_page(number)
    return render(
        request,
        "reviews/board/ranking.html",
        {
            "cycle": cycle,
            "page": page,
            "order": order,
            "complete": complete,
            "complete_query": "&complete=1" if complete else "",
            "flagged": flagged,
            "incomplete": incomplete,
            "conflicted_ids": hidden,
        },
    )
