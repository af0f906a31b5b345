import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import Role, declared_role_permissions, ensure_role_groups, has_role
from tests.factories import UserFactory


@pytest.mark.django_db
def test_role_groups_exist_with_their_permissions_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Applicant", "Reviewer", "Board", "Staff"} <= names
    board = Group.objects.get(name=Role.BOARD)
    board_perms = {f"{p.content_type.app_label}.{p.codename}" for p in board.permissions.all()}
    assert board_perms == set(declared_role_permissions()[Role.BOARD])
    assert {"grants.decide_application", "grants.release_decisions"} <= board_perms
    staff = Group.objects.get(name=Role.STAFF)
    staff_perms = {f"{p.content_type.app_label}.{p.codename}" for p in staff.permissions.all()}
    assert staff_perms == set(declared_role_permissions()[Role.STAFF])
    assert "grants.decide_application" not in staff_perms
    reviewer = Group.objects.get(name=Role.REVIEWER)
    assert {p.codename for p in reviewer.permissions.all()} == {"add_review", "change_review"}


@pytest.mark.django_db
def test_creating_role_groups_twice_changes_nothing():
    before = {g.name: g.permissions.count() for g in Group.objects.all()}
    ensure_role_groups()
    ensure_role_groups()
    after = {g.name: g.permissions.count() for g in Group.objects.all()}
    assert before == after


@pytest.mark.django_db
def test_has_role_follows_group_membership():
    person = UserFactory(roles=[Role.APPLICANT, Role.REVIEWER])
    assert has_role(person, Role.REVIEWER)
    assert not has_role(person, Role.BOARD)


@pytest.mark.django_db
def test_superuser_holds_every_office_role_but_is_not_an_applicant():
    admin = UserFactory(is_superuser=True)
    assert has_role(admin, Role.BOARD) and has_role(admin, Role.STAFF)
    assert not has_role(admin, Role.APPLICANT)


@pytest.mark.django_db
def test_home_page_renders_with_landmarks_and_skip_link(client):
    response = client.get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<a class="skip-link" href="#main">' in body
    assert '<main id="main"' in body
    assert '<nav class="site-nav" aria-label="Main">' in body
    assert "Content-Security-Policy" in response.headers
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
