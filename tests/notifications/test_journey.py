"""One application from submission to decision letter, through the real grants and reviews
services: each person's whole mailbox, exactly, at the end."""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from decisions import services as decisions
from grants import services as grant_services
from grants.workflow import State
from reviews import services as review_services
from tests import factories

pytestmark = pytest.mark.django_db

TAIL = "Oncology massage certification — Spring 2027 practitioner grants"


def mailboxes(mailoutbox) -> dict[str, list[str]]:
    boxes = defaultdict(list)
    for message in mailoutbox:
        boxes[message.to[0]].append(message.subject)
    return dict(boxes)


def score_everything(assignment, reviewer, criteria):
    review_services.declare_no_conflict(assignment=assignment, by=reviewer)
    review_services.submit_review(
        assignment=assignment,
        by=reviewer,
        scores={c.pk: review_services.ScoreInput(value=4) for c in criteria},
        overall_comment="Clear plan, realistic budget.",
        recommendation="fund",
    )


def test_the_whole_journey_tells_each_person_exactly_what_they_must(
    cycle, applicant, staff_member, board_member, committed, mailoutbox
):
    cycle.reviews_due_at = timezone.now() + timedelta(days=10)
    cycle.save()
    rubric = factories.RubricFactory(cycle=cycle)
    criteria = factories.CriterionFactory.create_batch(2, rubric=rubric)
    first, second, recused = (
        factories.UserFactory(roles=[Role.REVIEWER], full_name=name)
        for name in ("Rita Reviewer", "Ravi Reviewer", "Rosa Reviewer")
    )
    application = factories.ApplicationFactory(
        cycle=cycle, applicant=applicant, title="Oncology massage certification"
    )

    with committed():
        grant_services.submit(application, by=applicant)
    with committed():
        assignments = review_services.assign(
            by=board_member, applications=[application], reviewers=[first, second, recused]
        )
    by_reviewer = {a.reviewer_id: a for a in assignments}
    with committed():
        review_services.declare_conflict(
            assignment=by_reviewer[recused.pk], by=recused, reason="We share a studio."
        )
    with committed():
        score_everything(by_reviewer[first.pk], first, criteria)
    with committed():
        score_everything(by_reviewer[second.pk], second, criteria)
    application.refresh_from_db()
    assert application.state == State.REVIEWED
    with committed():
        decisions.decide(application, by=board_member, action="award", amount=Decimal("900"))
    assert mailboxes(mailoutbox).get(applicant.email) == [f"Application received: {TAIL}"]
    with committed():
        decisions.release_decisions(cycle, by=board_member)

    assert mailboxes(mailoutbox) == {
        applicant.email: [
            f"Application received: {TAIL}",
            f"Your grant is awarded in part: {TAIL}",
        ],
        first.email: [f"Review assigned to you: {TAIL}"],
        second.email: [f"Review assigned to you: {TAIL}"],
        recused.email: [f"Review assigned to you: {TAIL}"],
        board_member.email: [f"Conflict declared: {TAIL}", f"All reviews in: {TAIL}"],
    }
    applicant_mail = "\n".join(
        [m.body for m in mailoutbox if m.to == [applicant.email]]
        + [m.alternatives[0].content for m in mailoutbox if m.to == [applicant.email]]
    )
    for reviewer in (first, second, recused):
        assert reviewer.full_name not in applicant_mail
        assert reviewer.email not in applicant_mail
    # 900 of the 1,200 asked for: the partial-award letter says so, in both parts.
    assert "a grant of **900.00 USD**: 900.00 USD of the 1,200.00 USD you asked for" in (
        applicant_mail
    )
    assert "a grant of <strong>900.00 USD</strong>: 900.00 USD of the 1,200.00 USD" in (
        applicant_mail
    )


def test_links_in_emails_lead_to_the_pages_they_name(
    cycle, applicant, staff_member, board_member, reviewer, committed, mailoutbox
):
    application = factories.ApplicationFactory(cycle=cycle, applicant=applicant)
    with committed():
        grant_services.submit(application, by=applicant)
        [assignment] = review_services.assign(
            by=board_member, applications=[application], reviewers=[reviewer]
        )

    receipt, assigned = mailoutbox
    site = "http://127.0.0.1:8000"
    applicant_page = reverse("grants:application_detail", args=[application.pk])
    assert f"See your application: {site}{applicant_page}" in receipt.body
    review_page = reverse("reviews:review", args=[assignment.pk])
    assert f"Open your review: {site}{review_page}" in assigned.body
    staff_notice = staff_member.notices.get()
    assert staff_notice.url == reverse("grants:office_application", args=[application.pk])
