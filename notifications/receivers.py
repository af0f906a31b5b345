"""The only place that reacts to events from grants and reviews (connected in apps.py).

Each receiver runs inside the transaction of the change that caused it and only writes
rows (Email, Notice); delivery is scheduled for after the commit. Who hears of what:

- submitted: the applicant gets a receipt (email), staff a notice
- returned for changes: the applicant (email), with the message and the deadline
- withdrawn: staff (email)
- reviewer assigned: the reviewer (email), with the due date and a link
- review submitted: the reviewer (notice only, a receipt for their records)
- conflict declared: the board (email)
- all reviews in (complete_review): the board (email)
- decisions released: each decided applicant the cycle's letter (award, partial award,
  waitlist or decline, with the reviewers' comments when the board shares them); a
  decision made after the release sends its letter at once, an award from the waiting
  list the offer to the next (notifications/letters.py)
- a listing awaits verification: staff a notice (none while one for that person is unread)
- a listing verified: the applicant a notice
- award accepted: the grantee (email), asked where the treasurer should pay the grant
- payment recorded: the grantee (email), with the amount, what is paid so far and a link
  to their payee details; never the treasurer's note
- report submitted: staff a notice; changes asked for on a report: the grantee (email)

Blind review: what a reviewer receives never names the applicant of a blind cycle, and
what an applicant receives never names a reviewer.
"""

from django.db.models import Count, Q
from django.db.models.signals import pre_delete
from django_fsm.signals import post_transition

from accounts.signals import account_security_event, awaiting_verification, verification_changed
from decisions.signals import decisions_released
from grants.letters import RELEASE_KINDS
from grants.models import Application
from grants.signals import award_corrected
from grants.workflow import State, Transition
from notifications import formatting, letters, links, post_award, recipients
from notifications.account_events import (
    on_account_security,
    on_awaiting_verification,
    on_verification_changed,
)
from notifications.compose import Message, post_notice, queue_email
from notifications.formatting import about
from notifications.models import Event
from notifications.payment_events import on_award_accepted, on_payment_recorded
from notifications.report_events import on_report_transition
from notifications.services import forget_application_for_reviewer
from payments.signals import payment_recorded
from reports.models import Report
from reviews.models import Assignment, AssignmentStatus, Review
from reviews.signals import (
    conflict_declared,
    review_submitted,
    reviewers_assigned,
)
from reviews.signals import reviewer_assigned as reviewer_assigned_signal


def connect() -> None:
    post_transition.connect(
        on_application_transition,
        sender=Application,
        dispatch_uid="notifications.application_transition",
    )
    reviewer_assigned_signal.connect(on_reviewer_assigned, dispatch_uid="notifications.assigned")
    reviewers_assigned.connect(on_reviewers_assigned, dispatch_uid="notifications.assigned_many")
    conflict_declared.connect(on_conflict_declared, dispatch_uid="notifications.conflict")
    review_submitted.connect(on_review_submitted, dispatch_uid="notifications.review_submitted")
    decisions_released.connect(on_decisions_released, dispatch_uid="notifications.released")
    award_corrected.connect(on_award_corrected, dispatch_uid="notifications.award_corrected")
    awaiting_verification.connect(on_awaiting_verification, dispatch_uid="notifications.awaiting")
    verification_changed.connect(on_verification_changed, dispatch_uid="notifications.verified")
    account_security_event.connect(on_account_security, dispatch_uid="notifications.security")
    pre_delete.connect(
        on_assignment_removed, sender=Assignment, dispatch_uid="notifications.unassign"
    )
    payment_recorded.connect(on_payment_recorded, dispatch_uid="notifications.payment_recorded")
    post_transition.connect(
        on_award_accepted, sender=Application, dispatch_uid="notifications.payee_details_asked"
    )
    post_transition.connect(
        on_report_transition, sender=Report, dispatch_uid="notifications.report_transition"
    )


# Application transitions --------------------------------------------------------------


def on_application_transition(sender, instance, name, source, target, **kwargs):
    if kwargs.get("exception") is not None:
        return
    method_kwargs = kwargs.get("method_kwargs") or {}
    by = method_kwargs.get("by")
    if name == Transition.SUBMIT:
        application_submitted(instance, by=by)
    elif name == Transition.RETURN_FOR_CHANGES:
        application_returned(instance, note=method_kwargs.get("note", ""))
    elif name == Transition.WITHDRAW:
        application_withdrawn(instance, by=by, source=source, note=method_kwargs.get("note", ""))
    elif name == Transition.COMPLETE_REVIEW:
        reviews_complete(instance, by=by)
    elif name == Transition.ACCEPT:
        post_award.award_accepted(instance, by=by)
    elif name == Transition.DECLINE_AWARD:
        post_award.award_turned_down(instance, by=by, reason=method_kwargs.get("note", ""))
    elif name == Transition.RESCIND:
        post_award.award_rescinded(instance, reason=method_kwargs.get("note", ""))
    elif target in RELEASE_KINDS and instance.cycle.decisions_released:
        # Decisions made before the release stay hidden; after it, the letter goes at once.
        letters.decision_letter(instance, source=source)


