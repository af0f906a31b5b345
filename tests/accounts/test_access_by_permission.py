"""Access follows permissions, not group names: a custom role made in the admin works,
and a role group that loses a permission loses the pages behind it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.access import holds
from accounts.roles import Role
from tests.factories import CycleFactory, UserFactory


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.mark.django_db
def test_holds_needs_every_permission_and_a_signed_in_person():
    person = UserFactory()
    person.user_permissions.add(_permission("grants.view_application"))
    assert holds(person, "grants.view_application")
    assert not holds(person, "grants.view_application", "grants.decide_application")


@pytest.mark.django_db
def test_a_custom_role_holding_the_office_permission_sees_the_office(client):
    readers = Group.objects.create(name="Report readers")
    readers.permissions.add(_permission("grants.view_application"))
    person = UserFactory()
    person.groups.add(readers)
    client.force_login(person)
    assert client.get(reverse("grants:office_cycles")).status_code == 200


@pytest.mark.django_db
def test_staff_whose_group_lost_the_office_permission_are_refused(client, staff_member):
    Group.objects.get(name=Role.STAFF).permissions.remove(_permission("grants.view_application"))
    client.force_login(staff_member)
    assert client.get(reverse("grants:office_cycles")).status_code == 403


@pytest.mark.django_db
def test_board_pages_follow_the_assignment_permissions(client):
    cycle = CycleFactory()
    url = reverse("reviews:assignments", args=[cycle.slug])
    viewer = UserFactory()
    viewer.user_permissions.add(_permission("reviews.view_assignment"))
    client.force_login(viewer)
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403


@pytest.mark.django_db
def test_reviewer_pages_follow_the_review_permission(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("reviews:my_reviews")).status_code == 200
    Group.objects.get(name=Role.REVIEWER).permissions.clear()
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)  # a fresh permission cache
    client.force_login(reviewer)
    assert client.get(reverse("reviews:my_reviews")).status_code == 403


@pytest.mark.django_db
def test_someone_holding_the_boards_permissions_directly_uses_the_desk_and_decides(client):
    from decimal import Decimal

    from grants.models import Application
    from grants.workflow import State
    from tests.factories import ApplicationFactory, force_state

    cycle = CycleFactory()
    application = force_state(ApplicationFactory(cycle=cycle), State.REVIEWED)
    person = UserFactory()  # in no group at all
    board = Group.objects.get(name=Role.BOARD)
    person.user_permissions.add(*board.permissions.all())
    client.force_login(person)

    assert client.get(reverse("decisions:desk", args=[cycle.slug])).status_code == 200
    response = client.post(
        reverse("decisions:decide", args=[cycle.slug, application.pk]),
        {"action": "award", "amount": "1200", "seen_state": "reviewed", "note": ""},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.awarded_amount) == (
        State.AWARDED,
        Decimal("1200.00"),
    )
    assert Application.objects.in_cycle(cycle).committed_total() == Decimal("1200.00")


@pytest.mark.django_db
def test_a_board_member_whose_group_lost_the_decision_permission_is_refused(client, board_member):
    from grants.workflow import State
    from tests.factories import ApplicationFactory, force_state

    cycle = CycleFactory()
    application = force_state(ApplicationFactory(cycle=cycle), State.REVIEWED)
    Group.objects.get(name=Role.BOARD).permissions.remove(_permission("grants.decide_application"))
    client.force_login(board_member)

    assert client.get(reverse("decisions:desk", args=[cycle.slug])).status_code == 403
    response = client.post(
        reverse("decisions:decide", args=[cycle.slug, application.pk]),
        {"action": "decline", "seen_state": "reviewed", "note": ""},
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.state == State.REVIEWED
