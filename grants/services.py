"""Write side of grants: one function per use case, each in one transaction.

Every transition goes through `_transition`, which checks state, permission and
conditions in that order, runs the model's transition method (which audits itself
through grants.audit) and saves with the FSM's concurrent-transition protection.
Refusals are TransitionRefused with reasons in the person's words.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed

from grants import permissions as can
from grants.models import (
    ZERO,
    Answer,
    Application,
    ApplicationEvent,
    Attachment,
    BudgetLine,
    Cycle,
    CycleQuestion,
    TransitionRefused,
)
from grants.uploads import UploadRefused, check_upload
from grants.workflow import DECISION_STATES, EDITABLE_STATES, State

DRAFT_FIELDS = {"title", "purpose", "summary", "need_and_plan", "beneficiaries", "timeline"}
DRAFT_FIELDS |= {"amount_requested", "eligibility_confirmed"}
NOT_ALLOWED = "You are not allowed to do this with this application."
CENT = Decimal("0.01")
ACTION_WORDS = {
    "submit": "submit",
    "withdraw": "withdraw",
    "return_for_changes": "return for changes",
    "start_review": "start the review of",
    "complete_review": "mark as reviewed",
    "award": "award",
    "waitlist": "waitlist",
    "decline": "decline",
}


def _locked(application: Application) -> Application:
    """A fresh, row-locked copy of the application, so the state we check is current.

    Only the application row is locked (`of`): the cycle row is locked explicitly, and
    first, by the use cases that need it, so locks are always taken in the same order.
    """
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("cycle", "applicant")
        .get(pk=application.pk)
    )


def _permitted(method, application: Application, user) -> bool:
    """The transition's permission, whatever the current state (it depends on the person)."""
    transitions = method._django_fsm.transitions.values()
    return any(t.has_perm(application, user) for t in transitions)


def _synced(caller: Application, current: Application) -> Application:
    """Bring the caller's own object up to date after a change, so it can be used again."""
    if caller is not current:
        caller.refresh_from_db()
    return current


def _transition(application: Application, name: str, *, by, check_permission=True, **kwargs):
    method = getattr(application, name)
    if check_permission and not _permitted(method, application, by):
        raise TransitionRefused(NOT_ALLOWED)
    if not can_proceed(method, check_conditions=False):
        raise TransitionRefused(_state_refusal(application, name))
    if not can_proceed(method):
        raise TransitionRefused(
            _condition_refusal(application, name, kwargs),
            missing=application.missing_for_submission(),
        )
    try:
        method(by=by, **kwargs)
        application.save()
    except ConcurrentTransition as error:
        raise TransitionRefused(
            "Someone else changed this application a moment ago. Reload the page to see "
            "where it stands now."
        ) from error
    return application


def _state_refusal(application: Application, name: str) -> str:
    words = ACTION_WORDS.get(name, name)
    return f"You cannot {words} an application that is {application.state_in_a_sentence}."


def _condition_refusal(application: Application, name: str, kwargs) -> list[str]:
    if name == "submit":
        return application.submission_refusals(kwargs.get("at") or timezone.now())
    return [f"You cannot {ACTION_WORDS.get(name, name)} this application yet."]


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
    ApplicationEvent.objects.create(
        application=application,
        actor=by,
        name="create",
        source=State.DRAFT,
        target=State.DRAFT,
    )
    return application, True


def _editable(application: Application, by) -> Application:
    app = _locked(application)
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
    app = _locked(application)
    return _synced(application, _transition(app, "submit", by=by, at=at or timezone.now()))


@transaction.atomic
def withdraw(application: Application, *, by, note: str = "") -> Application:
    app = _locked(application)
    return _synced(application, _transition(app, "withdraw", by=by, note=note))


@transaction.atomic
def return_for_changes(application: Application, *, by, note: str, until=None) -> Application:
    app = _locked(application)
    moved = _transition(app, "return_for_changes", by=by, note=note, until=until)
    return _synced(application, moved)


@transaction.atomic
def start_review(
    application: Application, *, by, note: str = "", check_permission: bool = True
) -> Application:
    """Move a submitted application under review; reviews calls it on the first assignment."""
    app = _locked(application)
    moved = _transition(app, "start_review", by=by, note=note, check_permission=check_permission)
    return _synced(application, moved)


@transaction.atomic
def start_review_many(application_ids, *, by, note: str = "") -> list[int]:
    """Move every submitted application among `application_ids` under review at once.

    Auto-assignment of a whole cycle starts thousands of reviews in one go; doing it one
    transition at a time cost ~13 ms each. This is the same transition as
    `Application.start_review` (submitted -> under_review, for the system acting on a
    board member's assignment), written as one locked UPDATE plus one bulk insert of
    audit rows. Applications in any other state are left alone. Returns the moved ids.
    """
    moved = list(
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=list(application_ids), state=State.SUBMITTED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not moved:
        return []
    now = timezone.now()
    Application.objects.filter(pk__in=moved).update(state=State.UNDER_REVIEW, updated_at=now)
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(
            application_id=pk,
            actor=by,
            created_at=now,
            name="start_review",
            source=State.SUBMITTED,
            target=State.UNDER_REVIEW,
            note=note,
        )
        for pk in moved
    )
    return moved


@transaction.atomic
def complete_review(
    application: Application, *, by, note: str = "", check_permission: bool = True
) -> Application:
    """Mark reviews complete. The reviews app calls it when the last review arrives
    (check_permission=False: the system acts for the reviewer); board and staff may force it."""
    app = _locked(application)
    moved = _transition(app, "complete_review", by=by, note=note, check_permission=check_permission)
    return _synced(application, moved)


# Decisions -------------------------------------------------------------------------------


def _lock_cycle(cycle_id: int) -> Cycle:
    return Cycle.objects.select_for_update().get(pk=cycle_id)


def remaining_budget(cycle: Cycle) -> Decimal:
    awarded = Application.objects.in_cycle(cycle).awarded_total() or ZERO
    return (cycle.total_budget - Decimal(awarded)).quantize(CENT)


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
    app = _locked(application)
    _check_not_decided_since(application, app)
    value = _money(amount) if amount is not None else None
    if amount is not None and value is None:
        raise TransitionRefused("Write the award as an amount of money, such as 1200.00.")
    moved = _transition(
        app, "award", by=by, amount=value, note=note, remaining_budget=remaining_budget(cycle)
    )
    return _synced(application, moved)


@transaction.atomic
def waitlist(application: Application, *, by, note: str = "") -> Application:
    _lock_cycle(application.cycle_id)
    app = _locked(application)
    _check_not_decided_since(application, app)
    return _synced(application, _transition(app, "waitlist", by=by, note=note))


@transaction.atomic
def decline(application: Application, *, by, note: str = "") -> Application:
    _lock_cycle(application.cycle_id)
    app = _locked(application)
    _check_not_decided_since(application, app)
    return _synced(application, _transition(app, "decline", by=by, note=note))


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
    app = _locked(application)
    if not can.manage_review(app, by):
        raise TransitionRefused(NOT_ALLOWED)
    if app.state != State.DRAFT:
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
    ApplicationEvent.objects.create(
        application=app,
        actor=by,
        name="extend_deadline",
        source=app.state,
        target=app.state,
        note=note or f"Personal deadline extended to {app.cycle.format_local(until)}.",
    )
    return _synced(application, app)
