"""What notifications keeps: the email outbox, the in-app inbox and the reminder ledger.

Every email is a row before it is sent (the outbox pattern): it is written in the same
transaction as the event that caused it, so a rolled-back event leaves no email, and a
mail server that is down leaves a `failed` row to retry instead of a lost message.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Event(models.TextChoices):
    """Why an email or notice exists; one template pair per email event."""

    RECEIPT = "receipt", "Application received (applicant)"
    SUBMITTED = "submitted", "Application submitted (staff)"
    RETURNED = "returned", "Returned for changes (applicant)"
    WITHDRAWN = "withdrawn", "Application withdrawn (staff)"
    ASSIGNED = "assigned", "Review assigned (reviewer)"
    REVIEW_RECEIVED = "review_received", "Review received (reviewer)"
    CONFLICT = "conflict", "Conflict declared (board)"
    REVIEWS_COMPLETE = "reviews_complete", "All reviews in (board)"
    AWARDED = "awarded", "Decision: awarded (applicant)"
    WAITLISTED = "waitlisted", "Decision: waitlisted (applicant)"
    DECLINED = "declined", "Decision: declined (applicant)"
    AWARD_ACCEPTED = "award_accepted", "Award accepted by the grantee (board, treasurer)"
    AWARD_TURNED_DOWN = "award_turned_down", "Award declined by the grantee (board)"
    AWARD_RESCINDED = "award_rescinded", "Award rescinded (grantee)"
    AWARD_CORRECTED = "award_corrected", "Award amount corrected (grantee)"
    OFFER_REMINDER = "offer_reminder", "Reminder: award offer not answered (grantee)"
    DRAFT_REMINDER = "draft_reminder", "Reminder: draft not submitted (applicant)"
    REVIEW_DUE_REMINDER = "review_due_reminder", "Reminder: review due soon (reviewer)"
    REVIEW_OVERDUE_REMINDER = "review_overdue_reminder", "Reminder: review overdue (reviewer)"
    AWAITING_VERIFICATION = "awaiting_verification", "Listing awaiting verification (staff)"
    LISTING_VERIFIED = "listing_verified", "Listing verified (applicant)"
    ACCOUNT_SECURITY = "account_security", "Account security (the account's owner)"
    PAYMENT_RECORDED = "payment_recorded", "Payment recorded (grantee)"
    PAYEE_DETAILS_ASKED = "payee_details_asked", "Where to pay the grant (grantee)"
    REPORT_SUBMITTED = "report_submitted", "Report submitted (staff)"
    REPORT_CHANGES_ASKED = "report_changes_asked", "Report: changes asked for (grantee)"
    REPORT_DUE_REMINDER = "report_due_reminder", "Reminder: report due soon (grantee)"
    REPORT_OVERDUE_REMINDER = "report_overdue_reminder", "Reminder: report overdue (grantee)"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


# Rows a sender may pick up: queued, or failed with a retry time set.
SENDABLE = (EmailStatus.QUEUED, EmailStatus.FAILED)


class EmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Rows whose next attempt has come: the only rows a sender may claim."""
        now = now or timezone.now()
        return self.filter(
            status__in=SENDABLE, next_attempt_at__isnull=False, next_attempt_at__lte=now
        )


class Email(models.Model):
    """One email to one person, from the moment the event happens until it is sent."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
    )
    to_address = models.EmailField("to", max_length=254)
    subject = models.CharField(max_length=300)
    body_text = models.TextField("plain text body")
    body_html = models.TextField("HTML body", blank=True)
    event = models.CharField(max_length=40, choices=Event.choices)
    # What the email is about, kept for the outbox filters and for de-duplication.
    cycle = models.ForeignKey(
        "grants.Cycle", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        "grants.Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    related_ref = models.CharField(
        "related object",
        max_length=80,
        blank=True,
        help_text="Another object the email is about, as app.model:id (an assignment).",
    )
    resend_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="resends"
    )

    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        default=timezone.now,
        help_text="When a sender may try next. Empty after too many failures: resend by hand.",
    )
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="email_due"),
            models.Index(fields=["event", "application"], name="email_event_application"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address}"


class NoticeQuerySet(models.QuerySet):
    def of_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def newest_first(self):
        return self.order_by("-created_at", "-id")


class Notice(models.Model):
    """A line in a person's inbox on the site, linking to what it is about."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    event = models.CharField(max_length=40, choices=Event.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True, help_text="A path on this site.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notice_user_time"),
            # The navigation counts unread notices on every page: keep that index small.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notice_user_unread"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderKind(models.TextChoices):
    DRAFT_7_DAYS = "draft_7_days", "Draft: 7 days before the deadline"
    DRAFT_1_DAY = "draft_1_day", "Draft: 1 day before the deadline"
    REVIEW_DUE_3_DAYS = "review_due_3_days", "Review: 3 days before it is due"
    REVIEW_OVERDUE = "review_overdue", "Review: overdue"
    OFFER_3_DAYS = "offer_3_days", "Award offer: 3 days before the acceptance deadline"
    REPORT_DUE_7_DAYS = "report_due_7_days", "Report: 7 days before it is due"
    REPORT_OVERDUE = "report_overdue", "Report: overdue"


class ReminderLog(models.Model):
    """One row per reminder sent: the unique key is what makes send_reminders idempotent."""

    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    # The application (draft reminders), the assignment (review reminders) or the report.
    object_id = models.PositiveBigIntegerField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    email = models.ForeignKey(Email, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "recipient"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id} → {self.recipient_id}"
