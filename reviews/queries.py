"""Read side of the review process: each function costs a fixed number of queries,
whatever the size of the cycle."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import User
from accounts.roles import Role
from grants.models import Application, Attachment, Cycle
from grants.workflow import ASSIGNABLE_STATES, RANKED_STATES, State
from reviews import scoring
from reviews.models import Assignment, AssignmentStatus, Criterion, KnownConflict, Review, Score
from reviews.permissions import reviewable_applications

ACTIVE = (AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED)


# The reviewer's side -----------------------------------------------------------------


def reviewer_assignments(user):
    """The person's own, active assignments on applications they hold the object
    permission on; recused ones and withdrawn applications are left out."""
    return (
        Assignment.objects.filter(
            reviewer=user,
            status__in=ACTIVE,
            application__in=reviewable_applications(user).values("pk"),
        )
        .exclude(application__state=State.WITHDRAWN)
        .select_related("application__cycle")
    )


def reviewer_dashboard(user):
    """(assignments ordered for the queue, progress counts): two queries before paging."""
    assignments = (
        reviewer_assignments(user).select_related("review").order_by("status", "due_at", "pk")
    )
    progress = assignments.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=AssignmentStatus.SUBMITTED))
    )
    return assignments, progress


def reviewer_assignment_or_404(user, pk: int) -> Assignment:
    """One of the person's own active assignments; anything else is a 404 (no id leaks)."""
    assignment = (
        reviewer_assignments(user)
        .select_related("application__cycle__rubric")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404("No such review.")
    return assignment


def next_open_assignment(user, *, after: Assignment) -> Assignment | None:
    """The next assignment in the reviewer's queue that still needs work."""
    return (
        reviewer_assignments(user)
        .filter(status=AssignmentStatus.ASSIGNED)
        .exclude(pk=after.pk)
        .order_by("due_at", "pk")
        .first()
    )


def application_for_review(assignment: Assignment) -> Application:
    """The application with what the review page shows: budget, answers, attachments."""
    return (
        Application.objects.select_related("cycle", "applicant")
        .prefetch_related(
            "budget_lines",
            "answers__question",
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk")),
        )
        .get(pk=assignment.application_id)
    )


def rubric_criteria(cycle: Cycle) -> list[Criterion]:
    return list(Criterion.objects.of_cycle(cycle))


def own_review(assignment: Assignment) -> Review | None:
    return (
        Review.objects.filter(assignment=assignment).prefetch_related("scores", "revisions").first()
    )


def other_reviews(assignment: Assignment) -> list[Review]:
    """Other submitted reviews of the same application, for cycles that share them."""
    return list(
        Review.objects.submitted()
        .filter(assignment__application_id=assignment.application_id)
        .exclude(assignment=assignment)
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("submitted_at", "pk")
    )


def attachment_for_review(assignment: Assignment, attachment_id: int) -> tuple[Attachment, int]:
    """The attachment and its 1-based position among the application's attachments."""
    attachments = list(
        Attachment.objects.filter(application_id=assignment.application_id).order_by(
            "uploaded_at", "pk"
        )
    )
    for position, attachment in enumerate(attachments, start=1):
        if attachment.pk == attachment_id:
            return attachment, position
    raise Http404("No such attachment.")


# The board's side --------------------------------------------------------------------


def board_cycles():
    return Cycle.objects.annotate(
        ranked=Count("applications", filter=Q(applications__state__in=RANKED_STATES)),
        needing=Count(
            "applications",
            filter=Q(applications__state__in=ASSIGNABLE_STATES),
        ),
    ).order_by("-closes_at")


def _count_in_cycle(cycle: Cycle, **filters):
    """A correlated count of a reviewer's assignments in the cycle (no join fan-out)."""
    return Coalesce(
        Subquery(
            Assignment.objects.filter(reviewer=OuterRef("pk"), application__cycle=cycle, **filters)
            .order_by()
            .values("reviewer")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def cycle_reviewers(cycle: Cycle) -> list[User]:
    """Everyone in the reviewer pool or with work in this cycle, with their loads there:
    `load` (assigned and submitted), `done` (submitted) and `recused`. One query."""
    in_cycle = Assignment.objects.filter(application__cycle=cycle).values("reviewer")
    return list(
        User.objects.filter(Q(is_active=True, groups__name=Role.REVIEWER) | Q(pk__in=in_cycle))
        .distinct()
        .annotate(
            load=_count_in_cycle(cycle, status__in=ACTIVE),
            done=_count_in_cycle(cycle, status=AssignmentStatus.SUBMITTED),
            recused=_count_in_cycle(cycle, status=AssignmentStatus.CONFLICT),
        )
        .order_by("full_name", "email")
    )


def cycle_applications(cycle: Cycle):
    """The cycle's applications that are in review or past it, with their counts of
    active and submitted assignments."""
    return (
        Application.objects.filter(cycle=cycle, state__in=RANKED_STATES)
        .select_related("applicant")
        .annotate(
            active=Count("assignments", filter=Q(assignments__status__in=ACTIVE)),
            submitted_reviews=Count(
                "assignments", filter=Q(assignments__status=AssignmentStatus.SUBMITTED)
            ),
        )
        .order_by("submitted_at", "pk")
    )


@dataclass
class MatrixRow:
    application: Application
    cells: list[str]  # one per reviewer: "", "assigned", "submitted", "conflict", ...
    needs: int


def assignment_matrix(cycle: Cycle, applications, reviewers: list[User]) -> list[MatrixRow]:
    """Rows for one page of applications x every reviewer: two queries."""
    applications = list(applications)
    app_ids = [a.pk for a in applications]
    status = {
        (a, r): s
        for a, r, s in Assignment.objects.filter(application_id__in=app_ids).values_list(
            "application_id", "reviewer_id", "status"
        )
    }
    known = set(
        KnownConflict.objects.filter(
            applicant_id__in={a.applicant_id for a in applications},
            reviewer_id__in=[r.pk for r in reviewers],
        ).values_list("reviewer_id", "applicant_id")
    )
    rows = []
    for app in applications:
        cells = []
        for reviewer in reviewers:
            if (app.pk, reviewer.pk) in status:
                cells.append(status[(app.pk, reviewer.pk)])
            elif reviewer.pk == app.applicant_id:
                cells.append("applicant")
            elif (reviewer.pk, app.applicant_id) in known:
                cells.append("known")
            else:
                cells.append("")
        needs = max(cycle.reviewers_per_application - app.active, 0)
        if app.state not in ASSIGNABLE_STATES:
            needs = 0
        rows.append(MatrixRow(application=app, cells=cells, needs=needs))
    return rows


def declared_conflicts(cycle: Cycle):
    return (
        Assignment.objects.filter(application__cycle=cycle, status=AssignmentStatus.CONFLICT)
        .select_related("application", "reviewer")
        .order_by("-conflict_declared_at", "pk")
    )


def known_conflicts(cycle: Cycle):
    """Known conflicts that touch this cycle: their applicant applied in it."""
    applicants = Application.objects.filter(cycle=cycle).values("applicant")
    return (
        KnownConflict.objects.filter(applicant__in=applicants)
        .select_related("reviewer", "applicant", "recorded_by")
        .order_by("reviewer__full_name", "applicant__full_name", "pk")
    )


@dataclass
class ReviewRow:
    assignment: Assignment
    review: Review | None
    score: Decimal | None
    values: list  # (criterion, Score | None) in rubric order


@dataclass
class ApplicationReviews:
    application: Application
    criteria: list[Criterion]
    rows: list[ReviewRow] = field(default_factory=list)
    summary: scoring.Summary | None = None
    needs: int = 0


def application_reviews(pk: int) -> ApplicationReviews:
    """One application with every assignment, review, score and revision: four queries."""
    application = Application.objects.select_related("cycle", "applicant").filter(pk=pk).first()
    if application is None:
        raise Http404("No such application.")
    criteria = rubric_criteria(application.cycle)
    assignments = list(
        Assignment.objects.filter(application=application)
        .select_related("reviewer", "review", "assigned_by")
        .prefetch_related("review__scores", "review__revisions__revised_by")
        .order_by("assigned_at", "pk")
    )
    result = ApplicationReviews(application=application, criteria=criteria)
    submitted_scores = []
    for assignment in assignments:
        review = getattr(assignment, "review", None)
        by_criterion = {s.criterion_id: s for s in review.scores.all()} if review else {}
        score = None
        if review is not None:
            score = scoring.review_score(
                scoring.CriterionValue(
                    value=by_criterion[c.pk].value,
                    scale_min=c.scale_min,
                    scale_max=c.scale_max,
                    weight=c.weight,
                    is_na=by_criterion[c.pk].is_na,
                )
                for c in criteria
                if c.pk in by_criterion
            )
        if assignment.status == AssignmentStatus.SUBMITTED and score is not None:
            submitted_scores.append(score)
        result.rows.append(
            ReviewRow(
                assignment=assignment,
                review=review,
                score=score,
                values=[(c, by_criterion.get(c.pk)) for c in criteria],
            )
        )
    result.summary = scoring.summarise(submitted_scores)
    active = sum(1 for a in assignments if a.status in ACTIVE)
    if application.state in ASSIGNABLE_STATES:
        result.needs = max(application.cycle.reviewers_per_application - active, 0)
    return result
