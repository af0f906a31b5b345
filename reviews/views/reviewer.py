"""The reviewer's pages: the queue, the conflict declaration and the review form.

Every object here is looked up through reviews.queries.reviewer_assignment_or_404, so a
person who is not (or no longer) assigned gets a 404 on every URL.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from grants.downloads import attachment_response, neutral_name
from grants.models import TransitionRefused
from reviews import queries, services
from reviews.forms import ConflictForm, ReviewForm
from reviews.models import AssignmentStatus
from reviews.permissions import may_use_reviewer_pages

PAGE_SIZE = 20


def _refused(request, error: TransitionRefused) -> None:
    for reason in error.reasons:
        messages.error(request, reason)


@login_required
def my_reviews(request):
    if not may_use_reviewer_pages(request.user):
        raise PermissionDenied
    assignments, progress = queries.reviewer_dashboard(request.user)
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/my_reviews.html",
        {"page": page, "progress": progress},
    )


@login_required
@require_http_methods(["GET", "POST"])
def declare(request, pk: int):
    assignment = queries.reviewer_assignment_or_404(request.user, pk)
    if assignment.has_declared and request.method == "GET":
        return redirect("reviews:review", pk=assignment.pk)
    form = ConflictForm(request.POST if request.POST.get("answer") == "conflict" else None)
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "no_conflict":
                services.declare_no_conflict(assignment=assignment, by=request.user)
                messages.success(request, "Thank you. The application is open for your review.")
                return redirect("reviews:review", pk=assignment.pk)
            if request.POST.get("answer") == "conflict" and form.is_valid():
                services.declare_conflict(
                    assignment=assignment, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    "Thank you for telling us. You are no longer assigned to this application; "
                    "the board will find another reviewer.",
                )
                return redirect("reviews:my_reviews")
        except TransitionRefused as error:
            _refused(request, error)
    return render(
        request,
        "reviews/declare.html",
        {"assignment": assignment, "application": assignment.application, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    assignment = queries.reviewer_assignment_or_404(request.user, pk)
    if not assignment.has_declared:
        return redirect("reviews:declare", pk=assignment.pk)
    cycle = assignment.application.cycle
    rubric = getattr(cycle, "rubric", None)
    criteria = queries.rubric_criteria(cycle)
    existing = queries.own_review(assignment)
    form_kwargs = {
        "criteria": criteria,
        "asks_recommendation": bool(rubric and rubric.asks_recommendation),
    }
    if request.method == "POST":
        action = request.POST.get("action", "draft")
        form = ReviewForm(request.POST, action=action, **form_kwargs)
        if form.is_valid():
            outcome = _save(request, assignment, form)
            if outcome is not None:
                return outcome
        else:
            messages.error(request, "Some answers need another look; see the marked questions.")
    else:
        form = ReviewForm(initial=ReviewForm.initial_from(existing), **form_kwargs)
    submitted = assignment.status == AssignmentStatus.SUBMITTED
    show_others = submitted and cycle.reviewers_see_other_reviews
    return render(
        request,
        "reviews/review.html",
        {
            "assignment": assignment,
            "application": queries.application_for_review(assignment),
            "cycle": cycle,
            "rubric": rubric,
            "form": form,
            "review": existing,
            "submitted": submitted,
            "revisable": submitted and services.may_revise(assignment),
            "others": queries.other_reviews(assignment) if show_others else None,
            "criteria": criteria,
        },
    )


def _save(request, assignment, form):
    data = {
        "assignment": assignment,
        "by": request.user,
        "scores": form.scores(),
        "overall_comment": form.cleaned_data.get("overall_comment", "").strip(),
        "recommendation": form.cleaned_data.get("recommendation", "") or "",
    }
    try:
        if form.submitting:
            revising = assignment.status == AssignmentStatus.SUBMITTED
            services.submit_review(**data)
            messages.success(
                request,
                "Your changes are saved as a revision."
                if revising
                else "Thank you. Your review is submitted.",
            )
        else:
            services.save_review_draft(**data)
            messages.success(request, "Your draft is saved. You can come back to it any time.")
    except TransitionRefused as error:
        _refused(request, error)
        return None
    if form.action == "submit_next":
        following = queries.next_open_assignment(request.user, after=assignment)
        if following is not None:
            return redirect("reviews:review", pk=following.pk)
        messages.info(request, "That was the last review in your queue.")
        return redirect("reviews:my_reviews")
    return redirect(reverse("reviews:review", args=[assignment.pk]))


@login_required
def attachment(request, pk: int, attachment_id: int):
    assignment = queries.reviewer_assignment_or_404(request.user, pk)
    if not assignment.has_declared:
        return redirect("reviews:declare", pk=assignment.pk)
    item, position = queries.attachment_for_review(assignment, attachment_id)
    blind = assignment.application.cycle.blind_review
    return attachment_response(item, download_name=neutral_name(item, position) if blind else None)
