"""Conflicts of interest: a reviewer declares one (or none), the board records known ones."""

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import remove_perm

from grants.models import TransitionRefused
from reviews import signals
from reviews.models import Assignment, AssignmentStatus, KnownConflict, Review
from reviews.permissions import REVIEW_PERMISSION
from reviews.services._common import _locked_assignment, _require_board, _require_reviewer


@transaction.atomic
def declare_no_conflict(*, assignment: Assignment, by) -> Assignment:
    assignment = _locked_assignment(assignment)
    _require_reviewer(assignment, by)
    if assignment.status == AssignmentStatus.CONFLICT:
        raise TransitionRefused("You already declared a conflict with this application.")
    if assignment.no_conflict_declared_at is None:
        assignment.no_conflict_declared_at = timezone.now()
        assignment.save(update_fields=["no_conflict_declared_at"])
    return assignment


@transaction.atomic
def declare_conflict(*, assignment: Assignment, by, reason: str) -> Assignment:
    """Recuse the reviewer: the permission goes, any draft goes, the board is told."""
    assignment = _locked_assignment(assignment)
    _require_reviewer(assignment, by)
    if not reason.strip():
        raise TransitionRefused(
            "Say briefly why you have a conflict (for example: we work together), so the "
            "board can understand it."
        )
    if assignment.status == AssignmentStatus.SUBMITTED:
        raise TransitionRefused(
            "Your review is already submitted. Write to the board if you now see a conflict."
        )
    if assignment.status == AssignmentStatus.CONFLICT:
        return assignment
    _recuse(assignment, reason=reason.strip())
    signals.conflict_declared.send(sender=Assignment, assignment=assignment, by=by)
    return assignment


def _recuse(assignment: Assignment, *, reason: str) -> None:
    assignment.status = AssignmentStatus.CONFLICT
    assignment.conflict_declared_at = timezone.now()
    assignment.conflict_reason = reason
    assignment.save(update_fields=["status", "conflict_declared_at", "conflict_reason"])
    Review.objects.filter(assignment=assignment).delete()
    remove_perm(REVIEW_PERMISSION, assignment.reviewer, assignment.application)


@transaction.atomic
def record_known_conflict(*, reviewer, applicant, by, reason: str = "") -> KnownConflict:
    """Record that `reviewer` never reviews `applicant`; recuses them from the applicant's
    applications they are assigned to and have not reviewed yet."""
    _require_board(by)
    if reviewer.pk == applicant.pk:
        raise TransitionRefused("A reviewer never reviews their own applications already.")
    conflict, created = KnownConflict.objects.get_or_create(
        reviewer=reviewer,
        applicant=applicant,
        defaults={"reason": reason.strip(), "recorded_by": by},
    )
    if not created:
        raise TransitionRefused(f"A conflict between {reviewer} and {applicant} is already known.")
    pending = Assignment.objects.select_for_update(of=("self",)).filter(
        reviewer=reviewer, application__applicant=applicant, status=AssignmentStatus.ASSIGNED
    )
    for assignment in pending.select_related("application", "reviewer"):
        _recuse(assignment, reason=f"Known conflict recorded by the board. {reason}".strip())
    return conflict


@transaction.atomic
def remove_known_conflict(*, conflict: KnownConflict, by) -> None:
    _require_board(by)
    conflict.delete()
