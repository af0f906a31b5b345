from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.managers import UserManager


class User(AbstractBaseUser, PermissionsMixin):
    """A person: applicant, reviewer, board member or staff. Email is the login."""

    email = models.EmailField("email address", max_length=254, unique=True)
    full_name = models.CharField("full name", max_length=150)
    # The practitioner profile an S4OM applicant has.
    credentials = models.CharField(
        "credentials and licence",
        max_length=200,
        blank=True,
        help_text="For example: LMT, licence number and state, oncology massage training.",
    )
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField("state, province or region", max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    listing = models.CharField(
        "preferred-practitioner listing",
        max_length=300,
        blank=True,
        help_text="Your S4OM Preferred Practitioner listing ID or the web address of your listing.",
    )
    # Set by staff (or the directory import) after checking the listing; see
    # PractitionerVerification for who changed it when.
    listing_verified_at = models.DateTimeField(
        "listing verified at", null=True, blank=True, editable=False
    )
    listing_verified_by = models.ForeignKey(
        "self",
        verbose_name="listing verified by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    phone = models.CharField("phone (optional)", max_length=40, blank=True)
    wants_reminders = models.BooleanField(
        "send me reminders",
        default=True,
        help_text="Deadline and due-date reminders. Receipts and decisions are always sent.",
    )

    is_staff = models.BooleanField(
        "Django admin access",
        default=False,
        help_text="Can log into the Django admin site.",
    )
    is_active = models.BooleanField(default=True)
    # Account security: when the person proved the address is theirs. Accounts made by
    # staff, the demo or a test count as confirmed; sign-up leaves it empty until the link.
    email_verified_at = models.DateTimeField(
        "email confirmed at", null=True, blank=True, default=timezone.now
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, self.region, self.country) if part)

    @property
    def is_verified_practitioner(self) -> bool:
        """Staff have checked this person's listing in the society's directory."""
        return self.listing_verified_at is not None


class VerificationAction(models.TextChoices):
    VERIFIED = "verified", "Verified"
    UNVERIFIED = "unverified", "Verification removed"


class VerificationSource(models.TextChoices):
    OFFICE = "office", "Grants office page"
    IMPORT = "import", "Directory import"
    COMMAND = "command", "import_directory command"


class PractitionerVerification(models.Model):
    """One audit row per change of a person's Preferred Practitioner verification."""

    practitioner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="listing_verifications"
    )
    action = models.CharField(max_length=12, choices=VerificationAction.choices)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=12, choices=VerificationSource.choices)
    listing = models.CharField("listing at the time", max_length=300, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("verify_practitioner", "Can verify S4OM Preferred Practitioners"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.practitioner} ({self.created_at:%Y-%m-%d})"


# Account security (issue 15): kept apart from the practitioner profile above. ---------------


class SecurityEventKind(models.TextChoices):
    EMAIL_VERIFIED = "email_verified", "Email address confirmed"
    SIGNUP_ATTEMPT = "signup_attempt", "Someone tried to sign up with this address"
    TWO_STEP_ON = "two_step_on", "Two-step login turned on or moved to a new phone"
    TWO_STEP_OFF = "two_step_off", "Two-step login turned off"
    RECOVERY_CODES_MADE = "recovery_codes_made", "New recovery codes made"
    RECOVERY_CODE_USED = "recovery_code_used", "A recovery code was used to log in"
    UNLOCKED = "unlocked", "Login unlocked by the emailed link"


class SecurityEvent(models.Model):
    """The audit trail of a person's own account security: one row per change or use."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="security_events", editable=False
    )
    kind = models.CharField(max_length=30, choices=SecurityEventKind.choices, editable=False)
    at = models.DateTimeField(default=timezone.now, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    detail = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="security_event_user_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.user_id}, {self.at:%Y-%m-%d %H:%M})"
