"""List pages cost a fixed number of queries, whatever the number of applications."""

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import ApplicationEvent
from grants.workflow import State
from tests.factories import ApplicationFactory, CycleFactory, UserFactory, force_state

# Session, user, roles and notices badge are part of every signed-in page; the session is
# written only every few minutes (config/sessions.py), not on these requests. The office
# pages also read the person's permissions (their own and their groups').
DASHBOARD_QUERIES = 8  # + the reports due (reports.context_processors)
OFFICE_LIST_QUERIES = 8
OFFICE_CYCLES_QUERIES = 6


def _with_history(application):
    for name, source, target in [
        ("submit", "draft", "submitted"),
        ("start_review", "submitted", "under_review"),
    ]:
        ApplicationEvent.objects.create(
            application=application,
            name=name,
            source=source,
            target=target,
            created_at=timezone.now(),
        )
    return force_state(application, State.UNDER_REVIEW, submitted_at=timezone.now())


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_applicant_dashboard_queries_do_not_grow(
    client, applicant, size, django_assert_num_queries
):
    for _ in range(size):
        _with_history(ApplicationFactory(applicant=applicant, cycle=CycleFactory()))
    client.force_login(applicant)

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("grants:dashboard"))

    assert response.status_code == 200
    assert response.content.decode().count("Volunteer reviewers started reading it.") == size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_office_applications_list_queries_do_not_grow(
    client, board_member, size, django_assert_num_queries
):
    cycle = CycleFactory()
    for _ in range(size):
        _with_history(ApplicationFactory(cycle=cycle, applicant=UserFactory()))
    client.force_login(board_member)

    with django_assert_num_queries(OFFICE_LIST_QUERIES):
        response = client.get(
            reverse("grants:office_applications", args=[cycle.slug]), {"state": "under_review"}
        )

    assert response.status_code == 200
    assert f"{size} applications." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_office_cycles_overview_queries_do_not_grow(
    client, staff_member, size, django_assert_num_queries
):
    for _ in range(size):
        ApplicationFactory(cycle=CycleFactory())
    client.force_login(staff_member)

    with django_assert_num_queries(OFFICE_CYCLES_QUERIES):
        response = client.get(reverse("grants:office_cycles"))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_public_cycle_list_queries_do_not_grow(client, size, django_assert_num_queries):
    for _ in range(size):
        CycleFactory()

    with django_assert_num_queries(2):
        response = client.get(reverse("grants:cycle_list"))

    assert response.status_code == 200
