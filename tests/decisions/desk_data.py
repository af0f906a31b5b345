"""A small cycle with known reviews and decisions, for the desk and export tests.

Two criteria on 1-5 scales, two reviewers on two reviewed applications:
  A "=HYPERLINK(...)"  reviews 87.50 and 75.00 -> score 81.25, normalised 82.26, rank 1
  B "+1+1"             reviews 37.50 and 50.00 -> score 43.75, normalised 42.74, rank 2
  C "@SUM(A1)"         under review, no reviews -> unranked
  D "-2"               withdrawn after submitting -> last
A is awarded 1000.00 of 1200.00 by Robin Chair at 2026-03-05 15:30 UTC (10:30 in New York).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.roles import Role
from decisions import services as decisions
from grants.choices import Purpose
from grants.models import Application, Cycle
from grants.workflow import State
from reviews.models import AssignmentStatus
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CriterionFactory,
    CycleFactory,
    ReviewFactory,
    RubricFactory,
    ScoreFactory,
    UserFactory,
    force_state,
)

DECIDED_AT = datetime(2026, 3, 5, 15, 30, tzinfo=UTC)
SUBMITTED_AT = datetime(2026, 2, 20, 14, 0, tzinfo=UTC)
HYPERLINK = '=HYPERLINK("http://x","y")'


@dataclass
class KnownCycle:
    cycle: Cycle
    board: object
    a: Application
    b: Application
    c: Application
    d: Application
    kim: object
    lee: object
    max: object
    plan: object
    benefit: object


def review(application, reviewer, criteria_values, at=SUBMITTED_AT, comment=""):
    assignment = AssignmentFactory(
        application=application, reviewer=reviewer, status=AssignmentStatus.SUBMITTED
    )
    done = ReviewFactory(assignment=assignment, submitted_at=at)
    for criterion, value in criteria_values:
        ScoreFactory(review=done, criterion=criterion, value=value, comment=comment)
    return done


def build_known_cycle() -> KnownCycle:
    cycle = CycleFactory(
        title="Spring 2026",
        slug="spring-2026",
        total_budget=Decimal("10000.00"),
        time_zone="America/New_York",
    )
    rubric = RubricFactory(cycle=cycle)
    plan = CriterionFactory(rubric=rubric, name="Plan", position=1)
    benefit = CriterionFactory(rubric=rubric, name="Community benefit", position=2)
    board = UserFactory(full_name="Robin Chair", roles=[Role.BOARD])
    kim = UserFactory(full_name="Kim Reviewer", email="kim@example.org", roles=[Role.REVIEWER])
    lee = UserFactory(full_name="Lee Reviewer", email="lee@example.org", roles=[Role.REVIEWER])
    max_ = UserFactory(full_name="Max Conflict", email="max@example.org", roles=[Role.REVIEWER])

    def submitted(state, **kwargs):
        app = ApplicationFactory(cycle=cycle, **kwargs)
        return force_state(app, state, submitted_at=SUBMITTED_AT - timedelta(days=30))

    a = submitted(
        State.REVIEWED,
        title=HYPERLINK,
        applicant=UserFactory(full_name="Ana\x07 Lima", email="ana@example.org"),
        amount_requested=Decimal("1200.00"),
    )
    b = submitted(
        State.REVIEWED,
        title="+1+1",
        applicant=UserFactory(full_name="Ben Ode", email="ben@example.org"),
        amount_requested=Decimal("800.00"),
    )
    c = submitted(
        State.UNDER_REVIEW,
        title="@SUM(A1)",
        purpose=Purpose.COMMUNITY_SERVICE,
        applicant=UserFactory(full_name="Cleo Park", email="cleo@example.org"),
        amount_requested=Decimal("500.00"),
    )
    d = submitted(
        State.WITHDRAWN,
        title="-2",
        applicant=UserFactory(full_name="Dee Ray", email="dee@example.org"),
        amount_requested=Decimal("300.00"),
    )
    review(a, kim, [(plan, 5), (benefit, 4)], comment="Clear plan")
    review(a, lee, [(plan, 4), (benefit, 4)])
    review(b, kim, [(plan, 2), (benefit, 3)], comment="=1+2")
    review(b, lee, [(plan, 3), (benefit, 3)])
    AssignmentFactory(application=c, reviewer=kim, due_at=timezone.now() - timedelta(days=1))
    AssignmentFactory(
        application=c,
        reviewer=max_,
        status=AssignmentStatus.CONFLICT,
        conflict_reason="Former colleague",
    )
    decisions.decide(
        a, by=board, action="award", amount=Decimal("1000.00"), note="\x01=cmd|' /C calc'!A0"
    )
    Application.objects.filter(pk=a.pk).update(decided_at=DECIDED_AT)
    for app in (a, b, c, d):
        app.refresh_from_db()
    return KnownCycle(cycle, board, a, b, c, d, kim, lee, max_, plan, benefit)
