"""Board conflicts: the one rule for who may not see an application's reviews or decide it.

A person has a conflict with an application when
- they are its applicant,
- a conflict between them and its applicant is recorded (KnownConflict: recorded by the
  board on the conflicts page, or declared by a board member from the decisions desk), or
- they declared a conflict with it as one of its reviewers.

Such a person sees the application itself but none of its reviews, scores or reviewer
names, and cannot decide it. Every page and export that shows reviews asks here:
the board's review pages (reviews.views.board), the decisions desk, the print page and
the workbook (decisions). docs/decisions.md explains it for the board.
"""

from dataclasses import replace

from django.db.models import Q

from grants.models import Application, Cycle
from reviews import scoring
from reviews.models import Assignment, AssignmentStatus, KnownConflict
from reviews.ranking import RankedApplication

CONFLICT_WORDS = "You have a conflict with this application"
CANNOT_DECIDE = f"{CONFLICT_WORDS}, so you cannot decide it."


def conflicts_of(user) -> Q:
    """A filter on Application: the applications `user` has a conflict with."""
    if user is None or not user.pk:
        return Q(pk__in=[])
    recorded = KnownConflict.objects.filter(reviewer_id=user.pk).values("applicant_id")
    declared = Assignment.objects.filter(
        reviewer_id=user.pk, status=AssignmentStatus.CONFLICT
    ).values("application_id")
    return Q(applicant_id=user.pk) | Q(applicant_id__in=recorded) | Q(pk__in=declared)


def conflicted_ids(user, cycle: Cycle) -> frozenset[int]:
    """Ids of the cycle's applications `user` has a conflict with, in one query: a
    UNION of the three kinds, so each reads an index (an OR of them scans the cycle)."""
    if user is None or not user.pk:
        return frozenset()
    in_cycle = Application.objects.filter(cycle=cycle).order_by()
    recorded = KnownConflict.objects.filter(reviewer_id=user.pk).values("applicant_id")
    declared = Assignment.objects.filter(
        reviewer_id=user.pk, status=AssignmentStatus.CONFLICT
    ).values("application_id")
    kinds = [
        in_cycle.filter(applicant_id=user.pk),
        in_cycle.filter(applicant_id__in=recorded),
        in_cycle.filter(pk__in=declared),
    ]
    first, *rest = (kind.values_list("pk", flat=True) for kind in kinds)
    return frozenset(first.union(*rest).order_by())


def has_conflict(user, application) -> bool:
    return Application.objects.filter(pk=application.pk).filter(conflicts_of(user)).exists()


def hide_figures(row: RankedApplication) -> RankedApplication:
    return replace(
        row,
        review_count=None,
        score=None,
        median=None,
        stdev=None,
        spread=None,
        flagged=False,
        normalised_score=None,
        rank=None,
    )


def without_conflicts(
    ranking: list[RankedApplication], hidden: frozenset[int], *, order: str = "score"
) -> list[RankedApplication]:
    """The ranking as a conflicted person may see it.

    The hidden applications lose their figures and go last; the others keep their order
    and are numbered again among themselves, because a gap in the ranks (1, 2, 4) would
    give the hidden application's place away.
    """
    if not hidden:
        return ranking
    shown = [row for row in ranking if row.application.pk not in hidden]
    masked = [hide_figures(row) for row in ranking if row.application.pk in hidden]
    keys = [row.score if order == "score" else row.normalised_score for row in shown]
    ranks = scoring.competition_ranks(keys)
    renumbered = [replace(row, rank=rank) for row, rank in zip(shown, ranks, strict=True)]
    return renumbered + masked
