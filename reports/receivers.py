"""Reports come into being when they are owed: when a grantee accepts an award (grants'
post_transition) and when staff add or change a request for a cycle with open grants.
Both run in the transaction of the change that caused them."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django_fsm.signals import post_transition

from grants.models import Application
from grants.workflow import Transition
from reports.models import ReportRequest
from reports.services import ensure_reports, ensure_reports_for_request


@receiver(post_transition, sender=Application, dispatch_uid="reports.award_accepted")
def award_accepted(sender, instance, name, **kwargs):
    if kwargs.get("exception") is None and name == Transition.ACCEPT:
        ensure_reports(instance)


@receiver(post_save, sender=ReportRequest, dispatch_uid="reports.request_saved")
def request_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        ensure_reports_for_request(instance)
