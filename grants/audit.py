"""One audit row per application transition, written in the caller's transaction."""

from django.dispatch import receiver
from django_fsm.signals import post_transition

from grants.models import Application, ApplicationEvent


@receiver(post_transition, sender=Application, dispatch_uid="grants.audit.record_transition")
def record_transition(sender, instance, name, source, target, **kwargs):
    method_kwargs = kwargs.get("method_kwargs") or {}
    ApplicationEvent.objects.create(
        application=instance,
        actor=method_kwargs.get("by"),
        name=name,
        source=source,
        target=target,
        note=method_kwargs.get("note", "") or "",
    )
