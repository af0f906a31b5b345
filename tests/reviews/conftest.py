"""Shared starting points for the review tests."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import Role
from grants.workflow import State
from tests import factories


@pytest.fixture
def review_cycle(db):
    """A closed cycle with a two-criterion rubric (1-5 weight 2; 0-10 with N/A)."""
    cycle = factories.CycleFactory(
        opens_at=timezone.now() - timedelta(days=40),
        closes_at=timezone.now() - timedelta(days=10),
        reviews_due_at=timezone.now() + timedelta(days=10),
        reviewers_per_application=2,
    )
    rubric = factories.RubricFactory(cycle=cycle)
    factories.CriterionFactory(rubric=rubric, name="Benefit", weight=Decimal("2.00"))
    factories.CriterionFactory(
        rubric=rubric,
        name="Feasibility",
        scale_min=0,
        scale_max=10,
        level_descriptions="",
        allows_na=True,
    )
    return cycle


def submitted_application(cycle, **kwargs):
    app = factories.ApplicationFactory(cycle=cycle, **kwargs)
    return factories.force_state(app, State.SUBMITTED, submitted_at=timezone.now())


def make_reviewers(count):
    return [factories.UserFactory(roles=[Role.APPLICANT, Role.REVIEWER]) for _ in range(count)]


@pytest.fixture
def second_reviewer(db):
    return make_reviewers(1)[0]
