"""Write side of grants: one function per use case, each in one transaction.

Every transition goes through `_transition`, which checks permission and conditions,
runs the model's transition method (which audits itself through grants.audit) and saves
with the FSM's concurrent-transition protection.
"""

from decimal import Decimal

from django.db import transaction
from django_fsm import ConcurrentTransition, can_proceed, has_transition_perm

from grants.models import Application, ApplicationEvent, Cycle, TransitionRefused

NOT_ALLOWED = "You are not allowed to do this with this application."
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
    """A fresh, row-locked copy of the application, so the state we check is current."""
    return (
        Application.objects.select_for_update()
        .select_related("cycle", "applicant")
        .get(pk=application.pk)
    )


def _transition(application: Application, name: str, *, by, check_permission=True, **kwargs):
    method = getattr(application, name)
    if check_permission and not has_transition_perm(method, by):
        raise TransitionRefused(NOT_ALLOWED)
    if not can_proceed(method):
        raise TransitionRefused(_refusal_reasons(application, name))
    try:
        method(by=by, **kwargs)
        application.save()
    except ConcurrentTransition as error:
        raise TransitionRefused(
            "Someone else changed this application a moment ago. Reload the page to see "
            "where it stands now."
        ) from error
    return application


def _refusal_reasons(application: Application, name: str) -> list[str]:
    if name == "submit" and application.state == "draft":
        return [
            "The application is not complete yet. Still missing:",
            *application.missing_for_submission(),
        ]
    words = ACTION_WORDS.get(name, name)
    return [f"You cannot {words} an application that is {application.get_state_display().lower()}."]


@transaction.atomic
def submit(application: Application, *, by, at=None) -> Application:
    app = _locked(application)
    return _transition(app, "submit", by=by, at=at)


@transaction.atomic
def withdraw(application: Application, *, by, note: str = "") -> Application:
    app = _locked(application)
    return _transition(app, "withdraw", by=by, note=note)


@transaction.atomic
def return_for_changes(application: Application, *, by, note: str, until=None) -> Application:
    app = _locked(application)
    return _transition(app, "return_for_changes", by=by, note=note, until=until)


@transaction.atomic
def start_review(
    application: Application, *, by, note: str = "", check_permission: bool = True
) -> Application:
    """Move a submitted application under review; reviews calls it on the first assignment."""
    app = _locked(application)
    return _transition(app, "start_review", by=by, note=note, check_permission=check_permission)


@transaction.atomic
def complete_review(
    application: Application, *, by, note: str = "", check_permission: bool = True
) -> Application:
    """Mark reviews complete. The reviews app calls it when the last review arrives
    (check_permission=False: the system acts for the reviewer); board and staff may force it."""
    app = _locked(application)
    return _transition(app, "complete_review", by=by, note=note, check_permission=check_permission)


def _lock_cycle(cycle_id: int) -> Cycle:
    return Cycle.objects.select_for_update().get(pk=cycle_id)


def remaining_budget(cycle: Cycle) -> Decimal:
    return cycle.total_budget - Application.objects.in_cycle(cycle).awarded_total()


@transaction.atomic
def award(application: Application, *, by, amount: Decimal, note: str = "") -> Application:
    # Lock the cycle first: every award in a cycle queues here, so the remaining budget we
    # read cannot be spent by someone else before we save.
    cycle = _lock_cycle(application.cycle_id)
    app = _locked(application)
    _check_not_decided_since(application, app)
    return _transition(
        app, "award", by=by, amount=amount, note=note, remaining_budget=remaining_budget(cycle)
    )


@transaction.atomic
def waitlist(application: Application, *, by, note: str = "") -> Application:
    _lock_cycle(application.cycle_id)
    app = _locked(application)
    _check_not_decided_since(application, app)
    return _transition(app, "waitlist", by=by, note=note)


@transaction.atomic
def decline(application: Application, *, by, note: str = "") -> Application:
    _lock_cycle(application.cycle_id)
    app = _locked(application)
    _check_not_decided_since(application, app)
    return _transition(app, "decline", by=by, note=note)


def _check_not_decided_since(seen: Application, current: Application) -> None:
    """Refuse when the state changed after the person loaded the page (they saw `seen`)."""
    if seen.state != current.state:
        who = current.decided_by.get_full_name() if current.decided_by else "someone else"
        raise TransitionRefused(
            f"This application was just decided by {who}: it is now "
            f"{current.get_state_display().lower()}. Reload to see the decision."
        )


@transaction.atomic
def extend_deadline(application: Application, *, by, until, note: str = "") -> Application:
    """Give one applicant a personal deadline; audited like a transition."""
    app = _locked(application)
    if app.state != "draft":
        raise TransitionRefused("Only a draft can get a deadline extension.")
    if until <= app.cycle.closes_at:
        raise TransitionRefused("The extension must end after the cycle closes.")
    app.deadline_extended_until = until
    app.save(update_fields=["deadline_extended_until", "updated_at"])
    ApplicationEvent.objects.create(
        application=app,
        actor=by,
        name="extend_deadline",
        source=app.state,
        target=app.state,
        note=note or f"Personal deadline extended to {app.cycle.local(until):%Y-%m-%d %H:%M %Z}",
    )
    return app
