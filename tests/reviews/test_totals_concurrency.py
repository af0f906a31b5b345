"""Reviewers submitting (and saving drafts) on one application at the same moment, on
PostgreSQL with real threads: the application's stored review totals count every
submitted review, as a fresh sum does (reviews.application_totals locks the row)."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from reviews import application_totals, services
from reviews.models import ApplicationTotals
from reviews.services import ScoreInput
from tests import factories
from tests.reviews.conftest import make_reviewers, submitted_application

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


def _cycle():
    cycle = factories.CycleFactory(
        opens_at=timezone.now() - timedelta(days=40),
        closes_at=timezone.now() - timedelta(days=10),
        reviews_due_at=timezone.now() + timedelta(days=10),
        reviewers_per_application=3,
    )
    rubric = factories.RubricFactory(cycle=cycle)
    factories.CriterionFactory(rubric=rubric, name="Benefit", weight=Decimal("1.00"))
    return cycle


def _together(actions) -> list:
    barrier = threading.Barrier(len(actions))
    errors = []

    def worker(action):
        try:
            barrier.wait(timeout=30)
            action()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


@pytest.mark.parametrize("round_", range(3))
def test_reviews_submitted_at_once_are_all_counted(round_):
    cycle = _cycle()
    board = factories.UserFactory(roles=[Role.BOARD])
    reviewers = make_reviewers(3)
    app = submitted_application(cycle)
    assignments = services.assign(by=board, applications=[app], reviewers=reviewers)
    for assignment in assignments:
        services.declare_no_conflict(assignment=assignment, by=assignment.reviewer)
    (benefit,) = cycle.rubric.criteria.all()

    def submit(assignment, value):
        return lambda: services.submit_review(
            assignment=assignment,
            by=assignment.reviewer,
            scores={benefit.pk: ScoreInput(value=value)},
            recommendation="fund",
        )

    def draft(assignment):  # the third saves a draft while the others submit
        return lambda: services.save_review_draft(
            assignment=assignment, by=assignment.reviewer, scores={benefit.pk: ScoreInput(value=2)}
        )

    first, second, third = assignments
    assert _together([submit(first, 5), submit(second, 1), draft(third)]) == []
    totals = ApplicationTotals.objects.get(application=app)
    # 5 on 1-5 is 100.00, 1 is 0.00
    assert (totals.review_count, totals.score_sum, totals.lowest, totals.highest) == (
        2,
        10000,
        0,
        10000,
    )
    assert application_totals.drift() == []
