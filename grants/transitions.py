"""Running the declared transitions: the contract every change of `Application.state`
goes through, one at a time (`run`) or in bulk (`move_many`).

`run` checks state, permission and conditions in that order, calls the model's
`@transition` method (post_transition then audits it, grants.audit) and saves with the
FSM's concurrent-transition protection. `move_many` is the same transition for many rows
at once: the same permission check, one locked UPDATE, one audit row per application
through the same audit helper, and one `applications_moved` signal.
Refusals are TransitionRefused with reasons in the person's words.
"""

from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed

from grants import audit
from grants import permissions as can
from grants.models import Application
from grants.refusals import TransitionRefused
from grants.workflow import TRANSITIONS, Transition

NOT_ALLOWED = "You are not allowed to do this with this application."


def locked(application: Application) -> Application:
    """A fresh, row-locked copy of the application, so the state we check is current.

    Only the application row is locked (`of`): the cycle row is locked explicitly, and
    first, by the use cases that need it, so locks are always taken in the same order.
    """
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("cycle", "applicant")
        .get(pk=application.pk)
    )


def synced(caller: Application, current: Application) -> Application:
    """Bring the caller's own object up to date after a change, so it can be used again."""
    if caller is not current:
        caller.refresh_from_db()
    return current


def permitted(name: str, application: Application, user) -> bool:
    """Whether `user` may take transition `name`, whatever the current state."""
    return can.transition_permission(TRANSITIONS[name].permission)(application, user)


def run(application: Application, name: Transition, *, by, check_permission=True, **kwargs):
    """Take transition `name` on a locked application; `check_permission=False` only when
    the system acts on someone's behalf (the last review arriving, the first assignment)."""
    method = getattr(application, name)
    if check_permission and not permitted(name, application, by):
        raise TransitionRefused(NOT_ALLOWED)
    if not can_proceed(method, check_conditions=False):
        raise TransitionRefused(state_refusal(application, name))
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


def state_refusal(application: Application, name: str) -> str:
    verb = TRANSITIONS[name].verb
    return f"You cannot {verb} an application that is {application.state_in_a_sentence}."


def _condition_refusal(application: Application, name: str, kwargs) -> list[str]:
    if name == Transition.SUBMIT:
        return application.submission_refusals(kwargs.get("at") or timezone.now())
    return [f"You cannot {TRANSITIONS[name].verb} this application yet."]


@transaction.atomic
def move_many(application_ids, name: Transition, *, by, note="", check_permission=True):
    """Take transition `name` on every application among `application_ids` that is in one
    of its sources, as one locked UPDATE; the others are left alone. Returns the moved ids.

    For transitions that set nothing but the state (start_review): one at a time cost
    ~13 ms each when auto-assignment starts thousands of reviews at once.
    """
    spec = TRANSITIONS[name]
    rows = list(
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=list(application_ids), state__in=spec.sources)
        .order_by("pk")
        .only("pk", "state", "applicant_id")
    )
    if check_permission and any(not permitted(name, app, by) for app in rows):
        raise TransitionRefused(NOT_ALLOWED)
    moved_by_source: dict[str, list[int]] = {}
    for app in rows:
        moved_by_source.setdefault(app.state, []).append(app.pk)
    now = timezone.now()
    moved = [app.pk for app in rows]
    if moved:
        Application.objects.filter(pk__in=moved).update(state=spec.target, updated_at=now)
    for source, ids in moved_by_source.items():
        audit.record_many(
            ids, name=name, actor=by, source=source, target=spec.target, note=note, at=now
        )
        audit.applications_moved.send(
            sender=Application,
            name=name,
            source=source,
            target=spec.target,
            application_ids=ids,
            by=by,
            note=note,
        )
    return moved
