"""One ReportEvent per change of a report's state, from django-fsm's post_transition,
in the caller's transaction (as grants.audit does for applications)."""

from django.dispatch import receiver
from django_fsm.signals import post_transition

from reports.models import Report, ReportEvent


@receiver(post_transition, sender=Report, dispatch_uid="reports.audit.record_transition")
def record_transition(sender, instance, name, source, target, **kwargs):
    if kwargs.get("exception") is not None:
        return
    method_kwargs = kwargs.get("method_kwargs") or {}
    ReportEvent.objects.create(
        report=instance,
        actor=method_kwargs.get("by"),
        name=name,
        source=source,
        target=target,
        note=method_kwargs.get("note", "") or "",
    )
