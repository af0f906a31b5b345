"""Sending the decision letters: the cycle's text of each kind (grants.letters), filled
with the application's values, inside the email's greeting, link and footer.

- on release: award, partial award (less than asked for), waitlist or decline, each once;
  declined applicants' letters end with the reviewers' comments when the board shared them
  at the release (reviews.feedback: no names, scores or recommendations)
- a decision after the release: its letter at once; an award of a waitlisted application
  is the offer to the next on the waiting list
- a correction of the amount, a rescinded award: their own letters, with the reason
"""

from grants.letters import LetterKind, compose, letter_values, release_kind
from grants.workflow import State
from notifications import links
from notifications.compose import Message, queue_email
from notifications.models import Email, Event
from reviews.feedback import applicant_comments

# The outbox event of each kind: all three awards are the award (sent once), so an
# application never gets two offers however it was awarded.
KIND_EVENTS = {
    LetterKind.AWARD: Event.AWARDED,
    LetterKind.PARTIAL_AWARD: Event.AWARDED,
    LetterKind.OFFER_TO_NEXT: Event.AWARDED,
    LetterKind.WAITLIST: Event.WAITLISTED,
    LetterKind.DECLINE: Event.DECLINED,
    LetterKind.CORRECTION: Event.AWARD_CORRECTED,
    LetterKind.RESCIND: Event.AWARD_RESCINDED,
}
OFFERS = {LetterKind.AWARD, LetterKind.PARTIAL_AWARD, LetterKind.OFFER_TO_NEXT}
LINK_LABELS = {
    "offer": "Read the agreement and answer",
    "decision": "See your decision",
    "application": "See your application",
}


def event_of(application) -> Event | None:
    """The outbox event of the letter the application's state sends, if it sends one."""
    kind = release_kind(application)
    return KIND_EVENTS[kind] if kind else None


def send(application, kind, *, why: str, comments=(), overrides=None, **extra) -> Email:
    """Queue one letter of `kind` to the applicant; `why` is the footer's reason for the
    email, `extra` the letter's own values (previous_amount, reason)."""
    cycle = application.cycle
    kind = LetterKind(kind)
    letter = compose(
        cycle,
        kind,
        letter_values(application, **extra),
        comments=comments,
        overrides=overrides,
    )
    if kind in OFFERS:
        path, link = links.offer(application), "offer"
    elif kind in {LetterKind.WAITLIST, LetterKind.DECLINE}:
        path, link = links.applicant_application(application), "decision"
    else:
        path, link = links.applicant_application(application), "application"
    message = Message(
        event=KIND_EVENTS[kind],
        subject=letter.subject,
        template="letter",
        reason=why,
        path=path,
        context={"letter": letter, "link_label": LINK_LABELS[link]},
        notice_body=notice_words(kind, letter_values(application, **extra)),
        cycle=cycle,
        application=application,
    )
    return queue_email(message, application.applicant)


def notice_words(kind, values) -> str:
    if kind in OFFERS:
        return f"Awarded {values['amount']}."
    if kind == LetterKind.CORRECTION:
        return f"Your award is now {values['amount']} (it was {values['previous_amount']})."
    return ""


RELEASED = "you applied to {cycle} and the board has released its decisions."


def decision_letter(
    application, *, source: str = "", check_sent: bool = True, comments=None, overrides=None
):
    """The letter of the application's decision: the release's kind, or the offer to the
    next when a waitlisted application is awarded after the release. Never twice.
    `comments` None: a decline reads the reviewers' comments if the cycle shares them."""
    kind = release_kind(application)
    if kind is None:
        return None
    if kind in OFFERS and source == State.WAITLISTED:
        kind = LetterKind.OFFER_TO_NEXT
    if (
        check_sent
        and Email.objects.filter(application=application, event=KIND_EVENTS[kind]).exists()
    ):
        return None
    if (
        comments is None
        and kind == LetterKind.DECLINE
        and application.cycle.reviewer_comments_shared
    ):
        comments = applicant_comments([application.pk]).get(application.pk, [])
    return send(
        application,
        kind,
        why=RELEASED.format(cycle=application.cycle),
        comments=comments or (),
        overrides=overrides,
    )


def release_letters(cycle, applications, *, share_comments: bool) -> None:
    """Every letter of a release, skipping any already in the outbox (a second release
    signal sends nothing twice); the comments of all declined applications in two queries."""
    already = set(
        Email.objects.filter(application__cycle=cycle, event__in=KIND_EVENTS.values()).values_list(
            "application_id", "event"
        )
    )
    waiting = [app for app in applications if (app.pk, event_of(app)) not in already]
    declined = [app.pk for app in waiting if release_kind(app) == LetterKind.DECLINE]
    comments = applicant_comments(declined) if share_comments and declined else {}
    overrides = {letter.kind: letter for letter in cycle.letters.all()}
    for application in waiting:
        application.cycle = cycle
        decision_letter(
            application,
            check_sent=False,
            comments=comments.get(application.pk, []),
            overrides=overrides,
        )
