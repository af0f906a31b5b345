"""Who hears of what after the award (called from notifications/receivers.py):

- the grantee accepts: the board and the treasurer (notice), with the amount
- the grantee declines: the board (email), with the reason: the money is free again
- the board rescinds: the grantee (email), the cycle's rescind letter with the reason
- the board corrects the amount: the grantee (email), the cycle's correction letter:
  what changed and why
"""

from grants.letters import LetterKind
from notifications import formatting, letters, links, recipients
from notifications.compose import Message, post_notice, queue_email
from notifications.formatting import about
from notifications.models import Event


def award_accepted(application, *, by) -> None:
    cycle = application.cycle
    amount = formatting.money(application.awarded_amount, cycle.currency)
    notice = Message(
        event=Event.AWARD_ACCEPTED,
        subject=f"Award accepted: {about(application)}",
        template="",
        reason="",
        path=links.agreement(application),
        notice_body=f"{application.applicant.get_full_name()} accepted {amount} and signed.",
    )
    for person in {*recipients.board(except_user=by), *recipients.treasurers(except_user=by)}:
        post_notice(notice, person)


def award_turned_down(application, *, by, reason: str) -> None:
    cycle = application.cycle
    amount = formatting.money(application.awarded_amount, cycle.currency)
    message = Message(
        event=Event.AWARD_TURNED_DOWN,
        subject=f"Award declined by the grantee: {about(application)}",
        template="award_turned_down",
        reason="you are on the board that decides this cycle.",
        path=links.desk_application(application),
        context={"amount": amount, "note": reason},
        notice_body=f"{amount} is free again; the waiting list may be offered it.",
        cycle=cycle,
        application=application,
    )
    for person in recipients.board(except_user=by):
        queue_email(message, person)


def award_rescinded(application, *, reason: str) -> None:
    letters.send(
        application,
        LetterKind.RESCIND,
        why=f"you applied to {application.cycle} and the board has changed its decision.",
        reason=reason,
    )


def award_corrected(application, *, previous, amount, reason: str) -> None:
    letters.send(
        application,
        LetterKind.CORRECTION,
        why=f"you applied to {application.cycle} and the board corrected your award.",
        previous_amount=previous,
        reason=reason,
    )
