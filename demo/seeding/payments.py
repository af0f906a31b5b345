"""Demo payments: last year's cycle, decided and released, with one award the grantee
accepted (through grants.offers.accept_award), their payee details and one instalment
paid by the treasurer. Runs after demo.seeding.reviews; safe to run again.

It uses a cycle of its own ("autumn-2025"), so the review and decision demo of this
year's cycles is left as it is.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from decisions import services as decisions
from grants import offers
from grants import services as grant_services
from grants.choices import Purpose
from grants.models import Application, BudgetLine, Cycle
from grants.workflow import State
from payments import services
from payments.models import Method, Payment

SLUG = "autumn-2025"
GRANTEE_EMAIL = "applicant2@example.org"
BOARD_EMAIL = "board@example.org"
TREASURER_EMAIL = "treasurer@example.org"
AWARD = Decimal("1000.00")
FIRST_INSTALMENT = Decimal("500.00")


def seed(context):
    people = context["people"]
    grantee, board = people[GRANTEE_EMAIL], people[BOARD_EMAIL]
    treasurer = people[TREASURER_EMAIL]
    cycle = _cycle()
    application = _application(cycle, grantee)
    if application.state == State.DRAFT:
        grant_services.submit(application, by=grantee, at=cycle.closes_at - timedelta(days=3))
    if application.state == State.SUBMITTED:
        grant_services.start_review(application, by=board, note="Reviewed at last year's meeting.")
    if application.state == State.UNDER_REVIEW:
        grant_services.complete_review(application, by=board, note="Reviewed on paper.")
    if application.state == State.REVIEWED:
        decisions.decide(
            application,
            by=board,
            action=decisions.Action.AWARD,
            amount=AWARD,
            note="Funded but for the second table.",
        )
    if not cycle.decisions_released:
        decisions.release_decisions(cycle, by=board, confirm_undecided=True)
    application.refresh_from_db()
    if application.state == State.AWARDED:
        offers.accept_award(
            application,
            by=grantee,
            signed_name=grantee.get_full_name(),
            agreed=True,
            signed_from="192.0.2.10",
            report_due_dates="a final report by 2026-06-30",
        )
    services.save_payee_details(
        application,
        by=grantee,
        legal_name="Beatrice Practitioner",
        postal_address="221 Alder Street\nPortland OR 97205\nUSA",
        tax_form_received=True,
    )
    if not Payment.objects.filter(application=application).exists():
        services.record_payment(
            application,
            by=treasurer,
            amount=FIRST_INSTALMENT,
            paid_on=timezone.localdate() - timedelta(days=30),
            method=Method.BANK_TRANSFER,
            reference="S4OM-2025-014",
            note="First of two instalments; the second after the interim report.",
        )
    context.update(paid_award=application)


def _cycle() -> Cycle:
    now = timezone.now()
    cycle, _ = Cycle.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Autumn 2025 practitioner grants",
            "description": "Last year's round: grants for courses and community service.",
            "eligibility": "S4OM Preferred Practitioners in good standing.",
            "opens_at": now - timedelta(days=450),
            "closes_at": now - timedelta(days=390),
            "total_budget": Decimal("5000.00"),
            "max_request": Decimal("2500.00"),
            "reviewers_per_application": 1,
        },
    )
    return cycle


def _application(cycle: Cycle, grantee) -> Application:
    application, created = Application.objects.get_or_create(
        cycle=cycle,
        applicant=grantee,
        defaults={
            "title": "Oncology massage at the Portland support group",
            "purpose": Purpose.COMMUNITY_SERVICE,
            "summary": "A monthly oncology massage session at a cancer support group.",
            "need_and_plan": "Twelve sessions over the year, with a second table and linens.",
            "beneficiaries": "People in treatment who attend the support group.",
            "timeline": "January to December.",
            "amount_requested": Decimal("1400.00"),
            "eligibility_confirmed": True,
        },
    )
    if created:
        BudgetLine.objects.create(
            application=application, position=0, description="Linens", amount=Decimal("400.00")
        )
        BudgetLine.objects.create(
            application=application,
            position=1,
            description="Second portable table",
            amount=Decimal("1000.00"),
        )
    return application
