"""The one audit path: every change of an application's state, and every audited action
that keeps it, becomes one ApplicationEvent in the caller's transaction.

Single transitions are recorded from django-fsm's post_transition signal, so nobody has
to remember to audit them; bulk moves (grants.services.move_many) and the actions that
are not transitions (grants.workflow.ACTIONS) call `record` / `record_many` directly.
All three build their rows with `event`.
"""

from django.dispatch import Signal, receiver
from django.utils import timezone
from django_fsm.signals import post_transition

from grants.models import Application, ApplicationEvent

# Sent once after a bulk move (grants.services.move_many), in the same transaction, with
# name, source, target, application_ids, by and note: the bulk counterpart of
# post_transition for listeners that care about many applications at once.
applications_moved = Signal()


def event(application_id: int, *, name: str, actor, source, target, note="", at=None):
    return ApplicationEvent(
        application_id=application_id,
        actor=actor,
        created_at=at or timezone.now(),
        name=name,
        source=source,
        target=target,
        note=note or "",
    )


def record(application, *, name: str, actor, source=None, target=None, note="", at=None):
    """Audit one action on `application`; source and target default to its state."""
    row = event(
        application.pk,
        name=name,
        actor=actor,
        source=source or application.state,
        target=target or application.state,
        note=note,
        at=at,
    )
    row.save()
    return row


def record_many(application_ids, *, name: str, actor, source, target, note="", at=None):
    at = at or timezone.now()
    return ApplicationEvent.objects.bulk_create(
        event(pk, name=name, actor=actor, source=source, target=target, note=note, at=at)
        for pk in application_ids
    )


@receiver(post_transition, sender=Application, dispatch_uid="grants.audit.record_transition")
def record_transition(sender, instance, name, source, target, **kwargs):
    if kwargs.get("exception") is not None:
        return
    method_kwargs = kwargs.get("method_kwargs") or {}
    record(
        instance,
        name=name,
        actor=method_kwargs.get("by"),
        source=source,
        target=target,
        note=method_kwargs.get("note", ""),
    )
