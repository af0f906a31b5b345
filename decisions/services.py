"""The board's write side: decide applications, decide several at once, release decisions.

Every decision goes through grants.services (award / waitlist / decline), which locks the
cycle row, then the application row, refuses a state the person did not see, and runs the
FSM transition (permission, audit, ConcurrentTransition). This module adds what the desk
needs on top: the state the board member saw, bulk actions that change all or nothing,
and the one-time release of a cycle's decisions.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from decisions.permissions import may_release, may_use_desk
from decisions.signals import decisions_released
from grants import audit
from grants import services as grant_services
from grants.models import Application, Cycle, TransitionRefused
from grants.workflow import (
    BOARD_DECISIONS,
    HIDDEN_UNTIL_RELEASE,
    TRANSITIONS,
    UNDECIDED_STATES,
    State,
    Transition,
    sources_of,
)
from grants.workflow import Action as Audited
from reviews import board_conflicts
from reviews import services as review_services


class Action:
    """The board's decisions at the desk: the workflow's board-decision transitions."""

    AWARD = Transition.AWARD
    WAITLIST = Transition.WAITLIST
    DECLINE = Transition.DECLINE


ACTION_CHOICES = [
    (Action.AWARD, "Award"),
    (Action.WAITLIST, "Waitlist"),
    (Action.DECLINE, "Decline"),
]
# What each action may start from and lead to: the workflow table's edges.
ACTION_SOURCES = {action: sources_of(action) for action in BOARD_DECISIONS}
ACTION_TARGETS = {action: TRANSITIONS[action].target for action in BOARD_DECISIONS}
BULK_ACTIONS = (Action.WAITLIST, Action.DECLINE)
# Applications the board still has to decide before (or instead of) releasing.
NOT_BOARD = "Only board members can decide applications and release decisions."


def _require(predicate, user) -> None:
    if not predicate(user):
        raise TransitionRefused(NOT_BOARD)


def as_seen(application: Application, seen_state: str | None) -> Application:
    """The application as the board member saw it: same row, the state from their page.

    grants.services compares this state with the locked row and refuses with
    "This application was just decided by X" when they differ.
    """
    if not seen_state:
        return application
    return Application(pk=application.pk, cycle_id=application.cycle_id, state=seen_state)


# One decision ---------------------------------------------------------------------------


def decide(
    application: Application,
    *,
    by,
    action: str,
    amount: Decimal | None = None,
    note: str = "",
    seen_state: str | None = None,
) -> Application:
    """Award, waitlist or decline one application; refusals raise TransitionRefused.

    An award needs its amount, typed; it is checked against
    the request and against the budget left, under the cycle's row lock.
    """
    _require(may_use_desk, by)
    if board_conflicts.has_conflict(by, application):
        raise TransitionRefused(board_conflicts.CANNOT_DECIDE)
    seen = as_seen(application, seen_state)
    _check_action_allowed(seen, action)
    if action == Action.AWARD:
        if amount is None:
            raise TransitionRefused("Type the amount to award, like 1500 or 1500.50.")
        return grant_services.award(seen, by=by, amount=amount, note=note)
    if action == Action.WAITLIST:
        return grant_services.waitlist(seen, by=by, note=note)
    if action == Action.DECLINE:
        return grant_services.decline(seen, by=by, note=note)
    raise TransitionRefused("Choose award, waitlist or decline.")


def _check_action_allowed(application: Application, action: str) -> None:
    """Say in words why the state machine would refuse (it only answers "not allowed")."""
    if action not in ACTION_SOURCES:
        raise TransitionRefused("Choose award, waitlist or decline.")
    if application.state not in ACTION_SOURCES[action]:
        allowed = " or ".join(
            state.label.lower() for state in State if state in ACTION_SOURCES[action]
        )
        raise TransitionRefused(
            f"You cannot {action} an application that is "
            f"{application.get_state_display().lower()}. Only {allowed} applications can be "
            f"{ACTION_TARGETS[action].label.lower()}."
        )


# Several at once ------------------------------------------------------------------------


@dataclass
class BulkPlan:
    """What a bulk action would do: who changes, and who is left as they are and why."""

    action: str
    changes: list[Application] = field(default_factory=list)
    skipped: list[tuple[Application, str]] = field(default_factory=list)

    @property
    def target_label(self) -> str:
        return ACTION_TARGETS[self.action].label


def _check_bulk_action(action: str) -> None:
    if action not in BULK_ACTIONS:
        raise TransitionRefused("Choose waitlist or decline for the selected applications.")


def plan_bulk(cycle: Cycle, *, action: str, application_ids, by=None) -> BulkPlan:
    """Sort the selection into what will change and what will be skipped (read only).

    Applications `by` has a conflict with are skipped, with the reason.
    """
    _check_bulk_action(action)
    ids = {int(i) for i in application_ids}
    if not ids:
        raise TransitionRefused("Select at least one application first.")
    plan = BulkPlan(action=action)
    sources = ACTION_SOURCES[action]
    applications = (
        Application.objects.in_cycle(cycle)
        .filter(pk__in=ids)
        .select_related("applicant", "decided_by")
        .order_by("title", "pk")
    )
    conflicted = board_conflicts.conflicted_ids(by, cycle)
    for application in applications:
        if application.pk in conflicted:
            plan.skipped.append((application, f"{board_conflicts.CANNOT_DECIDE}"))
        elif application.state in sources:
            plan.changes.append(application)
        else:
            plan.skipped.append(
                (
                    application,
                    f"It is {application.get_state_display().lower()}, so it cannot be "
                    f"{ACTION_TARGETS[action].label.lower()} now.",
                )
            )
    return plan


@transaction.atomic
def bulk_decide(cycle: Cycle, *, by, action: str, seen: dict[int, str], note: str = "") -> int:
    """Waitlist or decline every application in `seen` (id -> the state the person saw).

    All or nothing: if any of them was decided by someone else since the confirmation page,
    nothing changes and the refusal names each one. Returns how many changed.
    """
    _require(may_use_desk, by)
    _check_bulk_action(action)
    if not seen:
        raise TransitionRefused("Select at least one application first.")
    Cycle.objects.select_for_update().get(pk=cycle.pk)
    current = {
        app.pk: app
        for app in Application.objects.in_cycle(cycle)
        .filter(pk__in=seen)
        .select_for_update(of=("self",))
        .select_related("decided_by")
        .order_by("pk")
    }
    changed_since = [
        _changed_words(current[pk])
        for pk, state in sorted(seen.items())
        if pk in current and current[pk].state != state
    ]
    if changed_since:
        raise TransitionRefused(
            ["Nothing was changed: some applications were decided a moment ago.", *changed_since]
        )
    missing = set(seen) - set(current)
    if missing:
        raise TransitionRefused(
            "Some selected applications are not in this cycle. Reload the desk and select again."
        )
    conflicted = board_conflicts.conflicted_ids(by, cycle) & set(current)
    if conflicted:
        raise TransitionRefused(
            [
                "Nothing was changed: you have a conflict with some of the selected applications.",
                *[
                    f"{board_conflicts.CONFLICT_WORDS}: “{current[pk]}”."
                    for pk in sorted(conflicted)
                ],
            ]
        )
    for pk in sorted(seen):
        decide(current[pk], by=by, action=action, note=note, seen_state=seen[pk])
    return len(seen)


def _changed_words(application: Application) -> str:
    who = application.decided_by.get_full_name() if application.decided_by else "someone else"
    return (
        f"“{application}” was just decided by {who}: it is now "
        f"{application.get_state_display().lower()}."
    )


# Release --------------------------------------------------------------------------------


def undecided_applications(cycle: Cycle):
    return (
        Application.objects.in_cycle(cycle)
        .in_state(*UNDECIDED_STATES)
        .select_related("applicant")
        .order_by("title", "pk")
    )


@transaction.atomic
def release_decisions(
    cycle: Cycle, *, by, confirm_undecided: bool = False, share_comments: bool = False
) -> Cycle:
    """Make every decision of the cycle visible to its applicants, once.

    Refuses while applications are undecided unless the board confirms they stay so.
    Sets decisions_released_at under the cycle's row lock (so two board members cannot
    release twice), audits the release on every decided application (saying whether the
    declined ones' letters share the reviewers' comments) and sends
    decisions.signals.decisions_released in the same transaction.
    """
    _require(may_release, by)
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.decisions_released_at is not None:
        raise TransitionRefused(
            f"Decisions for this cycle were already released on "
            f"{locked.format_local(locked.decisions_released_at)}. "
            "Applicants can already see them."
        )
    undecided = list(undecided_applications(locked))
    if undecided and not confirm_undecided:
        raise TransitionRefused(
            [
                f"{len(undecided)} application{'s are' if len(undecided) != 1 else ' is'} "
                "still undecided. Decide them first, or confirm that they stay undecided:",
                *[str(app) for app in undecided],
            ]
        )
    locked.decisions_released_at = timezone.now()
    locked.reviewer_comments_shared = share_comments
    locked.save(update_fields=["decisions_released_at", "reviewer_comments_shared"])
    _audit_release(locked, by=by, share_comments=share_comments)
    decisions_released.send(sender=Cycle, cycle=locked, by=by, share_comments=share_comments)
    cycle.decisions_released_at = locked.decisions_released_at
    cycle.reviewer_comments_shared = share_comments
    return locked


SHARED = "Released. The decline letter shares the reviewers' comments, without names or scores."
NOT_SHARED = "Released. The reviewers' comments were not shared."


def _audit_release(cycle: Cycle, *, by, share_comments: bool) -> None:
    """One audit row per decision the release shows, in one statement per state."""
    revealed = (
        Application.objects.in_cycle(cycle)
        .filter(state__in=HIDDEN_UNTIL_RELEASE)
        .values_list("state", "pk")
    )
    by_state: dict[str, list[int]] = {}
    for state, pk in revealed:
        by_state.setdefault(state, []).append(pk)
    for state, ids in by_state.items():
        if state == State.DECLINED:
            note = SHARED if share_comments else NOT_SHARED
        else:
            note = "Released."
        audit.record_many(
            ids, name=Audited.RELEASE_DECISION, actor=by, source=state, target=state, note=note
        )


# Conflicts ------------------------------------------------------------------------------


def declare_conflict(application: Application, *, by, reason: str = ""):
    """A board member declares a conflict with the application's applicant, from the desk.

    Recorded as a known conflict (reviews), so from now on they see none of the
    applicant's reviews, cannot decide their applications and are never assigned to
    review them. Refused when a conflict is already known.
    """
    _require(may_use_desk, by)
    if board_conflicts.has_conflict(by, application):
        raise TransitionRefused(f"{board_conflicts.CONFLICT_WORDS} already.")
    return review_services.record_known_conflict(
        reviewer=by, applicant=application.applicant, by=by, reason=reason
    )


# Budget -------------------------------------------------------------------------------------


@transaction.atomic
def change_budget(cycle: Cycle, *, total_budget: Decimal) -> Cycle:
    """Set a cycle's budget, never below what is already awarded (the refusal names it).

    Cycle.clean() locks the cycle row first, as awards do, so a budget cut and an award
    cannot pass each other: whichever comes second sees the other's result.
    """
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    try:
        value = Decimal(str(total_budget)).quantize(Decimal("0.01"))
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite() or value < 0:
        raise TransitionRefused("Write the budget as an amount of money, such as 25000.00.")
    locked.total_budget = value
    try:
        locked.full_clean()
    except ValidationError as error:
        raise TransitionRefused(
            [message for messages in error.message_dict.values() for message in messages]
        ) from error
    locked.save(update_fields=["total_budget"])
    cycle.total_budget = value
    return locked
