"""The board-conflict rule (reviews.board_conflicts) and the board's review pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from grants.workflow import State
from reviews.board_conflicts import conflicted_ids, has_conflict, without_conflicts
from reviews.models import AssignmentStatus, KnownConflict
from reviews.ranking import rank_cycle
from tests.decisions.desk_data import build_known_cycle
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CycleFactory,
    UserFactory,
    force_state,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    return build_known_cycle()


def test_nobody_has_a_conflict_without_a_reason(known):
    assert conflicted_ids(known.board, known.cycle) == frozenset()
    assert has_conflict(known.board, known.b) is False


def test_the_applicant_has_a_conflict_with_their_own_application():
    cycle = CycleFactory()
    member = UserFactory(roles=[Role.APPLICANT, Role.BOARD])
    own = force_state(ApplicationFactory(cycle=cycle, applicant=member), State.SUBMITTED)
    other = force_state(ApplicationFactory(cycle=cycle), State.SUBMITTED)

    assert conflicted_ids(member, cycle) == {own.pk}
    assert has_conflict(member, own) is True
    assert has_conflict(member, other) is False


def test_a_recorded_conflict_covers_every_application_of_that_applicant(known):
    KnownConflict.objects.create(reviewer=known.board, applicant=known.b.applicant)
    later = ApplicationFactory(cycle=CycleFactory(), applicant=known.b.applicant)

    assert conflicted_ids(known.board, known.cycle) == {known.b.pk}
    assert has_conflict(known.board, later) is True


def test_a_conflict_declared_as_reviewer_counts_on_the_board_too(known):
    AssignmentFactory(application=known.a, reviewer=known.board, status=AssignmentStatus.CONFLICT)

    assert conflicted_ids(known.board, known.cycle) == {known.a.pk}


def test_nobody_signed_out_has_conflicts(known):
    assert conflicted_ids(None, known.cycle) == frozenset()


def test_a_hidden_application_loses_its_figures_and_the_others_are_ranked_again(known):
    ranking = rank_cycle(known.cycle)  # A rank 1, B rank 2, C unranked

    seen = without_conflicts(ranking, frozenset({known.a.pk}))

    assert [(row.application.pk, row.rank, row.score) for row in seen] == [
        (known.b.pk, 1, Decimal("43.75")),
        (known.c.pk, None, None),
        (known.a.pk, None, None),
    ]
    hidden = seen[-1]
    assert (hidden.review_count, hidden.normalised_score, hidden.spread, hidden.flagged) == (
        None,
        None,
        None,
        False,
    )


def test_nothing_hidden_leaves_the_ranking_as_it_is(known):
    ranking = rank_cycle(known.cycle)

    assert without_conflicts(ranking, frozenset()) is ranking


# The board's review pages -----------------------------------------------------------------


def test_board_application_page_hides_reviews_scores_and_reviewer_names(client, known):
    KnownConflict.objects.create(reviewer=known.board, applicant=known.b.applicant)
    client.force_login(known.board)

    html = client.get(reverse("reviews:board_application", args=[known.b.pk])).content.decode()

    assert "You have a conflict with this application." in html
    assert "Kim Reviewer" not in html
    assert "Lee Reviewer" not in html
    assert "43.75" not in html
    assert "Submitted reviews" not in html
    assert "Add reviewers" not in html


def test_board_application_page_of_another_application_still_shows_reviews(client, known):
    KnownConflict.objects.create(reviewer=known.board, applicant=known.b.applicant)
    client.force_login(known.board)

    html = client.get(reverse("reviews:board_application", args=[known.a.pk])).content.decode()

    assert "You have a conflict" not in html
    assert "Kim Reviewer" in html


def test_a_conflicted_board_member_cannot_assign_reviewers(client, known):
    KnownConflict.objects.create(reviewer=known.board, applicant=known.c.applicant)
    reviewer = UserFactory(roles=[Role.REVIEWER])
    client.force_login(known.board)

    response = client.post(
        reverse("reviews:board_application", args=[known.c.pk]), {"reviewers": [reviewer.pk]}
    )

    assert response.status_code == 302
    assert not known.c.assignments.filter(reviewer=reviewer).exists()


def test_ranking_page_hides_the_conflicted_row_and_renumbers_the_rest(client, known):
    KnownConflict.objects.create(reviewer=known.board, applicant=known.a.applicant)
    client.force_login(known.board)

    response = client.get(reverse("reviews:ranking", args=[known.cycle.slug]))

    rows = [(row.application.pk, row.rank) for row in response.context["page"]]
    assert rows == [(known.b.pk, 1), (known.c.pk, None), (known.a.pk, None)]
    html = response.content.decode()
    assert '<td colspan="6">You have a conflict with this application</td>' in html
    assert "81.25" not in html


def test_assignments_matrix_hides_the_conflicted_row_and_refuses_assigning_it(client, known):
    KnownConflict.objects.create(reviewer=known.board, applicant=known.c.applicant)
    reviewer = UserFactory(roles=[Role.REVIEWER])
    client.force_login(known.board)
    url = reverse("reviews:assignments", args=[known.cycle.slug])

    html = client.get(url).content.decode()
    response = client.post(url, {"applications": [known.c.pk], "reviewer": reviewer.pk})

    assert "You have a conflict with this application</td>" in html
    assert f'name="applications" value="{known.c.pk}"' not in html
    assert response.status_code == 302
    assert not known.c.assignments.filter(reviewer=reviewer).exists()


def test_conflicts_page_leaves_out_reviewers_who_stepped_aside_from_the_conflicted_one(
    client, known
):
    KnownConflict.objects.create(reviewer=known.board, applicant=known.c.applicant)
    client.force_login(known.board)

    html = client.get(reverse("reviews:conflicts", args=[known.cycle.slug])).content.decode()

    assert "Former colleague" not in html  # Max Conflict stepped aside from C
