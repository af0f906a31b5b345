"""Deleting an applicant's account: drafts and open-cycle applications go, submissions to
closed cycles stay without the person's name, and nothing is half-done on failure."""

from decimal import Decimal

import pytest
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db.models.signals import pre_delete
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, ApplicationEvent, Attachment
from grants.services import remaining_budget
from notifications.models import Email, Notice
from privacy import services
from reviews.models import Assignment, KnownConflict, Review
from tests.factories import TEST_PASSWORD
from tests.security.world import build_world

User = get_user_model()
DELETE = reverse("privacy:delete_account")


def confirm(client, password=TEST_PASSWORD, understood="on"):
    data = {"password": password}
    if understood:
        data["understood"] = understood
    return client.post(DELETE, data)


@pytest.mark.django_db
def test_the_page_lists_what_goes_and_what_stays(client):
    world = build_world()
    client.force_login(world.owner)

    body = client.get(DELETE).content.decode()

    assert "“Mentorship with a hospice team” (Spring practitioner grants)" in body
    assert "What is kept, without your name" in body
    assert "“Oncology massage certification” (Autumn practitioner grants)" in body


@pytest.mark.django_db
def test_deleting_removes_the_person_drafts_and_open_cycle_applications(
    client, django_capture_on_commit_callbacks
):
    world = build_world()
    owner_id, draft_id = world.owner.pk, world.draft.pk
    draft_file = world.attachment.file.name
    kept_file = world.submitted_attachment.file.name
    AccessLog.objects.create(
        username="owner@example.org", ip_address="10.0.0.1", user_agent="x", path_info="/"
    )
    client.force_login(world.owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert not User.objects.filter(pk=owner_id).exists()
    assert not Application.objects.filter(pk=draft_id).exists()
    assert not Attachment.objects.filter(application__in=[world.draft, world.submitted]).exists()
    assert not default_storage.exists(draft_file)
    assert not default_storage.exists(kept_file)
    assert not Email.objects.filter(to_address="owner@example.org").exists()
    assert not Notice.objects.filter(user_id=owner_id).exists()
    assert not AccessLog.objects.filter(username="owner@example.org").exists()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db
def test_a_submission_to_a_closed_cycle_stays_with_a_placeholder_and_its_reviews(client):
    world = build_world(decided=True)
    budget_left = remaining_budget(world.closed_cycle)
    events_before = ApplicationEvent.objects.filter(application=world.submitted).count()

    summary = services.delete_account(user=world.owner)

    kept = Application.objects.select_related("applicant").get(pk=world.submitted.pk)
    placeholder = kept.applicant
    assert (summary.deleted_applications, summary.anonymised_applications) == (1, 1)
    assert placeholder.pk == summary.placeholder_id
    assert placeholder.full_name == "Former applicant"
    assert placeholder.email.endswith("@deleted.invalid")
    assert placeholder.is_active is False
    assert not placeholder.has_usable_password()
    assert (kept.state, kept.title, kept.awarded_amount) == (
        "awarded",
        "Oncology massage certification",
        Decimal("1000.00"),
    )
    assert Review.objects.filter(assignment__application=kept).count() == 1
    assert Assignment.objects.filter(application=kept).count() == 2
    assert remaining_budget(world.closed_cycle) == budget_left
    assert ApplicationEvent.objects.filter(application=kept).count() == events_before
    submit_event = ApplicationEvent.objects.get(application=kept, name="submit")
    assert submit_event.actor == placeholder


@pytest.mark.django_db
def test_each_deleted_account_gets_its_own_placeholder():
    first, second = build_world(), build_world(suffix="2")

    one = services.delete_account(user=first.owner).placeholder_id
    two = services.delete_account(user=second.owner).placeholder_id

    assert one != two


@pytest.mark.django_db
def test_a_known_conflict_moves_to_the_placeholder():
    world = build_world()
    KnownConflict.objects.create(
        reviewer=world.unassigned_reviewer, applicant=world.owner, reason="Sisters"
    )

    summary = services.delete_account(user=world.owner)

    assert KnownConflict.objects.get(reason="Sisters").applicant_id == summary.placeholder_id


@pytest.mark.django_db
def test_an_applicant_with_only_drafts_leaves_no_placeholder():
    world = build_world()
    Application.objects.filter(pk=world.submitted.pk).update(applicant=world.other_applicant)
    users_before = User.objects.count()

    summary = services.delete_account(user=world.owner)

    assert summary.placeholder_id is None
    assert User.objects.count() == users_before - 1


@pytest.mark.django_db
def test_a_submitted_application_of_an_open_cycle_is_deleted():
    world = build_world()
    from grants import services as grant_services

    grant_services.submit(world.draft, by=world.owner)

    services.delete_account(user=world.owner)

    assert not Application.objects.filter(pk=world.draft.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "person", ["assigned_reviewer", "unassigned_reviewer", "recused_reviewer", "board", "staff"]
)
def test_accounts_with_office_roles_are_closed_by_the_office(client, person):
    world = build_world()
    user = getattr(world, person)
    client.force_login(user)

    page = client.get(DELETE).content.decode()
    response = confirm(client)

    assert "Write to the grants office" in page
    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()
    with pytest.raises(services.AccountDeletionRefused):
        services.delete_account(user=user)


@pytest.mark.django_db
def test_a_former_reviewer_without_the_role_is_still_closed_by_the_office():
    world = build_world()
    world.assigned_reviewer.groups.filter(name="Reviewer").delete()
    person = User.objects.get(pk=world.assigned_reviewer.pk)

    assert "You have reviewed applications" in services.refusal_for(person)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "understood", "message"),
    [
        ("wrong-password-here", "on", "That is not your current password"),
        (TEST_PASSWORD, "", "Tick the box to confirm"),
    ],
)
def test_deleting_needs_the_password_and_the_tick(client, password, understood, message):
    world = build_world()
    client.force_login(world.owner)

    response = confirm(client, password=password, understood=understood)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.filter(pk=world.owner.pk).exists()


@pytest.mark.django_db
def test_a_failure_midway_leaves_everything_as_it_was(django_capture_on_commit_callbacks):
    world = build_world()
    file_name = world.attachment.file.name
    counts_before = _counts()

    def refuse(sender, instance, **kwargs):
        raise RuntimeError("the database went away")

    pre_delete.connect(refuse, sender=User, dispatch_uid="test.refuse_user_delete")
    try:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
            services.delete_account(user=world.owner)
    finally:
        pre_delete.disconnect(sender=User, dispatch_uid="test.refuse_user_delete")

    assert _counts() == counts_before
    assert Application.objects.get(pk=world.submitted.pk).applicant_id == world.owner.pk
    assert default_storage.exists(file_name)


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, Application, ApplicationEvent, Attachment, Email, Notice, KnownConflict)
    }


@pytest.mark.django_db
def test_what_counts_as_a_cycle_record():
    world = build_world()
    now = timezone.now()

    assert services.is_cycle_record(world.submitted, now) is True
    assert services.is_cycle_record(world.draft, now) is False
