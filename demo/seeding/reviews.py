"""Demo review data: a rubric for each demo cycle and, in the closed cycle, assignments
and reviews at every stage (reviewed, half reviewed, a draft, a declared conflict, work
not started). Runs after demo.seeding.grants; safe to run again."""

from decimal import Decimal

from reviews import services
from reviews.models import Assignment, Criterion, Rubric
from reviews.services import ScoreInput

REVIEWER_EMAILS = ["reviewer@example.org", "reviewer2@example.org", "reviewer3@example.org"]
BOARD_EMAIL = "board@example.org"

CRITERIA = [
    {
        "name": "Benefit to people living with cancer",
        "guidance": "How directly and how much will clients in treatment or survivorship gain?",
        "weight": Decimal("2.00"),
        "scale_min": 1,
        "scale_max": 5,
        "level_descriptions": (
            "No clear benefit to people living with cancer\n"
            "Some benefit, but indirect or very small\n"
            "A clear benefit to a few people\n"
            "A clear benefit to many people, or a large one to a few\n"
            "An outstanding, lasting benefit to many people"
        ),
        "allows_na": False,
    },
    {
        "name": "Feasibility of the plan",
        "guidance": "Is the timeline realistic and the budget right for what is planned?",
        "weight": Decimal("1.00"),
        "scale_min": 0,
        "scale_max": 10,
        "level_descriptions": (
            "No workable plan\n\n\nA plan with serious gaps\n\nA workable plan with some gaps"
            "\n\nA sound plan\n\n\nA thorough, realistic plan"
        ),
        "allows_na": False,
    },
    {
        "name": "Reach into the community",
        "guidance": "Does the work reach beyond the practitioner's own clients? "
        "Mark N/A for purely professional development.",
        "weight": Decimal("1.00"),
        "scale_min": 1,
        "scale_max": 5,
        "level_descriptions": "None\nA little\nSome\nGood\nExcellent",
        "allows_na": True,
    },
]

# (application index, reviewer index): (scores, recommendation, how far it got)
SUBMITTED = "submitted"
DRAFT = "draft"
CONFLICT = "conflict"
PLAN = {
    (0, 0): ((5, 9, None), "fund", SUBMITTED),
    (0, 1): ((4, 7, None), "fund", SUBMITTED),
    (1, 1): ((3, 6, 4), "fund_with_changes", SUBMITTED),
    (1, 2): ((4, 8, 5), "fund", SUBMITTED),
    (2, 2): ((2, 5, None), "do_not_fund", SUBMITTED),
    (2, 0): ((5, 9, None), "fund", SUBMITTED),  # disagrees with the other: flagged
    (3, 0): ((3, 5, 3), "fund_with_changes", SUBMITTED),
    (3, 1): ((2, 4, 2), "do_not_fund", SUBMITTED),
    (4, 1): ((4, 8, 4), "fund", SUBMITTED),
    (4, 2): ((4, 7, 3), "", DRAFT),
    (5, 2): ((0, 0, 0), "", CONFLICT),
    (5, 0): ((0, 0, 0), "", None),  # assigned, not started: Rita's work to do
}


def seed(context):
    people = context.get("people", {})
    cycles = [context.get("open_cycle"), context.get("closed_cycle")]
    for cycle in cycles:
        if cycle is not None:
            _rubric(cycle)
    reviewers = [people[email] for email in REVIEWER_EMAILS if email in people]
    board = people.get(BOARD_EMAIL)
    closed = context.get("closed_cycle")
    applications = sorted(context.get("submitted_applications") or [], key=lambda a: a.pk)
    if closed is None or board is None or len(reviewers) < 3 or len(applications) < 6:
        return
    if Assignment.objects.filter(application__cycle=closed).exists():
        return
    _reviews(closed, board, reviewers, applications)


def _rubric(cycle) -> Rubric:
    rubric, created = Rubric.objects.get_or_create(
        cycle=cycle,
        defaults={
            "instructions": (
                "Read the whole application before you score. Score each criterion against "
                "its level descriptions, and say why in a sentence or two: the board reads "
                "your comments when scores differ."
            )
        },
    )
    if created or not rubric.criteria.exists():
        Criterion.objects.bulk_create(
            Criterion(rubric=rubric, position=position, **fields)
            for position, fields in enumerate(CRITERIA)
        )
    return rubric


def _reviews(cycle, board, reviewers, applications) -> None:
    criteria = list(Criterion.objects.of_cycle(cycle))
    for (app_index, reviewer_index), (values, recommendation, stage) in PLAN.items():
        reviewer = reviewers[reviewer_index]
        (assignment,) = services.assign(
            by=board, applications=[applications[app_index]], reviewers=[reviewer]
        )
        if stage is None:
            continue
        if stage == CONFLICT:
            services.declare_conflict(
                assignment=assignment, by=reviewer, reason="We trained together and are friends."
            )
            continue
        services.declare_no_conflict(assignment=assignment, by=reviewer)
        scores = {
            criterion.pk: ScoreInput(
                value=value,
                is_na=value is None,
                comment="" if value is None else _comment(criterion, value),
            )
            for criterion, value in zip(criteria, values, strict=True)
        }
        save = services.submit_review if stage == SUBMITTED else services.save_review_draft
        save(
            assignment=assignment,
            by=reviewer,
            scores=scores,
            overall_comment="A thoughtful application; see my notes on each criterion.",
            recommendation=recommendation,
        )


def _comment(criterion, value) -> str:
    levels = dict(criterion.levels)
    described = levels.get(value) or "between the described levels"
    return f"{described}."
