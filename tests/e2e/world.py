"""The world a journey starts in, made with factories: the parts no person does on screen.

An open cycle with a rubric, two volunteer reviewers, a board member, and another
applicant's submitted application for the board to decline.
"""

from dataclasses import dataclass
from decimal import Decimal

from accounts.roles import Role
from grants import services
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
    reviewers = [
        factories.UserFactory(
            email="rosa.reviewer@example.org", full_name="Rosa Reviewer", roles=[Role.REVIEWER]
        ),
        factories.UserFactory(
            email="carl.conflicted@example.org",
            full_name="Carl Conflicted",
            roles=[Role.REVIEWER],
        ),
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


def pdf_file(tmp_path, name="course-quote.pdf"):
    path = tmp_path / name
    path.write_bytes(TINY_PDF)
    return path
