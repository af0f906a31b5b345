"""Importing the society's directory (CSV): everyone it names is verified, or, when any
row is malformed, no one, with each problem given by its line number."""

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from accounts import services
from accounts.directory import listing_key
from accounts.models import PractitionerVerification, User, VerificationSource
from accounts.roles import Role
from tests import factories

AT = datetime(2027, 1, 12, 15, 30, tzinfo=UTC)


@pytest.fixture
def people(db):
    return {
        "ana": factories.UserFactory(
            roles=[Role.APPLICANT], email="ana@example.org", listing="PP-1042"
        ),
        "ben": factories.UserFactory(
            roles=[Role.APPLICANT],
            email="ben@example.org",
            listing="https://s4om.org/directory/pp-2210/",
        ),
        "cleo": factories.UserFactory(roles=[Role.APPLICANT], email="Cleo@Example.org"),
    }


def _verified_emails():
    return sorted(
        User.objects.filter(listing_verified_at__isnull=False).values_list("email", flat=True)
    )


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("PP-1042", "pp-1042"),
        (" pp-1042 ", "pp-1042"),
        ("https://s4om.org/directory/PP-1042/", "pp-1042"),
        ("https://s4om.org/find?member=PP-1042", "pp-1042"),
        ("", ""),
    ],
)
def test_a_listing_is_compared_by_its_id(value, key):
    assert listing_key(value) == key


@pytest.mark.django_db
def test_a_file_with_a_header_verifies_everyone_it_names(people, staff_member):
    data = (
        b"Name,Email,Listing ID\n"
        b"Ana,,PP-1042\n"
        b"Ben,,PP-2210\n"
        b"Cleo,cleo@example.org,\n"
        b"Dora,dora@example.org,PP-9999\n"
    )

    result = services.import_directory(data=data, by=staff_member, at=AT)

    assert [p.email for p in result.verified] == [
        "ana@example.org",
        "ben@example.org",
        "Cleo@Example.org",
    ]
    assert result.already_verified == []
    assert [str(p) for p in result.skipped] == ["Line 5: no account has “dora@example.org”."]
    assert _verified_emails() == ["Cleo@Example.org", "ana@example.org", "ben@example.org"]
    rows = PractitionerVerification.objects.order_by("practitioner__email")
    assert [(r.practitioner.email, r.note) for r in rows] == [
        ("Cleo@Example.org", "In the directory file, line 4."),
        ("ana@example.org", "In the directory file, line 2."),
        ("ben@example.org", "In the directory file, line 3."),
    ]
    assert {(r.actor, r.source, r.created_at) for r in rows} == {
        (staff_member, VerificationSource.IMPORT, AT)
    }


@pytest.mark.django_db
def test_a_file_without_a_header_takes_a_listing_id_or_an_email_per_row(people, staff_member):
    services.verify_practitioner(practitioner_id=people["ana"].pk, by=staff_member)
    data = b"PP-1042\n\nben@example.org,extra column\n"

    result = services.import_directory(data=data, by=staff_member)

    assert [p.email for p in result.verified] == ["ben@example.org"]
    assert [p.email for p in result.already_verified] == ["ana@example.org"]
    assert result.skipped == []
    assert PractitionerVerification.objects.count() == 2  # ana by hand, ben by the file


@pytest.mark.django_db
def test_a_malformed_row_imports_nothing_and_names_every_bad_line(people, staff_member):
    data = (
        b"email,listing\n"
        b"ana@example.org,\n"
        b"not-an-email,\n"
        b",\n"
        b",PP 1042 with spaces\n"
        b"ben@example.org,PP-2210\n"
    )

    with pytest.raises(services.DirectoryImportRefused) as refused:
        services.import_directory(data=data, by=staff_member)

    assert [str(problem) for problem in refused.value.problems] == [
        "Line 3: “not-an-email” is not an email address.",
        "Line 5: “PP 1042 with spaces” is not a listing id "
        "(letters, digits, dots and dashes only).",
    ]
    assert _verified_emails() == []
    assert not PractitionerVerification.objects.exists()


@pytest.mark.django_db
def test_a_row_with_nothing_to_match_on_is_malformed(people, staff_member):
    data = b"Name,Email,Listing\nAna,ana@example.org,\nBen,,\n"

    with pytest.raises(services.DirectoryImportRefused) as refused:
        services.import_directory(data=data, by=staff_member)

    assert [str(p) for p in refused.value.problems] == [
        "Line 3: there is no email address or listing id on this row."
    ]
    assert _verified_emails() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file has no rows to import."),
        (b"email\n\n", "The file has no rows to import."),
        (
            "ana@example.org\n".encode("utf-16"),
            "The file is not UTF-8 text. Save it again as “CSV UTF-8” and upload it again.",
        ),
    ],
)
def test_an_empty_or_unreadable_file_is_refused(people, staff_member, data, message):
    with pytest.raises(services.DirectoryImportRefused) as refused:
        services.import_directory(data=data, by=staff_member)

    assert [str(p) for p in refused.value.problems] == [message]


@pytest.mark.django_db
def test_a_listing_shared_by_two_accounts_verifies_neither(people, staff_member):
    factories.UserFactory(roles=[Role.APPLICANT], email="ana2@example.org", listing="pp-1042")

    result = services.import_directory(data=b"PP-1042\n", by=staff_member)

    assert result.verified == []
    assert [str(p) for p in result.skipped] == [
        "Line 1: 2 accounts give the listing “pp-1042”; verify the right one on the office page."
    ]


@pytest.mark.django_db
def test_someone_without_the_permission_cannot_import(people, board_member):
    with pytest.raises(services.VerificationRefused):
        services.import_directory(data=b"PP-1042\n", by=board_member)

    assert _verified_emails() == []


@pytest.mark.django_db
def test_the_command_imports_a_valid_file(people, staff_member, tmp_path, capsys):
    path = tmp_path / "directory.csv"
    path.write_bytes(b"listing\nPP-1042\nPP-0000\n")

    call_command("import_directory", str(path), "--by", staff_member.email)

    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Skipped Line 3: no account has “pp-0000”.",
        "Verified 1 applicant(s); 0 already verified; 1 row(s) matched no single account.",
    ]
    row = PractitionerVerification.objects.get()
    assert (row.practitioner, row.actor, row.source) == (
        people["ana"],
        staff_member,
        VerificationSource.COMMAND,
    )


@pytest.mark.django_db
def test_the_command_refuses_a_malformed_file_and_imports_nothing(people, tmp_path, capsys):
    path = tmp_path / "directory.csv"
    path.write_bytes(b"email\nana@example.org\nben at example\n")

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_directory", str(path))

    assert capsys.readouterr().err.splitlines() == [
        "Line 3: “ben at example” is not an email address."
    ]
    assert _verified_emails() == []