def application_submitted(application, *, by) -> None:
    cycle = application.cycle
    receipt = Message(
        event=Event.RECEIPT,
        subject=f"Application received: {about(application)}",
        template="receipt",
        reason=f"you submitted an application to {cycle} on the grants site.",
        path=links.applicant_application(application),
        context=receipt_context(application),
        notice_body=f"Submitted on {formatting.moment(cycle, application.submitted_at)}.",
        cycle=cycle,
        application=application,
    )
    queue_email(receipt, application.applicant)
    staff_notice = Message(
        event=Event.SUBMITTED,
        subject=f"New application submitted: {about(application)}",
        template="",
        reason="",
        path=links.office_application(application),
        notice_body=(
            f"{application.applicant.get_full_name()} asks for "
            f"{formatting.money(application.amount_requested, cycle.currency)}."
        ),
    )
    for person in recipients.staff(except_user=by):
        post_notice(staff_notice, person)


def receipt_context(application) -> dict:
    cycle = application.cycle

    def money(amount):
        return formatting.money(amount, cycle.currency)

    answers = application.answers.select_related("question").order_by(
        "question__position", "question_id"
    )
    return {
        "submitted_at": formatting.moment(cycle, application.submitted_at),
        "purpose": application.get_purpose_display(),
        "amount_requested": formatting.money(application.amount_requested, cycle.currency),
        "budget_lines": [
            {
                "description": line.description,
                "amount": formatting.money(line.amount, cycle.currency),
            }
            for line in application.budget_lines.all()
        ],
        "answers": [
            {"label": answer.question.label, "value": answer.value}
            for answer in answers
            if answer.value.strip()
        ],
        "attachments": [a.original_name for a in application.attachments.all()],
    }


def application_returned(application, *, note: str) -> None:
    cycle = application.cycle
    deadline = formatting.moment(cycle, application.personal_deadline())
    message = Message(
        event=Event.RETURNED,
        subject=f"Changes requested on your application: {about(application)}",
        template="returned",
        reason=f"the grants office returned your application to {cycle} to you.",
        path=links.applicant_application(application),
        context={"note": note, "deadline": deadline},
        notice_body=f"Please make the changes and submit again by {deadline}.",
        cycle=cycle,
        application=application,
    )
    queue_email(message, application.applicant)


def application_withdrawn(application, *, by, source: str, note: str) -> None:
    cycle = application.cycle
    open_assignments = Assignment.objects.filter(
        application=application, status=AssignmentStatus.ASSIGNED
    ).count()
    message = Message(
        event=Event.WITHDRAWN,
        subject=f"Application withdrawn: {about(application)}",
        template="withdrawn",
        reason="you are grants-office staff, who hear when an application is withdrawn.",
        path=links.office_application(application),
        context={
            "applicant_name": application.applicant.get_full_name(),
            "previous_state": State(source).label.lower(),
            "note": note,
            "open_assignments": open_assignments,
        },
        notice_body=f"{application.applicant.get_full_name()} withdrew it.",
        cycle=cycle,
        application=application,
    )
    for person in recipients.staff(except_user=by):
        queue_email(message, person)


def reviews_complete(application, *, by) -> None:
    cycle = application.cycle
    review_count = Review.objects.submitted().filter(assignment__application=application).count()
    message = Message(
        event=Event.REVIEWS_COMPLETE,
        subject=f"All reviews in: {about(application)}",
        template="reviews_complete",
        reason="you are on the board, which decides once an application's reviews are in.",
        path=links.desk_application(application),
        context={"review_count": review_count},
        notice_body=f"{review_count} review{'s' if review_count != 1 else ''} submitted.",
        cycle=cycle,
        application=application,
    )
    for person in recipients.board(except_user=by):
        queue_email(message, person)


def on_award_corrected(sender, application, previous, amount, reason, **kwargs):
    post_award.award_corrected(application, previous=previous, amount=amount, reason=reason)


# Decision letters (notifications/letters.py) ------------------------------------------


