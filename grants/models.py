"""Cycles and their questions; the application's models are in grants/application.py."""

import functools
import zoneinfo
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.utils import timezone

from grants.agreement_text import AGREEMENT_PLACEHOLDERS, DEFAULT_AGREEMENT
from grants.choices import QuestionKind
from grants.markdown import unknown_placeholders
from grants.money import MONEY, ZERO
from grants.queries import CycleQuerySet
from grants.refusals import TransitionRefused


@functools.cache
def _time_zone_names() -> frozenset[str]:
    # Reading the zone database from disk takes ~75 ms; it does not change while we run.
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in _time_zone_names():
        raise ValidationError(f"{value!r} is not a time zone name, such as America/New_York.")


class Cycle(models.Model):
    """One grant round: what is offered, when it is open, and how it is reviewed."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(help_text="Markdown: headings, lists, links. No raw HTML.")
    eligibility = models.TextField(blank=True, help_text="Markdown. Who may apply.")
    requires_verified_practitioner = models.BooleanField(
        "only verified Preferred Practitioners may submit",
        default=False,
        help_text="Anyone may write a draft; submitting waits until staff verify the listing.",
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64,
        default="America/New_York",
        validators=[validate_time_zone],
        help_text="Dates are shown to everyone in this time zone, with its name.",
    )
    currency = models.CharField(max_length=3, default="USD")
    total_budget = models.DecimalField(**MONEY, validators=[MinValueValidator(ZERO)])
    max_request = models.DecimalField(
        "maximum request", **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    reviewers_per_application = models.PositiveSmallIntegerField(default=2)
    reviews_due_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Reviewers' due date. Submitted reviews can be revised until then.",
    )
    blind_review = models.BooleanField(default=True, help_text="Reviewers never see who applied.")
    reviewers_see_other_reviews = models.BooleanField(
        default=False,
        help_text="After submitting their own review, reviewers may read the others.",
    )
    disagreement_spread = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("25.00"),
        help_text="Flag applications whose review scores (0-100) differ by more than this.",
    )
    decisions_released_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Chosen by the board at the release: declined applicants' letters carry the reviewers'
    # comments (never their names or scores), also for a decline after the release.
    reviewer_comments_shared = models.BooleanField(
        "reviewers' comments shared with declined applicants", default=False, editable=False
    )
    acceptance_deadline = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Grantees accept or decline their award before this moment (empty: no limit).",
    )
    agreement_text = models.TextField(
        blank=True,
        default=DEFAULT_AGREEMENT,
        help_text=(
            "Markdown. The grantee signs it to accept an award. Placeholders: "
            + ", ".join("{" + name + "}" for name in AGREEMENT_PLACEHOLDERS)
            + "."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        permissions = [
            ("release_decisions", "Can release a cycle's decisions"),
            ("export_results", "Can download a cycle's results (spreadsheet and CSV)"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The cycle must close after it opens."})
        self._check_budget_covers_committed()
        if (
            self.max_request
            and self.total_budget is not None
            and self.max_request > self.total_budget
        ):
            raise ValidationError({"max_request": "The maximum request cannot exceed the budget."})
        unknown = unknown_placeholders(self.agreement_text, AGREEMENT_PLACEHOLDERS)
        if unknown:
            raise ValidationError(
                {
                    "agreement_text": "The agreement uses placeholders we do not know: "
                    + ", ".join("{" + name + "}" for name in unknown)
                    + ". Use only: "
                    + ", ".join("{" + name + "}" for name in AGREEMENT_PLACEHOLDERS)
                    + "."
                }
            )

    def _check_budget_covers_committed(self) -> None:
        """The budget may never drop below what is already awarded in the cycle.

        Inside a transaction (the admin's save, grants.services.change_budget) the cycle's
        row is locked first, as awards lock it, so an award cannot land between this check
        and the save.
        """
        if self.pk is None or self.total_budget is None:
            return
        if connection.in_atomic_block:
            list(Cycle.objects.select_for_update().filter(pk=self.pk).values_list("pk"))
        committed = self.committed_total()
        if self.total_budget < committed:
            raise ValidationError(
                {
                    "total_budget": (
                        f"The budget cannot be less than what is already committed: "
                        f"{committed:,.2f} {self.currency} is awarded in this cycle."
                    )
                }
            )

    def committed_total(self) -> Decimal:
        """Money committed in this cycle (awarded, accepted, closed): the budget covers it."""
        return Application.objects.in_cycle(self).committed_total()

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local(self, moment):
        """A moment shown in the cycle's own time zone."""
        return timezone.localtime(moment, self.tz) if moment else None

    def format_local(self, moment) -> str:
        """A moment in words, in the cycle's time zone with the zone named: the site's
        one format, grants.dates ("Wednesday 3 March 2027, 5:00pm (New York time)")."""
        from grants.dates import moment_words

        return moment_words(moment, self.tz)

    def is_open_at(self, moment) -> bool:
        """Open from opens_at (inclusive) to closes_at (exclusive), on the server's clock."""
        return self.opens_at <= moment < self.closes_at

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    @property
    def phase(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return "upcoming"
        if now < self.closes_at:
            return "open"
        return "closed"

    @property
    def decisions_released(self) -> bool:
        return self.decisions_released_at is not None


class CycleQuestion(models.Model):
    """An extra question asked of every applicant in one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    kind = models.CharField(
        max_length=20, choices=QuestionKind.choices, default=QuestionKind.SHORT_TEXT
    )
    choices = models.TextField(blank=True, help_text="For a single choice: one option per line.")
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["cycle", "position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.kind == QuestionKind.CHOICE and len(self.choice_list) < 2:
            raise ValidationError(
                {"choices": "A single-choice question needs at least two options."}
            )


# The application and what belongs to it live in grants/application.py; Django finds them
# through this module, and callers keep importing them from here.
from grants.agreement import AwardAgreement  # noqa: E402
from grants.application import Application  # noqa: E402
from grants.application_parts import (  # noqa: E402
    Answer,
    ApplicationEvent,
    ApplicationGroupObjectPermission,
    ApplicationUserObjectPermission,
    Attachment,
    BudgetLine,
    attachment_path,
)
from grants.cycle_letters import CycleLetter  # noqa: E402

__all__ = [
    "MONEY",
    "ZERO",
    "Answer",
    "Application",
    "ApplicationEvent",
    "ApplicationGroupObjectPermission",
    "ApplicationUserObjectPermission",
    "Attachment",
    "AwardAgreement",
    "BudgetLine",
    "Cycle",
    "CycleLetter",
    "CycleQuestion",
    "TransitionRefused",
    "attachment_path",
    "validate_time_zone",
]
