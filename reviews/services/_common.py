"""What every review service shares: who may act, and locking an assignment."""

from accounts.models import User
from accounts.roles import Role
from grants.models import TransitionRefused
from grants.workflow import State
from reviews.models import Assignment, AssignmentStatus
from reviews.permissions import may_manage_reviews

NOT_ALLOWED = "You are not allowed to do this."
# Applications that may get (more) reviewers.
ASSIGNABLE_STATES = (State.SUBMITTED, State.UNDER_REVIEW)
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
    """Everyone who may be asked to review: active members of the Reviewer role."""
    return User.objects.filter(is_active=True, groups__name=Role.REVIEWER).distinct()
