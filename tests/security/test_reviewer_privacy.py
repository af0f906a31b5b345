"""A reviewer taken off an application keeps nothing of it: their inbox notices lose its
title and link (unassigned or recused), and a reviewer's data export holds no applicant's
identity, even from the assignment email of a non-blind cycle."""

import json
from datetime import timedelta

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from accounts.roles import Role
from grants import services as grant_services
from notifications.models import Notice
from notifications.services import FORGOTTEN_TITLE
from privacy.export import personal_data
from reviews import services as review_services
from tests import factories

TITLE = "Hospice mentorship for Olive"


@pytest.fixture
def open_review(db):
    now = timezone.now()
    cycle = factories.CycleFactory(
        blind_review=False,
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
        reviews_due_at=now + timedelta(days=14),
    )
    applicant = factories.UserFactory(
        full_name="Olive Owner", email="olive@example.org", phone="555-0101", city="Hendersonville"
    )
    application = factories.ApplicationFactory(cycle=cycle, applicant=applicant, title=TITLE)
    grant_services.submit(application, by=applicant, at=now - timedelta(days=2))
    board = factories.UserFactory(roles=[Role.BOARD])
    reviewers = [factories.UserFactory(roles=[Role.REVIEWER]) for _ in range(3)]
    assignments = review_services.assign(by=board, applications=[application], reviewers=reviewers)
    return board, reviewers, assignments


def notices_of(user):
    return list(Notice.objects.filter(user=user).values_list("title", "body", "url"))


@pytest.mark.django_db
def test_a_recused_reviewers_notices_lose_the_title_and_link(open_review):
    _, (recused, *_), (assignment, *_) = open_review
    assert any(TITLE in title for title, _, _ in notices_of(recused))

    review_services.declare_conflict(assignment=assignment, by=recused, reason="A friend.")

    assert notices_of(recused) == [(FORGOTTEN_TITLE, "", "")]


@pytest.mark.django_db
def test_an_unassigned_reviewers_notices_lose_the_title_and_link(open_review):
    board, (_, unassigned, kept), (_, assignment, _) = open_review

    review_services.unassign(assignment=assignment, by=board)

    assert notices_of(unassigned) == [(FORGOTTEN_TITLE, "", "")]
    assert any(TITLE in title for title, _, _ in notices_of(kept))  # others keep theirs


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["recused", "active"])
def test_a_reviewers_export_holds_no_applicant_identity(open_review, which):
    _, (recused, active, _), (assignment, *_) = open_review
    review_services.declare_conflict(assignment=assignment, by=recused, reason="A friend.")
    person = recused if which == "recused" else active

    exported = json.dumps(personal_data(person), cls=DjangoJSONEncoder)

    for identity in ("Olive Owner", "olive@example.org", "555-0101", "Hendersonville"):
        assert identity not in exported
    if which == "recused":
        assert TITLE not in exported
