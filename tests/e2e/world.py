"""The world a journey starts in, made with factories: the parts no person does on screen.

An open cycle with a rubric, two volunteer reviewers, a board member, and another
applicant's submitted application for the board to decline.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.roles import Role
from decisions import services as decisions
from grants import services
from grants.workflow import State
from reviews import services as review_services
from reviews.models import Assignment, AssignmentStatus
from tests import factories

# A real, tiny, one-page PDF: the upload check reads the header and the end marker.
TINY_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)


@dataclass
class World:
    cycle: object
    rubric: object
    criteria: list
    reviewers: list
    board_member: object
    other_application: object


def build_world() -> World:
    cycle = factories.CycleFactory(
        title="Practitioner grants 2027",
        slug="practitioner-grants-2027",
        description="Grants for **professional development** and **community service**.",
        eligibility="S4OM Preferred Practitioners in good standing.",
        total_budget=Decimal("5000.00"),
        max_request=Decimal("2500.00"),
        reviewers_per_application=2,
    )
    rubric = factories.RubricFactory(
        cycle=cycle, instructions="Score each criterion against its level descriptions."
    )
    criteria = [
        factories.CriterionFactory(
            rubric=rubric,
            position=0,
            name="Clarity of the plan",
            guidance="Is it clear what will happen, when, and by whom?",
            level_descriptions="Unclear\nVague\nAdequate\nClear\nVery clear",
        ),
        factories.CriterionFactory(
            rubric=rubric,
            position=1,
            name="Benefit to people living with cancer",
            guidance="Who gains, and how much?",
            level_descriptions="None\nLittle\nSome\nMuch\nA great deal",
        ),
    ]
    # Three volunteers for two reviews per application: a recusal can be made good.
    reviewers = [
        factories.UserFactory(
            email=f"{name.lower()}.reviewer@example.org",
            full_name=f"{name} Reviewer",
            roles=[Role.REVIEWER],
        )
        for name in ("Rosa", "Carl", "Hana")
    ]
    board_member = factories.UserFactory(
        email="beatrice.board@example.org", full_name="Beatrice Board", roles=[Role.BOARD]
    )
    other = factories.ApplicationFactory(
        cycle=cycle,
        applicant=factories.UserFactory(
            email="olga.other@example.org", full_name="Olga Other", roles=[Role.APPLICANT]
        ),
        title="Community massage days",
        amount_requested=Decimal("2000.00"),
    )
    services.submit(other, by=other.applicant)
    other.refresh_from_db()
    return World(cycle, rubric, criteria, reviewers, board_member, other)


def finish_the_other_reviews(world: World, application) -> None:
    """What other volunteers do meanwhile: the other application gets its two reviews,
    and the recused reviewer's place on `application` goes to the volunteer left over."""
    on_application = set(
        Assignment.objects.filter(application=application).values_list("reviewer_id", flat=True)
    )
    spare = next(r for r in world.reviewers if r.pk not in on_application)
    review_services.assign(by=world.board_member, applications=[application], reviewers=[spare])
    low = {criterion.pk: review_services.ScoreInput(value=2) for criterion in world.criteria}
    high = {criterion.pk: review_services.ScoreInput(value=4) for criterion in world.criteria}
    pending = Assignment.objects.filter(
        application__in=[application, world.other_application], status=AssignmentStatus.ASSIGNED
    )
    for assignment in pending.select_related("reviewer"):
        mine = assignment.application_id == application.pk
        review_services.declare_no_conflict(assignment=assignment, by=assignment.reviewer)
        review_services.submit_review(
            assignment=assignment,
            by=assignment.reviewer,
            scores=high if mine else low,
            overall_comment="Seen and scored.",
            recommendation="fund" if mine else "do_not_fund",
        )


def review_award_and_release(world: World, application, *, amount) -> None:
    """Everything between submission and the letter, done by others: two reviews, an award,
    a decline for the other application, and the release of the decisions."""
    applications = [application, world.other_application]
    review_services.assign(
        by=world.board_member, applications=applications, reviewers=world.reviewers[:2]
    )
    scores = {criterion.pk: review_services.ScoreInput(value=4) for criterion in world.criteria}
    assignments = Assignment.objects.filter(application__in=applications)
    for assignment in assignments.select_related("reviewer"):
        review_services.declare_no_conflict(assignment=assignment, by=assignment.reviewer)
        review_services.submit_review(
            assignment=assignment,
            by=assignment.reviewer,
            scores=scores,
            overall_comment="Seen and scored.",
            recommendation="fund",
        )
    application.refresh_from_db()
    world.other_application.refresh_from_db()
    decisions.decide(application, by=world.board_member, action="award", amount=amount)
    decisions.decide(world.other_application, by=world.board_member, action="decline")
    decisions.release_decisions(world.cycle, by=world.board_member)


OTHER_APPLICATIONS = [
    # title, amount, score given by both reviewers
    ("Massage for the chemo day unit", Decimal("1800.00"), 5),
    ("Oncology massage mentorship", Decimal("900.00"), 4),
    ("Caregiver hand-massage workshops", Decimal("1500.00"), 3),
]


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
        Assignment.objects.filter(application__in=applications)
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
    decisions.decide(
        top,
        by=world.board_member,
        action="award",
        amount=top.amount_requested,
        note="Fully funded.",
    )

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


def pdf_file(tmp_path, name="course-quote.pdf"):
    path = tmp_path / name
    path.write_bytes(TINY_PDF)
    return path
