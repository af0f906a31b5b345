"""The office pages where staff verify Preferred Practitioners: the list of applicants
awaiting verification, verify and remove buttons, and the directory import."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import services as accounts
from accounts.models import PractitionerVerification, User, VerificationAction
from accounts.roles import Role
from tests import factories

# Session, user, permissions (user and group), count, roles, notices badge, the page of
# people (with who verified them and whether a draft waits), and the session save.
PRACTITIONERS_QUERIES = 7  # the session is not written on every request (config/sessions.py)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def waiting(db):
    return factories.UserFactory(
        roles=[Role.APPLICANT], full_name="Wren Waiting", listing="PP-1042"
    )


@pytest.mark.django_db
def test_staff_see_applicants_awaiting_verification_with_waiting_drafts_first(
    client, staff_member, waiting
):
    eager = factories.UserFactory(roles=[Role.APPLICANT], full_name="Eve Eager", listing="PP-7")
    factories.ApplicationFactory(
        applicant=eager, cycle=factories.CycleFactory(requires_verified_practitioner=True)
    )
    factories.UserFactory(roles=[Role.APPLICANT], full_name="Nora No-listing", listing="")
    done = factories.UserFactory(roles=[Role.APPLICANT], full_name="Vera Verified", listing="PP-9")
    accounts.verify_practitioner(practitioner_id=done.pk, by=staff_member)
    client.force_login(staff_member)

    awaiting = client.get(reverse("grants:office_practitioners"))
    unlisted = client.get(reverse("grants:office_practitioners"), {"show": "unlisted"})
    verified = client.get(reverse("grants:office_practitioners"), {"show": "verified"})

    assert [p.full_name for p in awaiting.context["page"].object_list] == [
        "Eve Eager",
        "Wren Waiting",
    ]
    assert [p.full_name for p in unlisted.context["page"].object_list] == [
        staff_member.full_name,
        "Nora No-listing",
    ]
    assert [p.full_name for p in verified.context["page"].object_list] == ["Vera Verified"]
    assert "Yes: a draft in a cycle that needs verification" in awaiting.content.decode()


@pytest.mark.django_db
def test_the_list_finds_a_person_by_email(client, staff_member, waiting):
    factories.UserFactory(roles=[Role.APPLICANT], listing="PP-8")
    client.force_login(staff_member)

    response = client.get(reverse("grants:office_practitioners"), {"q": waiting.email})

    assert list(response.context["page"].object_list) == [waiting]


@pytest.mark.django_db
def test_verify_from_the_list_records_the_staff_member(client, staff_member, waiting):
    client.force_login(staff_member)

    response = client.post(reverse("grants:office_verify", args=[waiting.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("grants:office_practitioners")
    assert _messages(response) == ["Wren Waiting is now a verified Preferred Practitioner."]
    waiting.refresh_from_db()
    assert waiting.listing_verified_by == staff_member
    row = PractitionerVerification.objects.get(practitioner=waiting)
    assert (row.action, row.actor) == (VerificationAction.VERIFIED, staff_member)


@pytest.mark.django_db
def test_remove_a_verification_with_a_note(client, staff_member, waiting):
    accounts.verify_practitioner(practitioner_id=waiting.pk, by=staff_member)
    client.force_login(staff_member)

    response = client.post(
        reverse("grants:office_unverify", args=[waiting.pk]),
        {"note": "Wrong person.", "show": "verified"},
    )

    assert response["Location"] == reverse("grants:office_practitioners") + "?show=verified"
    waiting.refresh_from_db()
    assert waiting.is_verified_practitioner is False
    assert list(
        PractitionerVerification.objects.filter(practitioner=waiting)
        .order_by("id")
        .values_list("action", "note")
    ) == [(VerificationAction.VERIFIED, ""), (VerificationAction.UNVERIFIED, "Wrong person.")]


@pytest.mark.django_db
def test_the_redirect_after_an_action_never_leaves_the_site(client, staff_member, waiting):
    client.force_login(staff_member)

    response = client.post(
        reverse("grants:office_verify", args=[waiting.pk]), {"show": "https://evil.example/"}
    )

    assert response["Location"] == reverse("grants:office_practitioners")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["office_verify", "office_unverify"])
def test_an_unknown_or_switched_off_account_is_a_404(client, staff_member, name):
    gone = factories.UserFactory(roles=[Role.APPLICANT], listing="PP-1", is_active=False)
    not_an_applicant = factories.UserFactory(roles=[Role.REVIEWER], listing="PP-2")
    client.force_login(staff_member)

    for pk in (gone.pk, not_an_applicant.pk, User.objects.order_by("-pk").first().pk + 1):
        assert client.post(reverse(f"grants:{name}", args=[pk])).status_code == 404
    assert not PractitionerVerification.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["board_member", "reviewer", "applicant"])
def test_people_without_the_permission_are_refused(client, request, waiting, person):
    client.force_login(request.getfixturevalue(person))

    assert client.get(reverse("grants:office_practitioners")).status_code == 403
    assert client.post(reverse("grants:office_verify", args=[waiting.pk])).status_code == 403
    assert client.post(reverse("grants:office_directory_import")).status_code == 403
    waiting.refresh_from_db()
    assert waiting.is_verified_practitioner is False


@pytest.mark.django_db
def test_a_custom_role_with_the_permission_may_verify(client, waiting):
    from django.contrib.auth.models import Permission

    clerk = factories.UserFactory()
    clerk.user_permissions.add(Permission.objects.get(codename="verify_practitioner"))
    client.force_login(clerk)

    response = client.post(reverse("grants:office_verify", args=[waiting.pk]))

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.listing_verified_by == clerk


@pytest.mark.django_db
def test_the_import_page_verifies_a_valid_file(client, staff_member, waiting):
    client.force_login(staff_member)
    upload = SimpleUploadedFile("directory.csv", b"listing\nPP-1042\nPP-0000\n", "text/csv")

    response = client.post(reverse("grants:office_directory_import"), {"file": upload})

    assert response.status_code == 200
    result = response.context["result"]
    assert result.verified == [waiting]
    page = response.content.decode()
    assert (
        "1 applicant newly verified; 0 already verified; 1 row matched no single account." in page
    )
    assert "Line 3: no account has “pp-0000”." in page
    waiting.refresh_from_db()
    assert waiting.is_verified_practitioner is True


@pytest.mark.django_db
def test_the_import_page_lists_malformed_lines_and_imports_nothing(client, staff_member, waiting):
    client.force_login(staff_member)
    upload = SimpleUploadedFile(
        "directory.csv", b"name,email,listing\nAna,,PP-1042\nNoe,nope,\nBen,,\n", "text/csv"
    )

    response = client.post(reverse("grants:office_directory_import"), {"file": upload})

    assert response.status_code == 200
    assert [str(p) for p in response.context["problems"]] == [
        "Line 3: “nope” is not an email address.",
        "Line 4: there is no email address or listing id on this row.",
    ]
    page = response.content.decode()
    assert "<title>Error: Import the society" in page
    assert "Nothing was imported: 2 rows need fixing" in page
    waiting.refresh_from_db()
    assert waiting.is_verified_practitioner is False
    assert not PractitionerVerification.objects.exists()


@pytest.mark.django_db
def test_the_import_page_asks_for_a_file(client, staff_member):
    client.force_login(staff_member)

    response = client.post(reverse("grants:office_directory_import"))

    assert response.context["form"].errors == {"file": ["Choose the CSV file to import."]}


@pytest.mark.django_db
def test_the_cycles_office_links_staff_to_verification(client, staff_member, board_member):
    client.force_login(staff_member)
    staff_page = client.get(reverse("grants:office_cycles")).content.decode()
    client.force_login(board_member)
    board_page = client.get(reverse("grants:office_cycles")).content.decode()

    link = f'href="{reverse("grants:office_practitioners")}"'
    assert link in staff_page
    assert link not in board_page


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_the_list_queries_do_not_grow(client, staff_member, size, django_assert_num_queries):
    cycle = factories.CycleFactory(requires_verified_practitioner=True)
    for n in range(size):
        person = factories.UserFactory(roles=[Role.APPLICANT], listing=f"PP-{n}")
        factories.ApplicationFactory(applicant=person, cycle=cycle)
    client.force_login(staff_member)

    with django_assert_num_queries(PRACTITIONERS_QUERIES):
        response = client.get(reverse("grants:office_practitioners"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == size
