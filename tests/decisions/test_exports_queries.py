"""The workbook costs the same number of queries whatever the cycle's size: every sheet,
its own and the registered ones (Awards, Payments, Reports), reads in a fixed number."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from decisions.exports import write_cycle_workbook
from grants.models import ApplicationEvent, AwardAgreement
from grants.workflow import ReportState, State, Transition
from payments.models import Method, Payment
from reports.models import ReportAnswer
from reviews.models import AssignmentStatus, Recommendation
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
from tests.reports.factories import ReportRequestFactory, force_report_state, report_for

pytestmark = pytest.mark.django_db

# Decisions: the ranking (2), the deciders' names, the recommendation counts, the
# withdrawn; Reviews: the criteria, the reviews, one batch of scores; Criteria: the means;
# Reviewers (1); Budget (1): ten before the post-award sheets, which add Awards (1),
# Payments (1) and Reports: reports, their answers, the answers' questions (3).
EXPORT_QUERIES = 16


def build_cycle(count: int):
    """`count` reviewed applications scored by two reviewers; every third one accepted,
    signed, paid once and reported on."""
    cycle = CycleFactory(total_budget=Decimal("100000.00"))
    criterion = CriterionFactory(rubric=RubricFactory(cycle=cycle))
    reviewers = [UserFactory(), UserFactory()]
    treasurer, board = UserFactory(), UserFactory()
    request = ReportRequestFactory(cycle=cycle)
    for index in range(count):
        app = force_state(ApplicationFactory(cycle=cycle), State.REVIEWED)
        for offset, reviewer in enumerate(reviewers):
            assignment = AssignmentFactory(
                application=app, reviewer=reviewer, status=AssignmentStatus.SUBMITTED
            )
            done = ReviewFactory(
                assignment=assignment,
                submitted_at=cycle.opens_at,
                recommendation=Recommendation.values[(index + offset) % 3],
            )
            ScoreFactory(review=done, criterion=criterion, value=1 + (index + offset) % 5)
        if index % 3:
            continue
        force_state(
            app,
            State.ACCEPTED,
            awarded_amount=Decimal("500.00"),
            decided_by=board,
            decided_at=timezone.now(),
        )
        AwardAgreement.objects.create(
            application=app,
            text="Signed",
            amount=Decimal("500.00"),
            signed_name=app.applicant.get_full_name(),
            signed_at=timezone.now(),
        )
        ApplicationEvent.objects.create(
            application=app, name=Transition.ACCEPT, source=State.AWARDED, target=State.ACCEPTED
        )
        Payment.objects.create(
            application=app,
            amount=Decimal("100.00"),
            paid_on=timezone.localdate(),
            method=Method.CHECK,
            recorded_by=treasurer,
        )
        report = force_report_state(report_for(app, request), ReportState.ACCEPTED)
        for question in request.questions.exclude(measure=""):
            ReportAnswer.objects.create(
                report=report, question=question, number=Decimal(index), yes_no=True
            )
    return cycle


def export_queries(cycle) -> tuple[int, object]:
    buffer = io.BytesIO()
    with CaptureQueriesContext(connection) as queries:
        write_cycle_workbook(cycle, buffer)
    buffer.seek(0)
    return len(queries), load_workbook(buffer)


def test_the_workbook_costs_the_same_queries_for_3_and_15_applications():
    small_count, small = export_queries(build_cycle(3))
    large_count, large = export_queries(build_cycle(15))

    # The data grew: more rows on every sheet, new ones included.
    assert (small["Decisions"].max_row, large["Decisions"].max_row) == (4, 16)
    assert (small["Awards"].max_row, large["Awards"].max_row) == (2, 6)
    assert (small["Payments"].max_row, large["Payments"].max_row) == (2, 6)
    assert (small["Reports"].max_row, large["Reports"].max_row) == (2, 6)
    assert small_count == large_count == EXPORT_QUERIES
