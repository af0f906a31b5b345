"""Pictures of the main pages for the README: `make screenshots` writes docs/screenshots/.

Skipped in the normal test run (the journey tests already visit and audit these pages).
The data is made with factories and services, so the pictures show a lived-in cycle.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.roles import Role
from grants import services
from grants.workflow import State
from reviews import decisions
from reviews import services as review_services
from tests import factories
from tests.e2e.conftest import PHONE
from tests.e2e.journey import for_application
from tests.e2e.person import Person
from tests.e2e.world import build_world

pytestmark = pytest.mark.e2e

OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

OTHER_APPLICATIONS = [
    # title, amount, score given by both reviewers
    ("Massage for the chemo day unit", Decimal("1800.00"), 5),
    ("Oncology massage mentorship", Decimal("900.00"), 4),
    ("Caregiver hand-massage workshops", Decimal("1500.00"), 3),
]


@pytest.fixture
def shots(request):
    if not request.config.getoption("--screenshots", default=False):
        pytest.skip("screenshots are written only by `make screenshots`")
    OUTPUT.mkdir(parents=True, exist_ok=True)

    def shoot(page, name, *, full_page=True):
        if not full_page:  # what the first screen shows, as on a phone
            page.screenshot(path=OUTPUT / f"{name}.png")
            return
        # A window as tall as the page, so sticky bars sit where they belong in the picture.
        size = page.viewport_size
        height = page.evaluate("() => document.documentElement.scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
        page.screenshot(path=OUTPUT / f"{name}.png", full_page=True)
        page.set_viewport_size(size)

    return shoot


def lived_in_world():
    """A cycle with reviewed applications, an applicant with a draft and a past award."""
    world = build_world()
    ana = factories.UserFactory(
        email="ana.field@example.org", full_name="Ana Field", roles=[Role.APPLICANT]
    )
    draft = factories.ApplicationFactory(
        cycle=world.cycle,
        applicant=ana,
        title="Oncology massage certification",
        eligibility_confirmed=False,
    )
    factories.AttachmentFactory(application=draft, original_name="course-quote.pdf")

    past = factories.CycleFactory(
        title="Practitioner grants 2026",
        opens_at=timezone.now() - timedelta(days=400),
        closes_at=timezone.now() - timedelta(days=340),
    )
    earlier = factories.ApplicationFactory(
        cycle=past, applicant=ana, title="Community massage at the support group"
    )
    services.submit(earlier, by=ana, at=past.opens_at + timedelta(days=3))
    factories.force_state(
        earlier, State.AWARDED, awarded_amount=Decimal("800.00"), decided_at=timezone.now()
    )
    past.decisions_released_at = timezone.now() - timedelta(days=300)
    past.save()

    applications = [world.other_application]
    for title, amount, _ in OTHER_APPLICATIONS:
        application = factories.ApplicationFactory(
            cycle=world.cycle,
            title=title,
            amount_requested=amount,
            applicant=factories.UserFactory(roles=[Role.APPLICANT]),
        )
        services.submit(application, by=application.applicant)
        applications.append(application)
    review_services.assign(
        by=world.board_member, applications=applications, reviewers=world.reviewers[:2]
    )
    levels = {
        app.pk: score
        for app, (_, _, score) in zip(applications[1:], OTHER_APPLICATIONS, strict=True)
    }
    for index, assignment in enumerate(
        review_services.Assignment.objects.filter(application__in=applications)
        .select_related("reviewer")
        .order_by("pk")
    ):
        value = levels.get(assignment.application_id, 2) - index % 2
        scores = {c.pk: review_services.ScoreInput(value=max(value, 1)) for c in world.criteria}
        review_services.declare_no_conflict(assignment=assignment, by=assignment.reviewer)
        review_services.submit_review(
            assignment=assignment,
            by=assignment.reviewer,
            scores=scores,
            overall_comment="A clear plan.",
            recommendation="fund",
        )
    top = applications[1]
    top.refresh_from_db()
    decisions.decide(top, by=world.board_member, action="award", note="Fully funded.")

    # The third volunteer is part-way through a review of a newer application.
    hana = world.reviewers[2]
    newer = factories.ApplicationFactory(
        cycle=world.cycle,
        title="Lymphedema-aware massage training",
        amount_requested=Decimal("1100.00"),
        summary="A two-day training in lymphedema-aware massage, then monthly clinic sessions.",
        applicant=factories.UserFactory(roles=[Role.APPLICANT]),
    )
    services.submit(newer, by=newer.applicant)
    [assignment] = review_services.assign(
        by=world.board_member, applications=[newer], reviewers=[hana]
    )
    review_services.declare_no_conflict(assignment=assignment, by=hana)
    return world, ana, hana


def signed_in(people, user, viewport=None) -> Person:
    page = people.open(viewport=viewport)
    someone = Person(page, people.audit_for(page), email=user.email)
    someone.log_in()
    return someone


def test_screenshots_of_the_main_pages(people, shots):
    world, ana, hana = lived_in_world()

    page = people.open()
    visitor = Person(page, people.audit_for(page))
    visitor.goto("/")
    shots(page, "home")
    phone = people.open(viewport=PHONE)
    Person(phone, people.audit_for(phone)).goto("/")
    shots(phone, "home-phone", full_page=False)

    applicant = signed_in(people, ana)
    applicant.follow("My applications", exact=True)
    shots(applicant.page, "applicant-dashboard")
    applicant.follow("Continue editing")
    shots(applicant.page, "application-form")

    on_phone = signed_in(people, ana, viewport=PHONE)
    on_phone.follow("My applications", exact=True)
    on_phone.follow("Continue editing")
    shots(on_phone.page, "application-form-phone", full_page=False)

    reviewer = signed_in(people, hana)
    reviewer.follow("My reviews", exact=True)
    reviewer.follow(for_application("Review", "Lymphedema-aware massage training"))
    shots(reviewer.page, "review-form")

    board = signed_in(people, world.board_member)
    board.follow("Decisions desk", exact=True)
    board.follow(world.cycle.title, exact=True)
    shots(board.page, "decisions-desk")
