"""Assigning reviewers: by hand (assign, unassign) and automatically (auto_assign, then
apply_plan to save the previewed plan)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from grants import services as grant_services
from grants.models import Application, ApplicationUserObjectPermission, Cycle, TransitionRefused
from grants.workflow import State
from reviews import auto_assign as planner
from reviews import signals
from reviews.models import Assignment, AssignmentStatus, KnownConflict
from reviews.permissions import REVIEW_CODENAME, REVIEW_PERMISSION
from reviews.services._common import (
    ASSIGNABLE_STATES,
    _locked_assignment,
    _require_board,
    reviewer_pool,
)

# Assigning by hand -------------------------------------------------------------------


def _assignment_refusals(application: Application, reviewer, existing: dict, known: set) -> list:
    name = reviewer.full_name or reviewer.email
    title = str(application)
    if application.state not in ASSIGNABLE_STATES:
        return [f"“{title}” is {application.get_state_display().lower()}: it takes no reviewers."]
    if reviewer.pk == application.applicant_id:
        return [f"{name} is the applicant of “{title}”."]
    status = existing.get((application.pk, reviewer.pk))
    if status == AssignmentStatus.CONFLICT:
        return [f"{name} declared a conflict with “{title}”."]
    if status is not None:
        return [f"{name} is already assigned to “{title}”."]
    if (reviewer.pk, application.applicant_id) in known:
        return [f"{name} has a known conflict with the applicant of “{title}”."]
    return []


@transaction.atomic
def assign(
    *,
    by,
    applications: Sequence[Application],
    reviewers: Sequence,
    due_at: datetime | None = None,
) -> list[Assignment]:
    """Assign every reviewer to every application: one application and many reviewers, or
    many applications and one reviewer. All or nothing: any pair that may not be made
    refuses the whole request, with every reason listed."""
    _require_board(by)
    applications, reviewers = list(applications), list(reviewers)
    if not applications or not reviewers:
        raise TransitionRefused("Choose at least one application and one reviewer.")
    app_ids = [a.pk for a in applications]
    locked = list(
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=app_ids)
        .select_related("cycle")
        .order_by("pk")
    )
    reviewer_ids = [r.pk for r in reviewers]
    existing = {
        (a, r): s
        for a, r, s in Assignment.objects.filter(
            application_id__in=app_ids, reviewer_id__in=reviewer_ids
        ).values_list("application_id", "reviewer_id", "status")
    }
    known = set(
        KnownConflict.objects.filter(
            reviewer_id__in=reviewer_ids, applicant_id__in=[a.applicant_id for a in locked]
        ).values_list("reviewer_id", "applicant_id")
    )
    refusals = [
        reason
        for application in locked
        for reviewer in reviewers
        for reason in _assignment_refusals(application, reviewer, existing, known)
    ]
    if refusals:
        raise TransitionRefused(["Nothing was assigned.", *refusals])

    now = timezone.now()
    created = []
    for application in locked:
        for reviewer in reviewers:
            created.append(
                Assignment.objects.create(
                    application=application,
                    reviewer=reviewer,
                    assigned_by=by,
                    assigned_at=now,
                    due_at=due_at or application.cycle.reviews_due_at,
                )
            )
        assign_perm(REVIEW_PERMISSION, reviewers, application)
        _start_review_if_first(application, by=by)
    for assignment in created:
        signals.reviewer_assigned.send(sender=Assignment, assignment=assignment, by=by)
    return created


def _start_review_if_first(application: Application, *, by) -> None:
    if application.state == State.SUBMITTED:
        grant_services.start_review(
            application, by=by, note="First reviewer assigned.", check_permission=False
        )


@transaction.atomic
def unassign(*, assignment: Assignment, by) -> None:
    """Take a reviewer off an application; refused once their review is submitted."""
    _require_board(by)
    assignment = _locked_assignment(assignment)
    if assignment.status == AssignmentStatus.SUBMITTED:
        raise TransitionRefused(
            f"{assignment.reviewer} has already submitted their review; it counts in the "
            "ranking and cannot be taken back."
        )
    remove_perm(REVIEW_PERMISSION, assignment.reviewer, assignment.application)
    assignment.delete()


# Automatic assignment ----------------------------------------------------------------


@dataclass(frozen=True)
class AutoAssignPlan:
    """A preview of automatic assignment; nothing is saved until apply_plan()."""

    cycle: Cycle
    exclude_applicants_in_cycle: bool
    reviewer_ids: tuple[int, ...]
    plan: planner.Plan

    @property
    def pairs(self):
        return self.plan.pairs

    @property
    def shortfalls(self):
        return self.plan.shortfalls

    @property
    def fingerprint(self) -> str:
        return self.plan.fingerprint


def auto_assign(
    cycle: Cycle,
    *,
    seed: int,
    max_per_reviewer: int | None = None,
    exclude_applicants_in_cycle: bool = True,
    reviewers: Iterable | None = None,
) -> AutoAssignPlan:
    """Plan reviewers for every application of the cycle that still needs some (a
    preview: a fixed number of queries, nothing written). See reviews.auto_assign."""
    if reviewers is None:
        reviewer_ids = list(reviewer_pool().values_list("pk", flat=True))
    else:
        reviewer_ids = [getattr(r, "pk", r) for r in reviewers]
    applications = list(
        Application.objects.filter(cycle=cycle, state__in=ASSIGNABLE_STATES).values_list(
            "pk", "applicant_id"
        )
    )
    assigned: dict[int, set[int]] = {}
    declared: dict[int, set[int]] = {}
    loads: dict[int, int] = {}
    for app_id, reviewer_id, status in Assignment.objects.filter(
        application__cycle=cycle
    ).values_list("application_id", "reviewer_id", "status"):
        if status == AssignmentStatus.CONFLICT:
            declared.setdefault(app_id, set()).add(reviewer_id)
        else:
            assigned.setdefault(app_id, set()).add(reviewer_id)
            loads[reviewer_id] = loads.get(reviewer_id, 0) + 1
    known: dict[int, set[int]] = {}
    for reviewer_id, applicant_id in KnownConflict.objects.filter(
        reviewer_id__in=reviewer_ids
    ).values_list("reviewer_id", "applicant_id"):
        known.setdefault(applicant_id, set()).add(reviewer_id)
    applied: set[int] = set()
    if exclude_applicants_in_cycle:
        applied = set(
            Application.objects.filter(cycle=cycle, applicant_id__in=reviewer_ids)
            .exclude(state=State.WITHDRAWN)
            .values_list("applicant_id", flat=True)
        )

    wanted = cycle.reviewers_per_application
    needs = [
        planner.Need(app_id, applicant_id, wanted - len(assigned.get(app_id, ())))
        for app_id, applicant_id in applications
    ]
    result = planner.plan(
        needs,
        reviewer_ids,
        seed=seed,
        constraints=planner.Constraints(
            assigned=assigned, declared=declared, known=known, applied_in_cycle=applied
        ),
        loads=loads,
        max_per_reviewer=max_per_reviewer,
    )
    return AutoAssignPlan(
        cycle=cycle,
        exclude_applicants_in_cycle=exclude_applicants_in_cycle,
        reviewer_ids=tuple(sorted(set(reviewer_ids))),
        plan=result,
    )


@transaction.atomic
def apply_plan(plan: AutoAssignPlan, *, by, due_at: datetime | None = None) -> list[Assignment]:
    """Save a previewed plan: assignments and permissions in bulk, then move each
    application that got its first reviewer under review (audited by grants)."""
    _require_board(by)
    cycle = Cycle.objects.select_for_update().get(pk=plan.cycle.pk)
    # Re-plan under the cycle lock: a plan is only saved if it is still what was shown.
    current = auto_assign(
        cycle,
        seed=plan.plan.seed,
        max_per_reviewer=plan.plan.max_per_reviewer,
        exclude_applicants_in_cycle=plan.exclude_applicants_in_cycle,
        reviewers=plan.reviewer_ids,
    )
    if current.fingerprint != plan.fingerprint:
        raise TransitionRefused(
            "Assignments changed since this preview was made, so it was not saved. "
            "Look at the new preview and confirm again."
        )
    if not plan.pairs:
        return []
    now = timezone.now()
    due = due_at or cycle.reviews_due_at
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                application_id=app_id,
                reviewer_id=reviewer_id,
                assigned_by=by,
                assigned_at=now,
                due_at=due,
            )
            for app_id, reviewer_id in plan.pairs
        ]
    )
    permission = Permission.objects.get(content_type__app_label="grants", codename=REVIEW_CODENAME)
    ApplicationUserObjectPermission.objects.bulk_create(
        [
            ApplicationUserObjectPermission(
                permission=permission, user_id=reviewer_id, content_object_id=app_id
            )
            for app_id, reviewer_id in plan.pairs
        ],
        ignore_conflicts=True,
    )
    app_ids = {app_id for app_id, _ in plan.pairs}
    grant_services.start_review_many(app_ids, by=by, note="First reviewer assigned.")
    # Receivers read the application, its cycle and the reviewer: load them once for all.
    applications = Application.objects.select_related("cycle", "applicant").in_bulk(app_ids)
    reviewers = User.objects.in_bulk({reviewer_id for _, reviewer_id in plan.pairs})
    for assignment in assignments:
        assignment.application = applications[assignment.application_id]
        assignment.reviewer = reviewers[assignment.reviewer_id]
    signals.reviewers_assigned.send(sender=Assignment, assignments=assignments, by=by)
    return assignments
