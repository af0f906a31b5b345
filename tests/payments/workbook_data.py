"""The known cycle of tests/decisions/desk_data.py after the award, for the workbook's
Awards, Payments and Reports sheets.

Decisions are released on 2026-03-10 14:00 UTC (10:00 in New York, daylight time), then:
  A (1,000.00 of 1,200.00) accepted and signed on 2026-03-12 13:00 UTC (09:00 NY); one
    payment of 400.00 by check on 2026-04-01; its final report accepted with 30 people
    served, 40 sessions, 45.5 hours and a course completed.
  E "Open offer" (500.00 asked, 450.00 offered to the next on 2026-03-20 16:00 UTC,
    12:00 NY): not answered yet.
  F "=Declined" (300.00) declined by the grantee on 2026-03-15 14:00 UTC (10:00 NY) with
    the reason "=Moved away".
  G "Rescinded" (250.00) rescinded by the board, never answered.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.utils import timezone

from accounts.roles import Role
from grants import offers
from grants.models import Application, ApplicationEvent, Cycle
from grants.workflow import ReportState, State, Transition
from payments import services as payments
from payments.models import Method, Payment
from reports.models import ReportAnswer
from tests.decisions.desk_data import KnownCycle, build_known_cycle
from tests.factories import ApplicationFactory, UserFactory, force_state
from tests.reports.factories import ReportRequestFactory, force_report_state, report_for

RELEASED_AT = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
ACCEPTED_AT = datetime(2026, 3, 12, 13, 0, tzinfo=UTC)
DECLINED_AT = datetime(2026, 3, 15, 14, 0, tzinfo=UTC)
OFFERED_NEXT_AT = datetime(2026, 3, 20, 16, 0, tzinfo=UTC)
PAID_ON = date(2026, 4, 1)
RECORDED_AT = datetime(2026, 4, 1, 18, 30, tzinfo=UTC)
REPORT_DUE = date(2026, 9, 30)
REPORT_SUBMITTED_AT = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
REPORT_ACCEPTED_AT = datetime(2026, 9, 3, 12, 0, tzinfo=UTC)


@dataclass
class PostAward:
    known: KnownCycle
    cycle: Cycle
    a: Application
    e: Application
    f: Application
    g: Application
    treasurer: object
    payment: Payment


def _awarded(cycle, *, title, name, requested, amount, decided_at):
    application = ApplicationFactory(
        cycle=cycle,
        title=title,
        applicant=UserFactory(full_name=name, email=f"{name.split()[0].lower()}@example.org"),
        amount_requested=Decimal(requested),
    )
    return force_state(
        application, State.AWARDED, awarded_amount=Decimal(amount), decided_at=decided_at
    )


def _at(application, transition, moment):
    ApplicationEvent.objects.filter(application=application, name=transition).update(
        created_at=moment
    )


def build_post_award_cycle() -> PostAward:
    known = build_known_cycle()
    cycle = known.cycle
    Cycle.objects.filter(pk=cycle.pk).update(decisions_released_at=RELEASED_AT)
    cycle.refresh_from_db()
    a = Application.objects.get(pk=known.a.pk)
    offers.accept_award(
        a,
        by=a.applicant,
        signed_name=a.applicant.get_full_name(),
        agreed=True,
        signed_from="203.0.113.7",
        at=ACCEPTED_AT,
    )
    _at(a, Transition.ACCEPT, ACCEPTED_AT)

    treasurer = UserFactory(full_name="Tess Treasurer", roles=[Role.TREASURER])
    payment = payments.record_payment(
        a,
        by=treasurer,
        amount=Decimal("400.00"),
        paid_on=PAID_ON,
        method=Method.CHECK,
        reference="+1042",
        note="@first instalment",
    )
    Payment.objects.filter(pk=payment.pk).update(recorded_at=RECORDED_AT)

    e = _awarded(
        cycle,
        title="Open offer",
        name="Eve Next",
        requested="500.00",
        amount="450.00",
        decided_at=OFFERED_NEXT_AT,
    )
    f = _awarded(
        cycle,
        title="=Declined",
        name="Fay Gone",
        requested="300.00",
        amount="300.00",
        decided_at=known.a.decided_at,
    )
    offers.decline_award(f, by=f.applicant, reason="=Moved away")
    _at(f, Transition.DECLINE_AWARD, DECLINED_AT)
    g = _awarded(
        cycle,
        title="Rescinded",
        name="Gus Late",
        requested="250.00",
        amount="250.00",
        decided_at=known.a.decided_at,
    )
    offers.rescind_award(g, by=known.board, reason="Not eligible after all")

    request = ReportRequestFactory(cycle=cycle, title="Final report", due_on=REPORT_DUE)
    report = force_report_state(
        report_for(a, request),
        ReportState.ACCEPTED,
        submitted_at=REPORT_SUBMITTED_AT,
        accepted_at=REPORT_ACCEPTED_AT,
        due_on=REPORT_DUE,
    )
    values = {"people_served": 30, "sessions": 40, "hours": "45.5", "certification": True}
    for question in request.questions.all():
        if question.measure in values:
            value = values[question.measure]
            fields = {"yes_no": value} if isinstance(value, bool) else {"number": Decimal(value)}
            ReportAnswer.objects.create(report=report, question=question, **fields)

    for application in (a, e, f, g):
        application.refresh_from_db()
    assert timezone.is_aware(a.agreement.signed_at)
    return PostAward(known, cycle, a, e, f, g, treasurer, payment)
