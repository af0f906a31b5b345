"""Deleting an applicant's account, in one transaction.

What goes: the person (name, email, profile, password, two-step key), their drafts, every
application in a cycle that has not closed yet (with its files, answers, history and
reports), the attachments of the applications that stay and their reports' documents,
their inbox, the emails addressed to them and their login records.

What stays, anonymised: applications submitted to cycles that have closed. They are part
of the cycle's record (reviews scored them, the board may have decided on them, the
spreadsheet exports list them), so they (with their grant reports) move to a placeholder
person named "Former applicant" with an address that cannot receive mail. Each deleted
account gets its own placeholder, so counts of applicants stay right.

Accounts with reviewer, board or staff roles, or that have ever reviewed, are closed by
the grants office instead: their reviews belong to the cycles' records.

Payments are financial records: an application with a payment always stays (anonymised
as above), its payments keep their amounts, dates, methods and references, and lose the
treasurer's note, which may speak of the person. Payee details of the applications that
stay keep only whether the tax form was sent: the legal name becomes the placeholder's
name and the postal address is removed. (Those of deleted applications go with them.)
"""

import uuid
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.roles import Role, role_names
from grants.models import Application, ApplicationEvent, Attachment
from notifications.models import Email
from payments.models import PayeeDetails, Payment
from reports.models import ReportAnswer, ReportEvent
from reviews.models import Assignment, KnownConflict

PLACEHOLDER_NAME = "Former applicant"
PLACEHOLDER_DOMAIN = "deleted.invalid"


class AccountDeletionRefused(Exception):
    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass
class DeletionPlan:
    """Which of the person's applications go and which stay anonymised."""

    deleted: list[Application] = field(default_factory=list)
    kept: list[Application] = field(default_factory=list)
    refusal: str = ""


@dataclass
class DeletionSummary:
    deleted_applications: int
    anonymised_applications: int
    placeholder_id: int | None


def is_cycle_record(application: Application, now) -> bool:
    """Kept for the cycle's record: sent in, to a cycle whose submission window has closed."""
    return (
        not application.is_editable
        and application.submitted_at is not None
        and application.cycle.closes_at <= now
    )


def refusal_for(user) -> str:
    """Why this account must be closed by the grants office, or "" when it may delete itself."""
    office_roles = role_names(user) - {Role.APPLICANT}
    if office_roles or user.is_staff or user.is_superuser:
        return (
            "Your account has reviewer, board or staff access. Write to the grants office to "
            "close it, so the reviews and decisions you worked on stay with their cycles."
        )
    if Assignment.objects.filter(reviewer=user).exists():
        return (
            "You have reviewed applications. Write to the grants office to close your "
            "account, so your reviews stay with their cycles."
        )
    return ""


def deletion_plan(user, *, now=None) -> DeletionPlan:
    now = now or timezone.now()
    plan = DeletionPlan(refusal=refusal_for(user))
    paid = set(
        Payment.objects.filter(application__applicant=user).values_list("application", flat=True)
    )
    for application in Application.objects.of_applicant(user).select_related("cycle"):
        kept = is_cycle_record(application, now) or application.pk in paid
        (plan.kept if kept else plan.deleted).append(application)
    return plan


@transaction.atomic
def delete_account(*, user, now=None) -> DeletionSummary:
    """Delete the account as described above; nothing changes if any step fails."""
    now = now or timezone.now()
    person = get_user_model().objects.select_for_update().get(pk=user.pk)
    plan = deletion_plan(person, now=now)
    if plan.refusal:
        raise AccountDeletionRefused(plan.refusal)

    kept_ids = [app.pk for app in plan.kept]
    deleted_ids = [app.pk for app in plan.deleted]
    files = list(
        Attachment.objects.filter(application__applicant=person).values_list("file", flat=True)
    )
    # Report documents (certificates) go like attachments; the answers' words stay.
    documents = dict(
        ReportAnswer.objects.filter(report__application__applicant=person)
        .exclude(document="")
        .values_list("pk", "document")
    )
    files += list(documents.values())

    placeholder = _placeholder() if kept_ids else None
    if placeholder is not None:
        Application.objects.filter(pk__in=kept_ids).update(applicant=placeholder)
        ApplicationEvent.objects.filter(application_id__in=kept_ids, actor=person).update(
            actor=placeholder
        )
        ReportEvent.objects.filter(report__application_id__in=kept_ids, actor=person).update(
            actor=placeholder
        )
        # Keep recorded conflicts: a kept application may still be under review.
        KnownConflict.objects.filter(applicant=person).update(applicant=placeholder)
        PayeeDetails.objects.filter(application_id__in=kept_ids).update(
            legal_name=PLACEHOLDER_NAME, postal_address=""
        )
        Payment.objects.filter(application_id__in=kept_ids).update(note="")
    Attachment.objects.filter(application_id__in=kept_ids + deleted_ids).delete()
    ReportAnswer.objects.filter(pk__in=documents).delete()
    Application.objects.filter(pk__in=deleted_ids).delete()

    Email.objects.filter(Q(recipient=person) | Q(to_address__iexact=person.email)).delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=person.email).delete()
    person.delete()  # notices, two-step keys, reminders and permissions go with it

    transaction.on_commit(lambda: _remove_files(files))
    return DeletionSummary(
        deleted_applications=len(deleted_ids),
        anonymised_applications=len(kept_ids),
        placeholder_id=placeholder.pk if placeholder else None,
    )


def _placeholder():
    user = get_user_model()(
        email=f"former-applicant-{uuid.uuid4().hex}@{PLACEHOLDER_DOMAIN}",
        full_name=PLACEHOLDER_NAME,
        is_active=False,
        wants_reminders=False,
    )
    user.set_unusable_password()
    user.save()
    return user


def _remove_files(names) -> None:
    """Remove stored files once the deletion is committed (a rollback keeps them)."""
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        if name:
            storage.delete(name)
