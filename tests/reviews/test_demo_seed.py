"""seed_demo's review part: rubrics, assignments and reviews at every stage; idempotent."""

import io

from django.core.management import call_command

from grants.models import Application
from grants.workflow import State
from reviews.models import Assignment, AssignmentStatus, Review, Rubric
from reviews.ranking import rank_cycle


def test_seed_demo_adds_rubrics_and_reviews_and_is_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = (
        Rubric.objects.count(),
        Assignment.objects.count(),
        Review.objects.filter(submitted_at__isnull=False).count(),
    )
    call_command("seed_demo", stdout=io.StringIO())
    second = (
        Rubric.objects.count(),
        Assignment.objects.count(),
        Review.objects.filter(submitted_at__isnull=False).count(),
    )
    assert first == second == (2, 12, 9)
    assert Assignment.objects.filter(status=AssignmentStatus.CONFLICT).count() == 1
    closed = Rubric.objects.get(cycle__slug="autumn-2026").cycle
    states = sorted(Application.objects.filter(cycle=closed).values_list("state", flat=True))
    assert states == [State.REVIEWED] * 4 + [State.UNDER_REVIEW] * 2
    ranking = rank_cycle(closed)
    assert sorted(r.review_count for r in ranking) == [0, 1, 2, 2, 2, 2]
    assert any(r.flagged for r in ranking)
