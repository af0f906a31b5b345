"""One large, realistic cycle built with bulk inserts, for benchmarks and load tests.

`build_scale_cycle(ScaleSpec(...))` makes, in one transaction and a few dozen INSERTs:
applicants (one application each), reviewers, a board member and a staff member, a closed
cycle with two extra questions and a rubric of K criteria, applications spread over every
state with budget lines, answers and audit events, reviewer assignments with their
guardian object permissions, and submitted reviews with scores that behave like real ones
(each application has a quality, each reviewer a leniency).

Nothing here goes through services or signals: it writes the rows those would write, so
10,000 applications take seconds instead of hours. Never run it on a production database.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from demo.seeding.scale_reviews import BATCH, ReviewsMixin
from grants import workflow
from grants.choices import Purpose, QuestionKind
from grants.models import (
    Answer,
    Application,
    ApplicationEvent,
    BudgetLine,
    Cycle,
    CycleQuestion,
)
from grants.workflow import DECIDE, DECISION_STATES, MANAGE_REVIEW, OWNER, TRANSITIONS, State
from reviews.models import (
    Criterion,
    Rubric,
)

SCALE_PASSWORD = "scale-grants-2026"  # noqa: S105 - demo data only
EMAIL_DOMAIN = "scale.example.org"

# How a cycle in the middle of its review looks: share of applications in each state.
REVIEW_STAGE_MIX = [
    (State.DRAFT, 0.06),
    (State.WITHDRAWN, 0.02),
    (State.SUBMITTED, 0.04),
    (State.UNDER_REVIEW, 0.38),
    (State.REVIEWED, 0.30),
    (State.AWARDED, 0.06),
    (State.WAITLISTED, 0.04),
    (State.DECLINED, 0.10),
]
STAGES = ("review", "submitted")

CRITERIA_NAMES = [
    "Clarity of the plan",
    "Benefit to people living with cancer",
    "Feasibility and timeline",
    "Budget is reasonable",
    "Applicant's preparation",
    "Community reach",
    "Sustainability after the grant",
    "Fit with S4OM's mission",
]
BUDGET_ITEMS = ["Course fee", "Travel", "Lodging", "Books and materials", "Supervision hours"]
FIRST_NAMES = ["Alma", "Bea", "Cleo", "Dev", "Esme", "Femi", "Gus", "Hana", "Ivo", "June"]
LAST_NAMES = ["Archer", "Banks", "Cruz", "Diaz", "Ek", "Fox", "Gray", "Holt", "Ibe", "Jain"]
CITIES = [("Asheville", "NC"), ("Portland", "OR"), ("Tucson", "AZ"), ("Duluth", "MN")]


@dataclass(frozen=True)
class ScaleSpec:
    applications: int
    reviewers: int
    criteria: int
    reviews_per_application: int = 3
    cycle_slug: str = ""
    seed: int = 1
    # "review": every state of a cycle under review; "submitted": all submitted, nobody
    # assigned yet (the starting point of auto-assignment).
    stage: str = "review"

    def __post_init__(self):
        if self.applications < 1 or self.criteria < 1:
            raise ValueError("Give at least one application and one criterion.")
        if self.reviews_per_application < 1:
            raise ValueError("Each application needs at least one reviewer.")
        if self.reviewers < self.reviews_per_application:
            raise ValueError(
                f"{self.reviews_per_application} reviews per application need at least "
                f"{self.reviews_per_application} reviewers; {self.reviewers} were given."
            )
        if self.stage not in STAGES:
            raise ValueError(f"The stage must be one of {', '.join(STAGES)}.")


@dataclass
class ScaleResult:
    cycle: Cycle
    board_member: User
    staff_member: User
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def free_slug(base: str) -> str:
    slug, n = base, 1
    while Cycle.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def build_scale_cycle(spec: ScaleSpec) -> ScaleResult:
    started = time.perf_counter()
    slug = spec.cycle_slug or free_slug(f"scale-{spec.applications}")
    if Cycle.objects.filter(slug=slug).exists():
        raise ValueError(f"A cycle with the slug {slug!r} already exists; choose another.")
    with transaction.atomic():
        builder = _Builder(spec, slug)
        result = builder.build()
    result.seconds = time.perf_counter() - started
    return result


class _Builder(ReviewsMixin):
    def __init__(self, spec: ScaleSpec, slug: str):
        self.spec = spec
        self.slug = slug
        self.rng = random.Random(spec.seed)
        self.now = timezone.now()
        self.password = make_password(SCALE_PASSWORD)
        self.counts: dict[str, int] = {}

    def build(self) -> ScaleResult:
        groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role}
        board, staff = self._office_people(groups)
        reviewers = self._people(
            "reviewer", self.spec.reviewers, [Role.APPLICANT, Role.REVIEWER], groups
        )
        applicants = self._people("applicant", self.spec.applications, [Role.APPLICANT], groups)
        cycle = self._cycle()
        questions = self._questions(cycle)
        criteria = self._rubric(cycle)
        states = self._states()
        applications = self._applications(cycle, applicants, states, board)
        self._budget_lines(applications)
        self._answers(applications, questions)
        self._events(applications, board, staff)
        if self.spec.stage == "review":
            self._reviews(cycle, applications, reviewers, criteria, staff)
        return ScaleResult(cycle=cycle, board_member=board, staff_member=staff, counts=self.counts)

    # People ---------------------------------------------------------------------------

    def _office_people(self, groups):
        board = self._user(f"{self.slug}.board@{EMAIL_DOMAIN}", "Bo Board (scale)")
        staff = self._user(f"{self.slug}.staff@{EMAIL_DOMAIN}", "Sam Staff (scale)", is_staff=True)
        User.objects.bulk_create([board, staff])
        self._join(User.objects.filter(pk=board.pk), [Role.APPLICANT, Role.BOARD], groups)
        self._join(User.objects.filter(pk=staff.pk), [Role.APPLICANT, Role.STAFF], groups)
        return board, staff

    def _people(self, kind, count, roles, groups) -> list[User]:
        users = [
            self._user(
                f"{self.slug}.{kind}{i}@{EMAIL_DOMAIN}",
                f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)} {i}",
            )
            for i in range(count)
        ]
        created = User.objects.bulk_create(users, batch_size=BATCH)
        self._join(created, roles, groups)
        self.counts[f"{kind}s"] = len(created)
        return created

    def _user(self, email, name, **extra) -> User:
        city, region = self.rng.choice(CITIES)
        return User(
            email=email,
            full_name=name,
            password=self.password,
            credentials="LMT, oncology massage trained",
            city=city,
            region=region,
            country="USA",
            **extra,
        )

    @staticmethod
    def _join(users, roles, groups):
        through = User.groups.through
        through.objects.bulk_create(
            [through(user_id=u.pk, group_id=groups[role].pk) for u in users for role in roles],
            batch_size=BATCH,
        )

    # The cycle ------------------------------------------------------------------------

    def _cycle(self) -> Cycle:
        n = self.spec.applications
        return Cycle.objects.create(
            title=f"Scale test round ({n:,} applications)",
            slug=self.slug,
            description="A large generated cycle for **benchmarks**. Not real applications.",
            eligibility="Generated applicants.",
            opens_at=self.now - timedelta(days=60),
            closes_at=self.now - timedelta(days=20),
            reviews_due_at=self.now + timedelta(days=10),
            time_zone="America/New_York",
            currency="USD",
            # Enough for every generated award with room to decide more.
            total_budget=Decimal(n) * Decimal("1500.00"),
            max_request=Decimal("2500.00"),
            reviewers_per_application=self.spec.reviews_per_application,
        )

    def _questions(self, cycle) -> list[CycleQuestion]:
        return CycleQuestion.objects.bulk_create(
            [
                CycleQuestion(
                    cycle=cycle,
                    position=0,
                    label="Where will you practise what you learn?",
                    kind=QuestionKind.SHORT_TEXT,
                ),
                CycleQuestion(
                    cycle=cycle,
                    position=1,
                    label="Have you received an S4OM grant before?",
                    kind=QuestionKind.YES_NO,
                ),
            ]
        )

    def _rubric(self, cycle) -> list[Criterion]:
        rubric = Rubric.objects.create(cycle=cycle, instructions="Score each criterion 1 to 5.")
        criteria = [
            Criterion(
                rubric=rubric,
                position=i,
                name=CRITERIA_NAMES[i % len(CRITERIA_NAMES)]
                + (f" ({i // len(CRITERIA_NAMES) + 1})" if i >= len(CRITERIA_NAMES) else ""),
                guidance="Look for concrete, realistic detail.",
                weight=Decimal("2.00") if i == 0 else Decimal("1.00"),
                scale_min=1,
                scale_max=5,
                level_descriptions="Poor\nWeak\nAdequate\nStrong\nExcellent",
                allows_na=(i == self.spec.criteria - 1 and self.spec.criteria > 1),
            )
            for i in range(self.spec.criteria)
        ]
        return Criterion.objects.bulk_create(criteria)

    # Applications ---------------------------------------------------------------------

    def _states(self) -> list[str]:
        n = self.spec.applications
        if self.spec.stage == "submitted":
            return [State.SUBMITTED] * n
        states = []
        for state, share in REVIEW_STAGE_MIX:
            states += [state] * int(n * share)
        states += [State.UNDER_REVIEW] * (n - len(states))
        self.rng.shuffle(states)
        return states

    def _applications(self, cycle, applicants, states, board) -> list[Application]:
        apps = []
        for i, (applicant, state) in enumerate(zip(applicants, states, strict=True)):
            amount = Decimal(self.rng.randrange(300, 2500, 50))
            submitted = state not in (State.DRAFT,) and not (
                state == State.WITHDRAWN and i % 2 == 0
            )
            submitted_at = (
                cycle.opens_at + timedelta(minutes=self.rng.randrange(60, 40 * 24 * 60))
                if submitted
                else None
            )
            decided = state in DECISION_STATES
            apps.append(
                Application(
                    cycle=cycle,
                    applicant=applicant,
                    state=state,
                    title=f"Oncology massage training plan {i}",
                    purpose=self.rng.choice(Purpose.values),
                    summary="A course in oncology massage and supervised practice hours.",
                    need_and_plan=(
                        "Our town's cancer center has no trained practitioner. I will take "
                        "the certification course and offer weekly sessions afterwards."
                    ),
                    beneficiaries="People in treatment at the local cancer center.",
                    timeline="Spring: course. Summer: supervised hours. Autumn: clinic.",
                    amount_requested=amount,
                    eligibility_confirmed=state != State.DRAFT or i % 3 == 0,
                    submitted_at=submitted_at,
                    awarded_amount=amount if state == State.AWARDED else None,
                    decision_note="Generated decision." if decided else "",
                    decided_by=board if decided else None,
                    decided_at=self.now - timedelta(days=1) if decided else None,
                )
            )
        created = Application.objects.bulk_create(apps, batch_size=BATCH)
        # created_at is auto_now_add; spread it out (a few days before submission) in one
        # UPDATE so orderings by creation time are as varied as in real life.
        Application.objects.filter(cycle=cycle, submitted_at__isnull=False).update(
            created_at=models.F("submitted_at") - timedelta(days=3)
        )
        self.counts["applications"] = len(created)
        return created

    def _budget_lines(self, applications):
        lines = []
        for app in applications:
            parts = self.rng.randint(1, 3)
            remaining = app.amount_requested
            for position in range(parts):
                last = position == parts - 1
                amount = remaining if last else (remaining / 2).quantize(Decimal("1.00"))
                remaining -= amount
                lines.append(
                    BudgetLine(
                        application_id=app.pk,
                        position=position,
                        description=BUDGET_ITEMS[position],
                        amount=amount,
                    )
                )
        BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
        self.counts["budget_lines"] = len(lines)

    def _answers(self, applications, questions):
        answers = [
            Answer(application_id=app.pk, question_id=q.pk, value=value)
            for app in applications
            if app.state != State.DRAFT
            for q, value in zip(questions, ["At the cancer center", "no"], strict=True)
        ]
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        self.counts["answers"] = len(answers)

    def _events(self, applications, board, staff):
        """The audit rows the transitions would have written, in order."""
        events = []
        for app in applications:
            at = app.submitted_at
            if at is None:
                # Never sent in: withdrawn straight from the draft, or still a draft.
                for name, source, target in workflow.path(source=State.DRAFT, target=app.state):
                    when = self.now - timedelta(days=25)
                    events.append(self._event(app, app.applicant_id, name, source, target, when))
                continue
            # Submitted first, then on to where it stands now, as the workflow leads.
            steps = workflow.path(source=State.DRAFT, target=State.SUBMITTED)
            steps += workflow.path(source=State.SUBMITTED, target=app.state)
            actors = {OWNER: app.applicant_id, MANAGE_REVIEW: staff.pk, DECIDE: board.pk}
            path = [
                (name, source, target, actors[TRANSITIONS[name].permission])
                for name, source, target in steps
            ]
            for step, (name, source, target, actor) in enumerate(path):
                events.append(
                    self._event(app, actor, name, source, target, at + timedelta(days=step * 7))
                )
        ApplicationEvent.objects.bulk_create(events, batch_size=BATCH)
        self.counts["events"] = len(events)

    @staticmethod
    def _event(app, actor_id, name, source, target, at):
        return ApplicationEvent(
            application_id=app.pk,
            actor_id=actor_id,
            name=name,
            source=source,
            target=target,
            created_at=at,
        )