def on_decisions_released(sender, cycle, by=None, share_comments=False, **kwargs):
    decided = (
        Application.objects.filter(cycle=cycle, state__in=RELEASE_KINDS)
        .select_related("applicant")
        .order_by("pk")
    )
    letters.release_letters(cycle, list(decided), share_comments=share_comments)


# Review events ------------------------------------------------------------------------


def assignment_ref(assignment) -> str:
    return f"reviews.assignment:{assignment.pk}"


def review_due(assignment):
    return assignment.due_at or assignment.application.cycle.reviews_due_at


def on_reviewer_assigned(sender, assignment, by=None, **kwargs):
    application = assignment.application
    cycle = application.cycle
    due = review_due(assignment)
    due_words = formatting.moment(cycle, due) if due else "the date the grants office gives you"
    context = {"due": due_words, "blind": cycle.blind_review}
    if not cycle.blind_review:
        context["applicant_name"] = application.applicant.get_full_name()
    message = Message(
        event=Event.ASSIGNED,
        subject=f"Review assigned to you: {about(application)}",
        template="assigned",
        reason=f"you are a volunteer reviewer and were assigned this application in {cycle}.",
        path=links.review_page(assignment),
        context=context,
        notice_body=f"Due by {due_words}.",
        cycle=cycle,
        application=application,
        related_ref=assignment_ref(assignment),
    )
    queue_email(message, assignment.reviewer)


def on_reviewers_assigned(sender, assignments, by=None, **kwargs):
    """Automatic assignment: one message per reviewer, listing all their new applications."""
    by_reviewer: dict[int, list] = {}
    for assignment in assignments:
        by_reviewer.setdefault(assignment.reviewer_id, []).append(assignment)
    for batch in by_reviewer.values():
        if len(batch) == 1:
            on_reviewer_assigned(sender, batch[0], by=by)
        else:
            assigned_digest(batch)


def assigned_digest(batch) -> None:
    cycle = batch[0].application.cycle
    items = [
        {
            "title": str(assignment.application),
            "due": formatting.moment(cycle, review_due(assignment))
            if review_due(assignment)
            else "",
            "link": links.absolute(links.review_page(assignment)),
        }
        for assignment in batch
    ]
    message = Message(
        event=Event.ASSIGNED,
        subject=f"{len(batch)} reviews assigned to you — {cycle}",
        template="assigned_many",
        reason=f"you are a volunteer reviewer and were assigned these applications in {cycle}.",
        path=links.first_url(("reviews:my_reviews", ())),
        context={"items": items, "blind": cycle.blind_review},
        notice_body=f"{len(batch)} applications to review in {cycle}.",
        cycle=cycle,
        related_ref=assignment_ref(batch[0]),
    )
    queue_email(message, batch[0].reviewer)


def on_review_submitted(sender, review, by=None, revised=False, **kwargs):
    assignment = review.assignment
    application = assignment.application
    what = "Review revision saved" if revised else "Review received"
    message = Message(
        event=Event.REVIEW_RECEIVED,
        subject=f"{what}: {about(application)}",
        template="",
        reason="",
        path=links.review_page(assignment),
        notice_body="Thank you for your review.",
    )
    post_notice(message, assignment.reviewer)


def on_assignment_removed(sender, instance, **kwargs):
    """Unassigned: the reviewer's notices about the application lose its title and link."""
    forget_application_for_reviewer(
        reviewer_id=instance.reviewer_id,
        application=instance.application,
        review_path=links.review_page(instance),
    )


def on_conflict_declared(sender, assignment, by=None, **kwargs):
    application = assignment.application
    forget_application_for_reviewer(  # recused: as if unassigned, for their inbox
        reviewer_id=assignment.reviewer_id,
        application=application,
        review_path=links.review_page(assignment),
    )
    cycle = application.cycle
    active = Assignment.objects.filter(application=application).aggregate(
        n=Count("pk", filter=~Q(status=AssignmentStatus.CONFLICT))
    )["n"]
    message = Message(
        event=Event.CONFLICT,
        subject=f"Conflict declared: {about(application)}",
        template="conflict",
        reason="you are on the board, which assigns reviewers.",
        path=links.assignments_page(application),
        context={
            "reviewer_name": assignment.reviewer.get_full_name(),
            "reason": assignment.conflict_reason,
            "active_reviewers": active,
        },
        notice_body=f"{assignment.reviewer.get_full_name()} will not review it.",
        cycle=cycle,
        application=application,
        related_ref=assignment_ref(assignment),
    )
    for person in recipients.board(except_user=by):
        queue_email(message, person)
