"""What the applicant sees: decisions only after release, never who reviewed, never the
office's internal notes."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import Cycle
from grants.workflow import State
from tests.factories import ApplicationFactory, UserFactory, force_state


@pytest.fixture
def awarded(applicant, board_member, staff_member):
    reviewer = UserFactory(full_name="Rowena Reviewerson")
    application = force_state(ApplicationFactory(applicant=applicant), State.SUBMITTED)
    services.start_review(application, by=staff_member, note="Internal: assign Rowena")
    services.complete_review(application, by=reviewer, check_permission=False)
    services.award(application, by=board_member, amount=Decimal("950.00"), note="Board only")
    application.refresh_from_db()
    return application


def _pages(client, application):
    urls = [
        reverse("grants:dashboard"),
        reverse("grants:application_detail", args=[application.pk]),
    ]
    return "".join(client.get(url).content.decode() for url in urls)


@pytest.mark.django_db
def test_a_decision_is_hidden_until_the_board_releases_it(client, applicant, awarded):
    client.force_login(applicant)

    body = _pages(client, awarded)

    assert "Reviews are complete. The board will decide soon." in body
    assert "Awarded" not in body
    assert "950.00" not in body
    assert "congratulations" not in body.lower()


@pytest.mark.django_db
def test_after_release_the_applicant_sees_the_outcome_and_the_amount(client, applicant, awarded):
    Cycle.objects.filter(pk=awarded.cycle_id).update(decisions_released_at=timezone.now())
    client.force_login(applicant)

    body = _pages(client, awarded)

    assert "Awarded — congratulations!" in body
    assert "Your award: <strong>950.00 USD</strong>" in body
    assert "Decision: awarded 950.00 USD. Congratulations!" in body


@pytest.mark.django_db
def test_the_applicant_never_sees_reviewers_or_office_notes(
    client, applicant, awarded, board_member, staff_member
):
    Cycle.objects.filter(pk=awarded.cycle_id).update(decisions_released_at=timezone.now())
    client.force_login(applicant)

    body = _pages(client, awarded)

    assert "Rowena" not in body
    assert "Reviewerson" not in body
    assert board_member.full_name not in body
    assert staff_member.full_name not in body
    assert "Internal: assign" not in body
    assert "Board only" not in body


@pytest.mark.django_db
def test_a_declined_application_reads_as_not_funded_after_release(client, applicant, board_member):
    application = force_state(ApplicationFactory(applicant=applicant), State.REVIEWED)
    services.decline(application, by=board_member, note="Out of scope")
    Cycle.objects.filter(pk=application.cycle_id).update(decisions_released_at=timezone.now())
    client.force_login(applicant)

    body = _pages(client, application)

    assert "Not funded this time." in body
    assert "Out of scope" not in body


@pytest.mark.django_db
def test_the_office_sees_the_full_history_with_names_and_notes(
    client, staff_member, awarded, board_member
):
    client.force_login(staff_member)

    body = client.get(reverse("grants:office_application", args=[awarded.pk])).content.decode()

    assert "Internal: assign Rowena" in body
    assert "Board only" in body
    assert "Rowena Reviewerson" in body
    assert board_member.full_name in body
    assert "(not released to the applicant yet)" in body


@pytest.mark.django_db
def test_a_returned_application_shows_the_office_message(client, applicant, staff_member):
    application = force_state(ApplicationFactory(applicant=applicant), State.SUBMITTED)
    services.return_for_changes(application, by=staff_member, note="Please add the quote.")
    client.force_login(applicant)

    body = _pages(client, application)
    edit = client.get(reverse("grants:application_edit", args=[application.pk])).content.decode()

    assert "The grants office returned it to you for changes." in body
    assert "Please add the quote." in body
    assert "The grants office returned your application for changes:" in edit
    assert staff_member.full_name not in body
