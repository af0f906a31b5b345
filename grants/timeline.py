"""An application's history in words: the applicant's view and the grants office's view.

The applicant never sees who acted (reviewers stay anonymous; the office speaks as one),
never sees internal notes, and sees a decision only once the board has released it.
Both read the events prefetched by ApplicationQuerySet.for_dashboard / for_detail.
"""

from dataclasses import dataclass
from datetime import datetime

from grants.templatetags.grants_tags import money
from grants.workflow import DECISION_STATES, State


@dataclass(frozen=True)
class Entry:
    when: datetime
    words: str
    note: str = ""
    actor: str = ""


APPLICANT_WORDS = {
    "create": "You started this application.",
    "submit": "You submitted it.",
    "withdraw": "You withdrew it.",
    "return_for_changes": "The grants office returned it to you for changes.",
    "extend_deadline": "The grants office gave you a personal deadline.",
    "start_review": "Volunteer reviewers started reading it.",
    "complete_review": "All reviews are in. The board decides next.",
}
# Only these notes are written for the applicant to read.
NOTES_FOR_APPLICANT = {"withdraw", "return_for_changes"}

OFFICE_WORDS = {
    "create": "Draft started",
    "submit": "Submitted",
    "withdraw": "Withdrawn",
    "return_for_changes": "Returned for changes",
    "extend_deadline": "Deadline extended",
    "start_review": "Review started",
    "complete_review": "Review completed",
    "award": "Awarded",
    "waitlist": "Waitlisted",
    "decline": "Declined",
}

DECISION_WORDS = {
    State.AWARDED: "Decision: awarded {amount}. Congratulations!",
    State.WAITLISTED: "Decision: on the waiting list. We will write if money becomes free.",
    State.DECLINED: "Decision: not funded this time.",
}


def applicant_timeline(application) -> list[Entry]:
    entries = []
    for event in application.events.all():
        words = APPLICANT_WORDS.get(event.name)
        if words is None:
            continue  # decisions and anything internal
        if event.name == "extend_deadline":
            extended = application.cycle.format_local(application.deadline_extended_until)
            words = f"{words} You can submit until {extended}." if extended else words
        note = event.note if event.name in NOTES_FOR_APPLICANT else ""
        entries.append(Entry(when=event.created_at, words=words, note=note))
    cycle = application.cycle
    if cycle.decisions_released and application.state in DECISION_STATES:
        words = DECISION_WORDS[application.state].format(
            amount=money(application.awarded_amount, cycle.currency)
        )
        entries.append(Entry(when=cycle.decisions_released_at, words=words))
    return entries


def office_timeline(application) -> list[Entry]:
    return [
        Entry(
            when=event.created_at,
            words=OFFICE_WORDS.get(event.name, event.name.replace("_", " ").capitalize()),
            note=event.note,
            actor=str(event.actor) if event.actor else "the system",
        )
        for event in application.events.all()
    ]
