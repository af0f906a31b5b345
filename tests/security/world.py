"""A small, realistic world for the security and privacy tests, built through the real
services: one person of every role, an open cycle with the owner's draft, and a closed
cycle whose application was submitted, assigned to two reviewers (one recused with a
declared conflict), reviewed and (optionally) decided and released.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.roles import Role
from decisions import services as decisions
from grants import services as grant_services
from grants.models import Application, Attachment, Cycle
from notifications.models import Notice
from reviews import services as review_services
from reviews.models import Assignment, Criterion, KnownConflict, Review
from reviews.services import ScoreInput
from tests import factories

NAMES = {
    "owner": "Olive Owner",
    "other_applicant": "Otto Other",
    "assigned_reviewer": "Rita Assigned",
    "unassigned_reviewer": "Uma Unassigned",
    "recused_reviewer": "Rex Recused",
    "board": "Bea Board",
    "staff": "Sam Staff",
}
ROLES = {
    "owner": [Role.APPLICANT],
    "other_applicant": [Role.APPLICANT],
    "assigned_reviewer": [Role.APPLICANT, Role.REVIEWER],
    "unassigned_reviewer": [Role.APPLICANT, Role.REVIEWER],
    "recused_reviewer": [Role.APPLICANT, Role.REVIEWER],
    "board": [Role.APPLICANT, Role.BOARD],
    "staff": [Role.APPLICANT, Role.STAFF],
}


@dataclass
class World:
    people: dict
    open_cycle: Cycle
    closed_cycle: Cycle
    draft: Application
    other_draft: Application
    submitted: Application
    attachment: Attachment
    submitted_attachment: Attachment
    assignment: Assignment
    recused_assignment: Assignment
    unassigned_reviewer_assignment: Assignment
    review: Review
    criterion: Criterion
    known_conflict: KnownConflict
    owner_notice: Notice

    def __getattr__(self, name):
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        raise AttributeError(name)


def make_people(suffix: str = "") -> dict:
    return {
        key: factories.UserFactory(
            full_name=NAMES[key],
            email=f"{key.replace('_', '.')}{suffix}@example.org",
            roles=ROLES[key],
        )
        for key in NAMES
    }


def build_world(*, decided: bool = False, suffix: str = "") -> World:
    """`suffix` tells the people of a second world apart (emails are unique)."""
    people = make_people(suffix)
    now = timezone.now()

    open_cycle = factories.CycleFactory(title="Spring practitioner grants")
    question = factories.CycleQuestionFactory(cycle=open_cycle, label="Where will you practise?")
    draft = factories.ApplicationFactory(
        cycle=open_cycle, applicant=people["owner"], title="Mentorship with a hospice team"
    )
    factories.AnswerFactory(application=draft, question=question, value="Asheville hospice")
    attachment = factories.AttachmentFactory(application=draft, original_name="quote.pdf")
    other_draft = factories.ApplicationFactory(
        cycle=open_cycle, applicant=people["other_applicant"], title="Otto's course"
    )

    closed_cycle = factories.CycleFactory(
        title="Autumn practitioner grants",
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=10),
        reviews_due_at=now + timedelta(days=10),
        reviewers_per_application=1,
    )
    rubric = factories.RubricFactory(cycle=closed_cycle)
    criterion = factories.CriterionFactory(rubric=rubric, name="Benefit to clients")
    submitted = factories.ApplicationFactory(
        cycle=closed_cycle,
        applicant=people["owner"],
        title="Oncology massage certification",
        amount_requested=Decimal("1200.00"),
    )
    submitted_attachment = factories.AttachmentFactory(
        application=submitted, original_name="course-outline.pdf"
    )
    grant_services.submit(
        submitted, by=people["owner"], at=closed_cycle.closes_at - timedelta(days=1)
    )

    assignment, recused, unassigned_one = _assign_and_review(
        submitted, people, criterion=criterion, other_app_cycle=closed_cycle
    )
    review = Review.objects.get(assignment=assignment)
    known_conflict = review_services.record_known_conflict(
        reviewer=people["unassigned_reviewer"],
        applicant=people["other_applicant"],
        by=people["board"],
        reason="Business partners",
    )
    if decided:
        decide_and_release(submitted, people["board"])
    submitted.refresh_from_db()
    return World(
        people=people,
        open_cycle=open_cycle,
        closed_cycle=closed_cycle,
        draft=draft,
        other_draft=other_draft,
        submitted=submitted,
        attachment=attachment,
        submitted_attachment=submitted_attachment,
        assignment=assignment,
        recused_assignment=recused,
        unassigned_reviewer_assignment=unassigned_one,
        review=review,
        criterion=criterion,
        known_conflict=known_conflict,
        owner_notice=Notice.objects.filter(user=people["owner"]).latest("pk"),
    )


def _assign_and_review(application, people, *, criterion, other_app_cycle):
    board = people["board"]
    assignment, recused = review_services.assign(
        by=board,
        applications=[application],
        reviewers=[people["assigned_reviewer"], people["recused_reviewer"]],
    )
    review_services.declare_conflict(
        assignment=recused, by=people["recused_reviewer"], reason="We share a studio."
    )
    review_services.declare_no_conflict(assignment=assignment, by=people["assigned_reviewer"])
    review_services.submit_review(
        assignment=assignment,
        by=people["assigned_reviewer"],
        scores={criterion.pk: ScoreInput(value=4, comment="Clear benefit.")},
        overall_comment="A careful, realistic plan.",
        recommendation="fund",
    )
    # The "unassigned" reviewer reviews something else (another applicant's application),
    # so they are a real reviewer with work of their own, just not on this application.
    elsewhere = factories.ApplicationFactory(cycle=other_app_cycle, title="Someone else's plan")
    grant_services.submit(
        elsewhere, by=elsewhere.applicant, at=other_app_cycle.closes_at - timedelta(days=2)
    )
    (unassigned_one,) = review_services.assign(
        by=board, applications=[elsewhere], reviewers=[people["unassigned_reviewer"]]
    )
    for obj in (assignment, recused):
        obj.refresh_from_db()
    return assignment, recused, unassigned_one


def decide_and_release(application, board, *, amount=Decimal("1000.00")):
    application.refresh_from_db()
    decisions.decide(
        application,
        by=board,
        action=decisions.Action.AWARD,
        amount=amount,
        note="Funded in full but for travel.",
    )
    decisions.release_decisions(application.cycle, by=board, confirm_undecided=True)
    application.refresh_from_db()
    return application
