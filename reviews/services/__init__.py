"""Write side of the review process: one function per use case, each in one transaction.

Object permissions follow assignments: assigning grants the reviewer guardian's
`grants.review_application` on the application, unassigning and conflicts revoke it.
Application states move only through grants.services (which audits them); the signals
of reviews.signals are sent inside the same transaction as the change they describe.

The use cases live in small modules (assignments, conflicts, reviewing); this package
re-exports their public names, so `from reviews import services` keeps working.
"""

from reviews.services._common import (
    ACTIVE_STATUSES,
    ASSIGNABLE_STATES,
    NOT_ALLOWED,
    reviewer_pool,
)
from reviews.services.assignments import (
    AutoAssignPlan,
    apply_plan,
    assign,
    auto_assign,
    unassign,
)
from reviews.services.conflicts import (
    declare_conflict,
    declare_no_conflict,
    record_known_conflict,
    remove_known_conflict,
)
from reviews.services.reviewing import (
    ScoreInput,
    may_revise,
    save_review_draft,
    submit_review,
)

__all__ = [
    "ACTIVE_STATUSES",
    "ASSIGNABLE_STATES",
    "NOT_ALLOWED",
    "AutoAssignPlan",
    "ScoreInput",
    "apply_plan",
    "assign",
    "auto_assign",
    "declare_conflict",
    "declare_no_conflict",
    "may_revise",
    "record_known_conflict",
    "remove_known_conflict",
    "reviewer_pool",
    "save_review_draft",
    "submit_review",
    "unassign",
]
