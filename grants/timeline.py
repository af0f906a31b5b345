"""An application's history in words: the applicant's view and the grants office's view.

The applicant never sees who acted (reviewers stay anonymous; the office speaks as one),
never sees internal notes, and sees a decision only once the board has released it.
The words come from the workflow table (grants.workflow). Both read the events
prefetched by ApplicationQuerySet.for_dashboard / for_detail.
"""

from dataclasses import dataclass
from datetime import datetime

from grants import workflow
from grants.money import format_money
from grants.workflow import Action


@dataclass(frozen=True)
class Entry:
    when: datetime
    words: str
    note: str = ""
    actor: str = ""


def applicant_timeline(application) -> list[Entry]:
    entries = []
    for event in application.events.all():
        words = workflow.event_words(event.name)[1]
        if not words:
            continue  # decisions and anything internal
        if event.name == Action.EXTEND_DEADLINE:
            extended = application.cycle.format_local(application.deadline_extended_until)
            words = f"{words} You can submit until {extended}." if extended else words
        note = event.note if workflow.note_is_for_applicant(event.name) else ""
        entries.append(Entry(when=event.created_at, words=words, note=note))
    cycle = application.cycle
    release_words = workflow.spec(application.state).release_words
    if cycle.decisions_released and release_words:
        words = release_words.format(
            amount=format_money(application.awarded_amount, cycle.currency)
        )
        entries.append(Entry(when=cycle.decisions_released_at, words=words))
    return entries


def office_timeline(application) -> list[Entry]:
    return [
        Entry(
            when=event.created_at,
            words=workflow.event_words(event.name)[0],
            note=event.note,
            actor=str(event.actor) if event.actor else "the system",
        )
        for event in application.events.all()
    ]
