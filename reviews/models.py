from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils import timezone

from grants.models import Application, Cycle


class Recommendation(models.TextChoices):
    FUND = "fund", "Fund"
    FUND_WITH_CHANGES = "fund_with_changes", "Fund with changes"
    DO_NOT_FUND = "do_not_fund", "Do not fund"


class Rubric(models.Model):
    """How a cycle's applications are scored: its ordered criteria."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="rubric")
    instructions = models.TextField(blank=True, help_text="Shown to reviewers above the form.")
    asks_recommendation = models.BooleanField("ask for an overall recommendation", default=True)

    def __str__(self) -> str:
        return f"Rubric for {self.cycle}"

    @property
    def is_locked(self) -> bool:
        """Scales are fixed once any review exists, so stored scores keep their meaning."""
        return Review.objects.filter(assignment__application__cycle_id=self.cycle_id).exists()


class CriterionQuerySet(models.QuerySet):
    def of_cycle(self, cycle):
        """A cycle's criteria in the rubric's order: the one way every page reads them."""
        return self.filter(rubric__cycle=cycle).order_by("position", "pk")


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    guidance = models.TextField(blank=True, help_text="What reviewers should look for.")
    weight = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    level_descriptions = models.TextField(
        blank=True,
        help_text="One line per level, from the lowest score to the highest.",
    )
    allows_na = models.BooleanField("N/A allowed", default=False)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["rubric", "position", "id"]
        verbose_name_plural = "criteria"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="criterion_weight_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="criterion_scale_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, **kwargs):
        """Save; when the weight or scale changed, store the cycle's review scores again
        in the same transaction (one statement)."""
        before = getattr(self, "_saved_weighting", None)
        with transaction.atomic():
            super().save(**kwargs)
            now = self._weighting()
            if before is not None and before != now:
                from reviews import stored_scores

                stored_scores.store_rubric_scores(self.rubric_id)
        self._saved_weighting = now

    # What a stored review score depends on (reviews.stored_scores).
    WEIGHTING_FIELDS = ("weight", "scale_min", "scale_max")

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        instance._saved_weighting = instance._weighting()
        return instance

    def _weighting(self) -> tuple:
        deferred = self.get_deferred_fields()
        if deferred & set(self.WEIGHTING_FIELDS):
            return ()
        return (Decimal(self.weight), self.scale_min, self.scale_max)

    @property
    def levels(self) -> list[tuple[int, str]]:
        """Each score on the scale with its description (blank where none is written)."""
        lines = [line.strip() for line in self.level_descriptions.splitlines()]
        values = range(self.scale_min, self.scale_max + 1)
        return [(v, lines[i] if i < len(lines) else "") for i, v in enumerate(values)]

    def clean(self):
        super().clean()
        scale_given = self.scale_min is not None and self.scale_max is not None
        if scale_given and self.scale_max <= self.scale_min:
            raise ValidationError({"scale_max": "The top of the scale must be above the bottom."})
        if self.pk:
            before = Criterion.objects.filter(pk=self.pk).values("scale_min", "scale_max").first()
            changed = before and (before["scale_min"], before["scale_max"]) != (
                self.scale_min,
                self.scale_max,
            )
            if changed and Score.objects.filter(criterion_id=self.pk).exists():
                raise ValidationError(
                    "The scale cannot change once reviews have scored this criterion; "
                    "weights can still change."
                )


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    CONFLICT = "conflict", "Conflict declared"
    SUBMITTED = "submitted", "Review submitted"


class Assignment(models.Model):
    """A reviewer asked to review one application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED
    )
    no_conflict_declared_at = models.DateTimeField(null=True, blank=True)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    conflict_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="assignment_once"),
        ]
        indexes = [
            models.Index(fields=["reviewer", "status"], name="assignment_reviewer_status"),
            models.Index(fields=["application", "status"], name="assignment_application_status"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on #{self.application_id}"

    @property
    def has_declared(self) -> bool:
        return self.no_conflict_declared_at is not None or self.conflict_declared_at is not None

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == AssignmentStatus.ASSIGNED
            and self.due_at is not None
            and self.due_at < timezone.now()
        )


class KnownConflict(models.Model):
    """A conflict the board records in advance: this reviewer never reviews this applicant."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "applicant"], name="known_conflict_once"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} x {self.applicant}"


class ReviewQuerySet(models.QuerySet):
    def submitted(self):
        """Reviews that count: sent in, on an assignment that still stands (not recused)."""
        return self.filter(
            submitted_at__isnull=False, assignment__status=AssignmentStatus.SUBMITTED
        )


class Review(models.Model):
    """A reviewer's scores for one assignment; a draft until submitted_at is set."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    overall_comment = models.TextField(blank=True)
    recommendation = models.CharField(max_length=30, choices=Recommendation.choices, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The 0-100 score of the values below (None when nothing is scored), written with them
    # in one transaction by reviews.stored_scores; `manage.py verify_scores` checks it.
    score = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["submitted_at"], name="review_submitted_at")]

    def __str__(self) -> str:
        return f"Review of #{self.assignment.application_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.SmallIntegerField(null=True, blank=True)
    is_na = models.BooleanField("N/A", default=False)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="score_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(is_na=True, value__isnull=True) | models.Q(is_na=False),
                name="score_na_has_no_value",
            ),
        ]

    def __str__(self) -> str:
        return "N/A" if self.is_na else str(self.value)


class ReviewRevision(models.Model):
    """A change to a submitted review: who, when, and the scores before and after."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="revisions")
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revised_at = models.DateTimeField(default=timezone.now)
    old_scores = models.JSONField(default=dict)
    new_scores = models.JSONField(default=dict)
    old_recommendation = models.CharField(max_length=30, blank=True)
    new_recommendation = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["review", "revised_at", "id"]

    def __str__(self) -> str:
        return f"Revision of review #{self.review_id} at {self.revised_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def _as_text(scores: dict) -> str:
        """Scores in rubric order (criteria are numbered in the order they were made)."""
        ordered = sorted(scores.items(), key=lambda item: int(item[0]))
        return ", ".join("—" if value is None else str(value) for _, value in ordered) or "none"

    @property
    def old_scores_text(self) -> str:
        return self._as_text(self.old_scores)

    @property
    def new_scores_text(self) -> str:
        return self._as_text(self.new_scores)


class ApplicationTotals(models.Model):
    """The sums of one application's counted review scores, in cents, so the desk can
    rank one application (its place, its neighbours) without adding up every review of
    the cycle. Counted: submitted, on an assignment that still stands, with a score.

    Written only by reviews.application_totals, in the transaction that changes a
    review score; `manage.py verify_scores` recomputes them and reports any drift.
    """

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, primary_key=True, related_name="review_totals"
    )
    review_count = models.IntegerField(default=0)
    score_sum = models.BigIntegerField(default=0)
    score_squares = models.BigIntegerField(default=0)
    lowest = models.IntegerField(null=True)
    highest = models.IntegerField(null=True)

    class Meta:
        verbose_name_plural = "application totals"

    def __str__(self) -> str:
        return f"Review totals of #{self.application_id}"
