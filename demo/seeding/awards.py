"""Demo after the award: a cycle decided and released a week ago, in which every state
after the award can be seen and every board action after it has been taken:

- the demo applicant (Alma) has an open, partial offer (1,200.00 of 1,700.00) to answer;
- Eli declined his award, and its money went to Farah, next on the waiting list, through
  "Offer to the next" (decisions.awards.offer_to_next): her offer is open too;
- Carmen's award was corrected from 800.00 to 1,000.00 (the board misread her quote), and
  she accepted the corrected amount, signing the agreement;
- Dana accepted, then her award was rescinded (the course was cancelled; nothing paid);
- Rosa waits on the waiting list, with money free for her request.

(An accepted award with its signed agreement and one instalment paid is last year's, in
demo.seeding.payments.) Every step goes through the real services, so audit rows,
timelines and letters are real. Runs after demo.seeding.grants; safe to run again.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from decisions import awards
from decisions.services import release_decisions
from demo.seeding.grants import PROJECTS, _cycle, _fill
from grants import offers, services
from grants.models import Application, Cycle

SLUG = "summer-2026"
BUDGET = Decimal("4500.00")
# who, project (index into PROJECTS), the board's decision, days before the close
# they submitted (the waiting list ranks unreviewed applications by submission)
PLAN = [
    ("applicant@example.org", 0, "1200.00", 6),  # open, partial offer
    ("practitioner3@example.org", 2, "1200.00", 5),  # declines
    ("practitioner1@example.org", 1, "800.00", 4),  # corrected, then accepted
    ("practitioner2@example.org", 4, "900.00", 3),  # accepted, then rescinded
    ("practitioner4@example.org", 3, None, 9),  # waitlisted first: offered the money
    ("reviewer3@example.org", 5, None, 2),  # waitlisted second: still waiting
]
DECLINE_REASON = "I have taken a hospital post and cannot do the mentorship this year."
CORRECTION = "We misread the quote: the portable table is part of the plan."
RESCIND_REASON = "The course provider cancelled this year's course; apply again when it runs."


def seed(context):
    people = context.get("people", {})
    grantees = {p.email: p for p in [*people.values(), *context.get("practitioners", [])]}
    board, staff = people.get("board@example.org"), people.get("staff@example.org")
    if board is None or staff is None or any(email not in grantees for email, *_ in PLAN):
        return
    now = timezone.now()
    cycle = _cycle(
        SLUG,
        "Practitioner grants: summer 2026",
        opens_at=now - timedelta(days=120),
        closes_at=now - timedelta(days=60),
    )
    if not cycle.applications.exists():
        _story(cycle, grantees, board=board, staff=staff)
    found = {a.applicant.email: a for a in cycle.applications.select_related("applicant")}
    context.update(
        after_award_cycle=cycle,
        open_offer=found[PLAN[0][0]],
        declined_award=found[PLAN[1][0]],
        corrected_award=found[PLAN[2][0]],
        rescinded_award=found[PLAN[3][0]],
        offered_next=found[PLAN[4][0]],
        still_waiting=found[PLAN[5][0]],
    )


def _story(cycle: Cycle, grantees, *, board, staff) -> None:
    Cycle.objects.filter(pk=cycle.pk).update(
        total_budget=BUDGET, acceptance_deadline=timezone.now() + timedelta(days=21)
    )
    cycle.refresh_from_db()
    apps = []
    for email, project, amount, days_before_close in PLAN:
        person = grantees[email]
        application, _ = Application.objects.get_or_create(cycle=cycle, applicant=person)
        _fill(application, PROJECTS[project], complete=True)
        at = cycle.closes_at - timedelta(days=days_before_close)
        services.submit(application, by=person, at=at)
        services.start_review(application, by=staff)
        services.complete_review(application, by=staff, note="Reviewed at the summer meeting.")
        if amount is None:
            services.waitlist(application, by=board, note="Funded if money comes back.")
        else:
            services.award(application, by=board, amount=Decimal(amount))
        apps.append(application)
    release_decisions(cycle, by=board)
    alma, eli, carmen, dana, _farah, _rosa = apps
    offers.decline_award(eli, by=eli.applicant, reason=DECLINE_REASON)
    awards.offer_to_next(cycle, by=board)  # Farah: first on the waiting list
    offers.correct_award(carmen, by=board, amount=Decimal("1000.00"), reason=CORRECTION)
    for accepted in (carmen, dana):
        offers.accept_award(
            accepted,
            by=accepted.applicant,
            signed_name=accepted.applicant.get_full_name(),
            agreed=True,
            signed_from="192.0.2.20",
        )
    offers.rescind_award(dana, by=board, reason=RESCIND_REASON)
