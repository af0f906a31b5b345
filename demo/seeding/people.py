"""Demo accounts: one per role, with passwords printed by seed_demo. Never for production."""

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role
from accounts.services import listing_given, verify_practitioner

DEMO_PASSWORD = "demo-grants-2026"

# (email, full name, roles, profile)
DEMO_PEOPLE = [
    (
        "applicant@example.org",
        "Alma Applicant",
        [Role.APPLICANT],
        {
            "credentials": "LMT, oncology massage certified",
            "city": "Asheville",
            "region": "NC",
            "country": "USA",
            "listing": "PP-1042",
        },
    ),
    (
        "applicant2@example.org",
        "Bea Practitioner",
        [Role.APPLICANT],
        {
            "credentials": "LMT",
            "city": "Portland",
            "region": "OR",
            "country": "USA",
            "listing": "PP-2210",
        },
    ),
    ("reviewer@example.org", "Rita Reviewer", [Role.APPLICANT, Role.REVIEWER], {}),
    ("reviewer2@example.org", "Ravi Reviewer", [Role.APPLICANT, Role.REVIEWER], {}),
    ("reviewer3@example.org", "Rosa Reviewer", [Role.APPLICANT, Role.REVIEWER], {}),
    ("board@example.org", "Bo Board", [Role.APPLICANT, Role.BOARD], {}),
    ("staff@example.org", "Sam Staff", [Role.APPLICANT, Role.STAFF], {"is_staff": True}),
    ("treasurer@example.org", "Tara Treasurer", [Role.TREASURER], {}),
]


# Verified as a Preferred Practitioner by the demo's staff member; Bea's listing waits.
VERIFIED_APPLICANT = "applicant@example.org"


def seed_people() -> dict[str, User]:
    """Create or refresh the demo accounts; returns them by email."""
    people = {}
    created_ones = []
    for email, name, roles, profile in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": name, **profile}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            created_ones.append(user)
        user.groups.add(*[Group.objects.get_or_create(name=role)[0] for role in roles])
        people[email] = user
    people[VERIFIED_APPLICANT] = verify_practitioner(
        practitioner_id=people[VERIFIED_APPLICANT].pk,
        by=people["staff@example.org"],
        note="Demo data: checked in the society's directory.",
    )
    for user in created_ones:
        user.refresh_from_db()
        listing_given(user=user)  # staff hear of the listings still to check, as at sign-up
    return people
