"""What every review service shares: who may act, and locking an assignment."""

from django.db.models import Q

from accounts.models import User
from grants import workflow
from grants.models import TransitionRefused
from reviews.models import Assignment, AssignmentStatus
from reviews.permissions import may_manage_reviews

NOT_ALLOWED = "You are not allowed to do this."
# The permission that makes someone a reviewer (the Reviewer role holds it).
REVIEWING = "add_review"
# Applications that may get (more) reviewers: the workflow's "assignable" flag.
ASSIGNABLE_STATES = workflow.ASSIGNABLE_STATES
ACTIVE_STATUSES = (AssignmentStatus.ASSIGNED, AssignmentStatus.SUBMITTED)


def _require_board(user) -> None:
    if not may_manage_reviews(user):
        raise TransitionRefused("Only board members can change reviewer assignments.")


def _require_reviewer(assignment: Assignment, user) -> None:
    if user is None or assignment.reviewer_id != user.pk:
        raise TransitionRefused(NOT_ALLOWED)


def _locked_assignment(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application__cycle", "reviewer")
        .get(pk=assignment.pk)
    )


def reviewer_pool():
    """Everyone who may be asked to review: active people holding the review permission,
    through a role group or on their own account."""
    holds_it = Q(
        groups__permissions__content_type__app_label="reviews",
        groups__permissions__codename=REVIEWING,
    ) | Q(
        user_permissions__content_type__app_label="reviews",
        user_permissions__codename=REVIEWING,
    )
    return User.objects.filter(holds_it, is_active=True).distinct()
