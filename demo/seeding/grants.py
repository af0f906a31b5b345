"""Demo grant cycles and applications: an open cycle with extra questions and drafts in it,
and a closed cycle full of submitted applications ready for review. Safe to run again."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from demo.seeding.people import DEMO_PASSWORD
from grants import services
from grants.choices import Purpose, QuestionKind
from grants.models import (
    Answer,
    Application,
    ApplicationEvent,
    BudgetLine,
    Cycle,
    CycleQuestion,
)
from grants.workflow import State
from notifications.models import Email, Event, Notice

OPEN_SLUG = "spring-2027"
CLOSED_SLUG = "autumn-2026"

DESCRIPTION = """\
The Society for Oncology Massage offers grants to its **Preferred Practitioners**: an
opportunity to grow professionally and to provide community service to clients, your
local oncology community, and the S4OM community.

## What the grant can pay for

- a course or certification in oncology massage
- mentorship with an experienced practitioner
- offering oncology massage at a local cancer center or support group
- materials for community education

Questions? Write to [the grants office](mailto:grants@s4om.example).
"""

ELIGIBILITY = """\
- You are listed as an S4OM Preferred Practitioner in good standing.
- You hold a current massage licence where you practise.
- One application per person per cycle.
"""

QUESTIONS = [
    (
        "How many clients in active cancer treatment do you see in a typical month?",
        QuestionKind.NUMBER,
        "",
        True,
    ),
    ("Have you completed a training in oncology massage?", QuestionKind.YES_NO, "", True),
    (
        "Where will the work take place?",
        QuestionKind.CHOICE,
        "Private practice\nHospital or cancer center\nCommunity support group\nOther",
        True,
    ),
    ("Anything else the reviewers should know?", QuestionKind.LONG_TEXT, "", False),
]

# Extra practitioners so the closed cycle has enough applications to review.
PRACTITIONERS = [
    ("practitioner1@example.org", "Carmen Ortiz", "Tucson", "AZ"),
    ("practitioner2@example.org", "Dana Whitfield", "Burlington", "VT"),
    ("practitioner3@example.org", "Eli Navarro", "Madison", "WI"),
    ("practitioner4@example.org", "Farah Haddad", "Richmond", "VA"),
]

PROJECTS = [
    (
        "Oncology massage certification",
        Purpose.PROFESSIONAL_DEVELOPMENT,
        [("Course fee", "1450.00"), ("Travel to the course", "250.00")],
    ),
    (
        "Monthly massage clinic at the cancer support center",
        Purpose.COMMUNITY_SERVICE,
        [("Linens and supplies for a year", "600.00"), ("Portable table", "400.00")],
    ),
    (
        "Mentorship in hospital-based practice",
        Purpose.PROFESSIONAL_DEVELOPMENT,
        [("Ten mentorship sessions", "1200.00")],
    ),
    (
        "Caregiver hand-massage workshops",
        Purpose.COMMUNITY_SERVICE,
        [("Room hire", "300.00"), ("Handouts and oils", "180.00")],
    ),
    (
        "Lymphedema awareness course",
        Purpose.PROFESSIONAL_DEVELOPMENT,
        [("Course fee", "900.00")],
    ),
    (
        "Community education leaflets",
        Purpose.OTHER,
        [("Design and printing", "350.00")],
    ),
]


def seed(context):
    people = context["people"]
    now = timezone.now()
    practitioners = _practitioners()
    open_cycle = _cycle(
        OPEN_SLUG,
        "Practitioner grants: spring 2027",
        opens_at=now - timedelta(days=14),
        closes_at=now + timedelta(days=30),
        requires_verified_practitioner=True,
    )
    closed_cycle = _cycle(
        CLOSED_SLUG,
        "Practitioner grants: autumn 2026",
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=20),
    )
    applicants = [
        people["applicant@example.org"],
        people["applicant2@example.org"],
        *practitioners,
    ]
    submitted = [
        _submitted(closed_cycle, person, project, days_before_close=2 + index % 7)
        for index, (person, project) in enumerate(zip(applicants, PROJECTS, strict=True))
    ]
    drafts = [
        _draft(open_cycle, people["applicant@example.org"], PROJECTS[0], complete=False),
        _draft(open_cycle, people["applicant2@example.org"], PROJECTS[1], complete=True),
    ]
    context.update(
        open_cycle=open_cycle,
        closed_cycle=closed_cycle,
        submitted_applications=submitted,
        draft_applications=drafts,
        practitioners=practitioners,
    )


def _practitioners() -> list[User]:
    group, _ = Group.objects.get_or_create(name=Role.APPLICANT)
    people = []
    for email, name, city, region in PRACTITIONERS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": name,
                "credentials": "LMT",
                "city": city,
                "region": region,
                "country": "USA",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(group)
        people.append(user)
    return people


def _cycle(slug, title, *, opens_at, closes_at, requires_verified_practitioner=False) -> Cycle:
    cycle, created = Cycle.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "description": DESCRIPTION,
            "eligibility": ELIGIBILITY,
            "requires_verified_practitioner": requires_verified_practitioner,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "time_zone": "America/New_York",
            "currency": "USD",
            "total_budget": Decimal("5000.00"),
            "max_request": Decimal("2000.00"),
            "reviewers_per_application": 2,
            "reviews_due_at": closes_at + timedelta(days=30),
        },
    )
    if created:
        for position, (label, kind, choices, required) in enumerate(QUESTIONS):
            CycleQuestion.objects.create(
                cycle=cycle,
                position=position,
                label=label,
                kind=kind,
                choices=choices,
                required=required,
            )
    return cycle


def _fill(application: Application, project, *, complete: bool) -> None:
    title, purpose, lines = project
    total = sum((Decimal(amount) for _, amount in lines), Decimal("0.00"))
    application.title = title
    application.purpose = purpose
    application.summary = f"{title}: what I will do and why it matters to my clients."
    application.need_and_plan = (
        "Many of my clients are in active treatment. This grant lets me serve them safely "
        "and well, starting next season."
    )
    application.beneficiaries = "Clients in treatment, their caregivers, and my local community."
    application.timeline = "" if not complete else "Spring: preparation. Summer: the work itself."
    application.amount_requested = total
    application.eligibility_confirmed = complete
    application.save()
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(application=application, position=i, description=d, amount=Decimal(a))
        for i, (d, a) in enumerate(lines)
    )
    answers = ["12", "yes", "Community support group", ""]
    for question, value in zip(application.cycle.questions.all(), answers, strict=True):
        if value and (complete or question.kind != QuestionKind.CHOICE):
            Answer.objects.update_or_create(
                application=application, question=question, defaults={"value": value}
            )


def _submitted(cycle: Cycle, person: User, project, *, days_before_close: int) -> Application:
    application, created = Application.objects.get_or_create(cycle=cycle, applicant=person)
    if created or application.state == State.DRAFT:
        _fill(application, project, complete=True)
        # A moment inside the window: the real service, so the audit trail is real too.
        at = cycle.closes_at - timedelta(days=days_before_close, hours=3)
        services.submit(application, by=person, at=at)
        _one_story(application, started=cycle.opens_at + timedelta(days=5), submitted=at)
        application.refresh_from_db()
    return application


def _draft(cycle: Cycle, person: User, project, *, complete: bool) -> Application:
    application, created = Application.objects.get_or_create(cycle=cycle, applicant=person)
    if created:
        _fill(application, project, complete=complete)
        _one_story(application, started=cycle.opens_at + timedelta(days=2))
    return application


def _one_story(application: Application, *, started, submitted=None) -> None:
    """Dates that agree everywhere: the draft was started after the cycle opened, the
    timeline's "You submitted it" is the moment of submission (not the day the demo was
    seeded), and the receipt in the inbox and the outbox carry that same moment."""
    Application.objects.filter(pk=application.pk).update(created_at=started)
    events = ApplicationEvent.objects.filter(application=application)
    events.filter(name="create").update(created_at=started)
    if submitted is None:
        return
    events.filter(name="submit").update(created_at=submitted)
    # The receipt and the staff notice are made once the seed's transaction commits.
    paths = [
        reverse(name, args=[application.pk])
        for name in ("grants:application_detail", "grants:office_application")
    ]
    transaction.on_commit(lambda: _date_messages(application.pk, paths, submitted))


def _date_messages(pk: int, paths: list[str], submitted) -> None:
    events = [Event.RECEIPT, Event.SUBMITTED]
    Email.objects.filter(application_id=pk, event__in=events).update(
        created_at=submitted, sent_at=submitted
    )
    for path in paths:
        Notice.objects.filter(event__in=events, url__endswith=path).update(created_at=submitted)
