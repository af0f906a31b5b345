import pytest
from django.utils import timezone

from grants import services
from grants.models import ApplicationEvent
from grants.workflow import State
from tests import factories
from tests.factories import force_state

pytestmark = pytest.mark.django_db


def test_start_review_many_moves_only_submitted_applications_and_audits_each(board_member):
    cycle = factories.CycleFactory()
    submitted = [
        force_state(
            factories.ApplicationFactory(cycle=cycle), State.SUBMITTED, submitted_at=timezone.now()
        )
        for _ in range(3)
    ]
    draft = factories.ApplicationFactory(cycle=cycle)
    withdrawn = force_state(factories.ApplicationFactory(cycle=cycle), State.WITHDRAWN)

    moved = services.start_review_many(
        [a.pk for a in [*submitted, draft, withdrawn]], by=board_member, note="Bulk start."
    )

    assert moved == sorted(a.pk for a in submitted)
    for application in submitted:
        application.refresh_from_db()
        assert application.state == State.UNDER_REVIEW
    draft.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (draft.state, withdrawn.state) == (State.DRAFT, State.WITHDRAWN)
    assert sorted(
        ApplicationEvent.objects.values_list("application_id", "name", "source", "target", "note")
    ) == sorted(
        (a.pk, "start_review", State.SUBMITTED, State.UNDER_REVIEW, "Bulk start.")
        for a in submitted
    )


def test_start_review_many_with_nothing_to_move_writes_nothing(board_member):
    draft = factories.ApplicationFactory()

    assert services.start_review_many([draft.pk], by=board_member) == []
    assert ApplicationEvent.objects.count() == 0
