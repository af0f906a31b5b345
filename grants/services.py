"""Write side of grants: one function per use case, each in one transaction.

Every transition goes through grants.transitions (state, permission and conditions
checked, audited, saved with concurrent-transition protection); the actions that keep
the state are audited through grants.audit. Refusals are TransitionRefused with reasons
in the person's words.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from accounts import email_verification
from grants import audit
from grants import permissions as can
from grants.models import (
    Answer,
    Application,
    Attachment,
    BudgetLine,
    Cycle,
    CycleQuestion,
    TransitionRefused,
)
from grants.money import CENT
from grants.transitions import NOT_ALLOWED, locked, move_many, run, synced
from grants.uploads import UploadRefused, check_upload
from grants.workflow import DECISION_STATES, EDITABLE_STATES, Action, State, Transition

DRAFT_FIELDS = {"title", "purpose", "summary", "need_and_plan", "beneficiaries", "timeline"}
DRAFT_FIELDS |= {"amount_requested", "eligibility_confirmed"}

# The applicant's draft -------------------------------------------------------------------


@transaction.atomic
def create_draft(cycle: Cycle, *, by, at=None) -> tuple[Application, bool]:
    """Start an application, or hand back the one this person already has in the cycle.

    The cycle row is locked so two clicks on "Apply" make one draft, not two.
    """
    at = at or timezone.now()
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    existing = (
        Application.objects.of_applicant(by)
        .in_cycle(cycle)
        .exclude(state=State.WITHDRAWN)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing, False
    if at < cycle.opens_at:
        raise TransitionRefused(
            f"This cycle opens on {cycle.format_local(cycle.opens_at)}. Come back then to apply."
        )
    if at >= cycle.closes_at:
        raise TransitionRefused(
            f"This cycle closed on {cycle.format_local(cycle.closes_at)}, so new applications "
            "cannot be started. Watch the grant cycles page for the next round."
        )
    application = Application.objects.create(cycle=cycle, applicant=by)
    audit.record(application, name=Action.CREATE, actor=by)
    return application, True


def _editable(application: Application, by) -> Application:
    app = locked(application)
    if not can.act_as_owner(app, by):
        raise TransitionRefused(NOT_ALLOWED)
    if app.state not in EDITABLE_STATES:
        raise TransitionRefused(
            f"This application is {app.state_in_a_sentence}, so it can no longer be "
            "changed. If something needs correcting, write to the grants office."
        )
    return app


@dataclass
class DraftSaved:
    application: Application
    attachment: Attachment | None = None
    upload_error: str = ""


@transaction.atomic
def save_draft(
    application: Application,
    *,
    by,
    fields: dict,
    budget_lines: list[tuple[str, Decimal]] | None = None,
    answers: list[tuple[CycleQuestion, str]] = (),
    unsaved_input: dict[str, str] | None = None,
    upload=None,
) -> DraftSaved:
    """Store the cleaned `fields`, the budget (when given) and `answers` (an empty text
    clears one); keep `unsaved_input` (what did not validate, as typed) to show again
    until it is fixed; check and attach a chosen file."""
    app = _editable(application, by)
    for name, value in fields.items():
        if name not in DRAFT_FIELDS:
            raise ValueError(f"{name} is not a field of the draft")
        setattr(app, name, "" if value is None and name != "amount_requested" else value)
    if budget_lines is not None:
        _replace_budget(app, budget_lines)
    _store_answers(app, answers)
    app.unsaved_input = dict(unsaved_input or {})
    app.save()
    saved = DraftSaved(application=app)
    if upload:
        try:
            saved.attachment = _attach(app, by, upload)
        except UploadRefused as refusal:
            saved.upload_error = refusal.message
    return saved


def _replace_budget(app: Application, lines) -> None:
    app.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(application=app, position=position, description=description, amount=amount)
        for position, (description, amount) in enumerate(lines)
    )


def _store_answers(app: Application, answers) -> None:
    for question, text in answers:
        if text:
            Answer.objects.update_or_create(
                application=app, question=question, defaults={"value": text}
            )
        else:
            Answer.objects.filter(application=app, question=question).delete()


def _attach(app: Application, by, upload) -> Attachment:
    checked = check_upload(upload, already_attached=app.attachments.count())
    upload.seek(0)
    attachment = Attachment(
        application=app,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )
    # The file is written before the row; if the transaction then rolls back, the file is
    # left without a row (harmless, private, and under a random name).
    attachment.file.save(checked.original_name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def add_attachment(application: Application, *, by, upload) -> Attachment:
    app = _editable(application, by)
    try:
        return _attach(app, by, upload)
    except UploadRefused as refusal:
        raise TransitionRefused(refusal.message) from refusal


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by) -> None:
    _editable(attachment.application, by)
    row = Attachment.objects.select_for_update().get(pk=attachment.pk)
    name, storage = row.file.name, row.file.storage
    row.delete()
    # Remove the stored file only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(name))


# Transitions -----------------------------------------------------------------------------


@transaction.atomic
def submit(application: Application, *, by, at=None) -> Application:
    app = locked(application)
    if (refusal := email_verification.submit_refusal(by)) is not None:
        raise TransitionRefused(refusal)  # an unconfirmed address may keep drafts only
    return synced(application, run(app, Transition.SUBMIT, by=by, at=at or timezone.now()))


@transaction.atomic
def withdraw(application: Application, *, by, note: str = "") -> Application:
    app = locked(application)
    return synced(application, run(app, Transition.WITHDRAW, by=by, note=note))


@transaction.atomic
def return_for_changes(application: Application, *, by, note: str, until=None) -> Application:
    app = locked(application)
    moved = run(app, Transition.RETURN_FOR_CHANGES, by=by, note=note, until=until)
    return synced(application, moved)


@transaction.atomic
def start_review(
    application: Application, *, by, note: str = "", check_permission: bool = True
) -> Application:
    """Move a submitted application under review; reviews calls it on the first assignment."""
    app = locked(application)
    moved = run(app, Transition.START_REVIEW, by=by, note=note, check_permission=check_permission)
    return synced(application, moved)


def start_review_many(application_ids, *, by, note: str = "") -> list[int]:
    """Move every submitted application among `application_ids` under review at once (the
    first assignments of an auto-assignment); the others are left alone."""
    return move_many(application_ids, Transition.START_REVIEW, by=by, note=note)


@transaction.atomic
def complete_review(
    application: Application, *, by, note: str = "", check_permission: bool = True
) -> Application:
    """Mark reviews complete. The reviews app calls it when the last review arrives
    (check_permission=False: the system acts for the reviewer); board and staff may force it."""
    app = locked(application)
    moved = run(
        app, Transition.COMPLETE_REVIEW, by=by, note=note, check_permission=check_permission
    )
    return synced(application, moved)


# Decisions -------------------------------------------------------------------------------


def _lock_cycle(cycle_id: int) -> Cycle:
    return Cycle.objects.select_for_update().get(pk=cycle_id)


def remaining_budget(cycle: Cycle) -> Decimal:
    committed = Application.objects.in_cycle(cycle).committed_total()
    return (cycle.total_budget - committed).quantize(CENT)


def _money(amount) -> Decimal | None:
    try:
        value = Decimal(str(amount)).quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return value if value.is_finite() else None


@transaction.atomic
def award(application: Application, *, by, amount: Decimal, note: str = "") -> Application:
    # Lock the cycle first: every award in a cycle queues here, so the remaining budget we
    # read cannot be spent by someone else before we save.
    cycle = _lock_cycle(application.cycle_id)
    app = locked(application)
    _check_not_decided_since(application, app)
    value = _money(amount) if amount is not None else None
    if amount is not None and value is None:
        raise TransitionRefused("Write the award as an amount of money, such as 1200.00.")
    moved = run(
        app,
        Transition.AWARD,
        by=by,
        amount=value,
        note=note,
        remaining_budget=remaining_budget(cycle),
    )
    return synced(application, moved)


@transaction.atomic
def waitlist(application: Application, *, by, note: str = "") -> Application:
    _lock_cycle(application.cycle_id)
    app = locked(application)
    _check_not_decided_since(application, app)
    return synced(application, run(app, Transition.WAITLIST, by=by, note=note))


@transaction.atomic
def decline(application: Application, *, by, note: str = "") -> Application:
    _lock_cycle(application.cycle_id)
    app = locked(application)
    _check_not_decided_since(application, app)
    return synced(application, run(app, Transition.DECLINE, by=by, note=note))


def _check_not_decided_since(seen: Application, current: Application) -> None:
    """Refuse when the state changed after the person loaded the page (they saw `seen`)."""
    if seen.state == current.state:
        return
    now = current.state_in_a_sentence
    if current.state in DECISION_STATES:
        who = current.decided_by.get_full_name() if current.decided_by else "someone else"
        raise TransitionRefused(
            f"This application was just decided by {who}: it is now {now}. "
            "Reload to see the decision."
        )
    raise TransitionRefused(
        f"This application changed a moment ago: it is now {now}. Reload to see where it stands."
    )


# Office actions that are not transitions -----------------------------------------------


@transaction.atomic
def extend_deadline(application: Application, *, by, until, note: str = "") -> Application:
    """Give one applicant a personal deadline; audited like a transition."""
    app = locked(application)
    if not can.manage_review(app, by):
        raise TransitionRefused(NOT_ALLOWED)
    if app.state not in EDITABLE_STATES:
        raise TransitionRefused(
            f"Only a draft can get a deadline extension; this one is {app.state_in_a_sentence}."
        )
    if until <= app.cycle.closes_at:
        raise TransitionRefused(
            "The extension must end after the cycle closes "
            f"({app.cycle.format_local(app.cycle.closes_at)})."
        )
    if until <= timezone.now():
        raise TransitionRefused("The personal deadline must be in the future.")
    app.deadline_extended_until = until
    app.save(update_fields=["deadline_extended_until", "updated_at"])
    audit.record(
        app,
        name=Action.EXTEND_DEADLINE,
        actor=by,
        note=note or f"Personal deadline extended to {app.cycle.format_local(until)}.",
    )
    return synced(application, app)
