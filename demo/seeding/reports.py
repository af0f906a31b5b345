"""Demo grant reports: a past cycle whose awards were accepted, so the dashboard, the
office's report lists and the impact page have something to show. Safe to run again.

- the demo applicant: interim report submitted (waiting for staff), final report due;
- a practitioner: interim report overdue (a draft past its due date);
- another practitioner: paid in full, interim and final reports accepted: a closed grant.

Every step goes through the real services (submit, review, award, release, accept the
award, write and submit the reports, accept them), so the audit trails are real too.
Payments are built elsewhere: the closed grant is marked paid with note_paid_in_full.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from decisions.services import release_decisions
from demo.seeding.grants import PROJECTS, _cycle, _fill
from grants import offers, services
from grants.models import Application
from reports import services as reports
from reports.models import ReportKind, ReportRequest

PAST_SLUG = "spring-2026"
# (whose, project index, amount, what happens to the reports, answers to the measures)
GRANTEES = [
    ("applicant@example.org", 0, "1500.00", "interim_submitted", (14, 20, "22.5", "yes")),
    ("practitioner1@example.org", 2, "800.00", "overdue", None),
    ("practitioner2@example.org", 3, "350.00", "closed", (60, 30, "36", "no")),
]


def seed(context):
    people = context.get("people", {})
    staff, board = people.get("staff@example.org"), people.get("board@example.org")
    grantees = {p.email: p for p in [*people.values(), *context.get("practitioners", [])]}
    if staff is None or board is None or any(email not in grantees for email, *_ in GRANTEES):
        return
    now = timezone.now()
    cycle = _cycle(
        PAST_SLUG,
        "Practitioner grants: spring 2026",
        opens_at=now - timedelta(days=300),
        closes_at=now - timedelta(days=240),
    )
    if cycle.report_requests.exists():
        context["report_cycle"] = cycle
        return
    awarded = []
    for email, project, amount, _, _ in GRANTEES:
        person = grantees[email]
        application, _ = Application.objects.get_or_create(cycle=cycle, applicant=person)
        _fill(application, PROJECTS[project], complete=True)
        services.submit(application, by=person, at=cycle.closes_at - timedelta(days=3))
        services.start_review(application, by=staff)
        services.complete_review(application, by=staff, note="Reviewed at the spring meeting.")
        services.award(application, by=board, amount=Decimal(amount))
        awarded.append(application)
    release_decisions(cycle, by=board)
    today = timezone.localdate()
    interim = ReportRequest.objects.create(
        cycle=cycle,
        kind=ReportKind.INTERIM,
        title="Interim report",
        due_on=today - timedelta(days=10),
        instructions="Halfway through: tell us how it is going.",
    )
    final = ReportRequest.objects.create(
        cycle=cycle,
        kind=ReportKind.FINAL,
        title="Final report",
        due_on=today + timedelta(days=20),
        instructions="At the end: what you did, whom you served, what you learned.",
    )
    for request in (interim, final):
        reports.add_standard_measures(request)
    for application, (email, _, _, outcome, answers) in zip(awarded, GRANTEES, strict=True):
        person = grantees[email]
        offers.accept_award(application, by=person, signed_name=person.get_full_name(), agreed=True)
        by_request = {r.request_id: r for r in application.reports.all()}
        if outcome == "interim_submitted":
            _write(by_request[interim.pk], person, answers)
        elif outcome == "closed":
            offers.note_paid_in_full(application, by=staff, paid_in_full=True)
            for request in (interim, final):
                report = _write(by_request[request.pk], person, answers)
                reports.accept(report, by=staff, note="Thank you: a clear report.")
    context["report_cycle"] = cycle


def _write(report, person, answers):
    """Answer the standard measures and submit, as the grantee would on the page."""
    people, sessions, hours, certified = answers
    values = {"people_served": people, "sessions": sessions, "hours": hours}
    values["certification"] = certified
    data = {"report-form": "1"}
    for question in report.request.questions.all():
        if question.measure in values:
            data[f"q{question.pk}"] = str(values[question.measure])
    reports.save_draft(report, by=person, data=data)
    return reports.submit(report, by=person)
