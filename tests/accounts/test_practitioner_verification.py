"""Staff verify Preferred Practitioners one by one: who and when, every change audited,
and staff hear of new listings waiting for them."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group

from accounts import services
from accounts.models import PractitionerVerification, VerificationAction, VerificationSource
from accounts.roles import Role
from notifications.models import Event, Notice
from tests import factories

AT = datetime(2027, 1, 12, 15, 30, tzinfo=UTC)
LATER = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def practitioner(db):
    return factories.UserFactory(roles=[Role.APPLICANT], listing="PP-1042")


def _audit(person):
    return list(
        PractitionerVerification.objects.filter(practitioner=person)
        .order_by("created_at", "id")
        .values_list("action", "actor_id", "source", "listing", "note", "created_at")
    )


@pytest.mark.django_db
def test_the_staff_role_holds_the_verify_permission_and_other_roles_do_not(
    staff_member, board_member, reviewer, applicant
):
    assert (
        Group.objects.get(name=Role.STAFF)
        .permissions.filter(codename="verify_practitioner", content_type__app_label="accounts")
        .exists()
    )
    assert staff_member.has_perm("accounts.verify_practitioner") is True
    assert board_member.has_perm("accounts.verify_practitioner") is False
    assert reviewer.has_perm("accounts.verify_practitioner") is False
    assert applicant.has_perm("accounts.verify_practitioner") is False


@pytest.mark.django_db
def test_verifying_records_who_and_when_on_the_profile_and_in_the_audit(practitioner, staff_member):
    services.verify_practitioner(
        practitioner_id=practitioner.pk, by=staff_member, note="Checked the directory.", at=AT
    )

    practitioner.refresh_from_db()
    assert practitioner.is_verified_practitioner is True
    assert practitioner.listing_verified_at == AT
    assert practitioner.listing_verified_by == staff_member
    assert _audit(practitioner) == [
        (
            VerificationAction.VERIFIED,
            staff_member.pk,
            VerificationSource.OFFICE,
            "PP-1042",
            "Checked the directory.",
            AT,
        )
    ]


@pytest.mark.django_db
def test_verifying_someone_already_verified_changes_nothing_and_adds_no_row(
    practitioner, staff_member
):
    services.verify_practitioner(practitioner_id=practitioner.pk, by=staff_member, at=AT)

    services.verify_practitioner(practitioner_id=practitioner.pk, by=staff_member, at=LATER)

    practitioner.refresh_from_db()
    assert practitioner.listing_verified_at == AT
    assert len(_audit(practitioner)) == 1


@pytest.mark.django_db
def test_removing_a_verification_is_audited_too(practitioner, staff_member):
    services.verify_practitioner(practitioner_id=practitioner.pk, by=staff_member, at=AT)

    services.unverify_practitioner(
        practitioner_id=practitioner.pk, by=staff_member, note="Listing lapsed.", at=LATER
    )

    practitioner.refresh_from_db()
    assert practitioner.is_verified_practitioner is False
    assert practitioner.listing_verified_at is None
    assert practitioner.listing_verified_by is None
    assert [row[0] for row in _audit(practitioner)] == [
        VerificationAction.VERIFIED,
        VerificationAction.UNVERIFIED,
    ]
    assert _audit(practitioner)[1] == (
        VerificationAction.UNVERIFIED,
        staff_member.pk,
        VerificationSource.OFFICE,
        "PP-1042",
        "Listing lapsed.",
        LATER,
    )


@pytest.mark.django_db
def test_someone_without_the_permission_cannot_verify(practitioner, board_member):
    with pytest.raises(services.VerificationRefused) as refused:
        services.verify_practitioner(practitioner_id=practitioner.pk, by=board_member)

    assert refused.value.message == "You are not allowed to verify Preferred Practitioners."
    practitioner.refresh_from_db()
    assert practitioner.is_verified_practitioner is False
    assert _audit(practitioner) == []


@pytest.mark.django_db
def test_a_new_listing_tells_each_staff_member_once(staff_member, board_member):
    other_staff = factories.UserFactory(roles=[Role.STAFF])
    person = factories.UserFactory(roles=[Role.APPLICANT], listing="PP-7")

    services.listing_given(user=person)
    person.listing = "https://s4om.org/directory/PP-7/"
    services.listing_given(user=person, previous_listing="PP-7")

    notices = Notice.objects.filter(event=Event.AWAITING_VERIFICATION)
    assert sorted(notices.values_list("user_id", flat=True)) == sorted(
        [staff_member.pk, other_staff.pk]
    )
    notice = notices.get(user=staff_member)
    assert notice.title == f"Listing to verify: {person.full_name}"
    assert notice.url == f"/office/practitioners/?q={person.email.replace('@', '%40')}"


@pytest.mark.django_db
def test_no_notice_without_a_listing_or_when_already_verified(staff_member):
    unlisted = factories.UserFactory(roles=[Role.APPLICANT], listing="")
    verified = factories.UserFactory(roles=[Role.APPLICANT], listing="PP-9")
    services.verify_practitioner(practitioner_id=verified.pk, by=staff_member)
    verified.refresh_from_db()

    services.listing_given(user=unlisted)
    services.listing_given(user=verified, previous_listing="PP-8")

    assert not Notice.objects.filter(event=Event.AWAITING_VERIFICATION).exists()


@pytest.mark.django_db
def test_signing_up_with_a_listing_tells_staff(client, staff_member):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new.person@example.org",
            "full_name": "New Person",
            "listing": "PP-3300",
            "password1": factories.TEST_PASSWORD,
            "password2": factories.TEST_PASSWORD,
        },
    )

    assert response.status_code == 200  # the same "check your email" page for any address
    notice = Notice.objects.get(event=Event.AWAITING_VERIFICATION)
    assert notice.user == staff_member
    assert notice.body == "Listing given: PP-3300"


@pytest.mark.django_db
def test_adding_a_listing_on_the_profile_tells_staff(client, staff_member):
    person = factories.UserFactory(roles=[Role.APPLICANT], listing="", full_name="Ana Lee")
    client.force_login(person)

    response = client.post(
        "/accounts/profile/", {"full_name": "Ana Lee", "listing": "PP-55", "wants_reminders": "on"}
    )

    assert response.status_code == 302
    assert Notice.objects.filter(event=Event.AWAITING_VERIFICATION, user=staff_member).count() == 1


@pytest.mark.django_db
def test_the_applicant_hears_when_their_listing_is_verified(practitioner, staff_member):
    services.verify_practitioner(practitioner_id=practitioner.pk, by=staff_member)

    notice = Notice.objects.get(user=practitioner, event=Event.LISTING_VERIFIED)
    assert notice.title == "Your Preferred Practitioner listing is verified"
    assert notice.url == "/applications/"


@pytest.mark.django_db
def test_the_admin_shows_the_verification_read_only_with_its_audit(
    client, practitioner, staff_member
):
    services.verify_practitioner(practitioner_id=practitioner.pk, by=staff_member, note="Seen.")
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get(f"/admin/accounts/user/{practitioner.pk}/change/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="listing_verified_at"' not in page  # shown, not editable
    assert "Listing verified by" in page
    assert "Seen." in page  # the audit inline
    assert 'name="listing_verifications-0-note"' not in page
