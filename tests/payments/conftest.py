from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import Role
from grants import offers
from grants.models import Cycle
from grants.workflow import State
from tests import factories


@pytest.fixture
def treasurer(db):
    return factories.UserFactory(full_name="Tess Treasurer", roles=[Role.TREASURER])


def make_accepted_award(*, amount=Decimal("1000.00"), cycle=None, applicant=None, title=None):
    """An award released, accepted and signed through grants.offers.accept_award."""
    if cycle is None:
        cycle = factories.CycleFactory(
            opens_at=timezone.now() - timedelta(days=60),
            closes_at=timezone.now() - timedelta(days=30),
        )
        Cycle.objects.filter(pk=cycle.pk).update(
            decisions_released_at=timezone.now() - timedelta(days=5)
        )
        cycle.refresh_from_db()
    fields = {"cycle": cycle, "amount_requested": max(amount, Decimal("1200.00"))}
    if applicant is not None:
        fields["applicant"] = applicant
    if title is not None:
        fields["title"] = title
    application = factories.force_state(
        factories.ApplicationFactory(**fields), State.AWARDED, awarded_amount=amount
    )
    offers.accept_award(
        application,
        by=application.applicant,
        signed_name=application.applicant.get_full_name(),
        agreed=True,
        signed_from="203.0.113.7",
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def accepted_award(db):
    return make_accepted_award()
