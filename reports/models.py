"""What staff configure per cycle: report requests and their typed questions.

The report itself (its state machine, answers and audit rows) is in reports/report.py;
Django finds it through this module.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models

from grants.choices import QuestionKind


class ReportKind(models.TextChoices):
    INTERIM = "interim", "Interim report"
    FINAL = "final", "Final report"


class ReportQuestionKind(models.TextChoices):
    """grants' question kinds, plus a date and a document upload (numbers take limits)."""

    SHORT_TEXT = QuestionKind.SHORT_TEXT.value, QuestionKind.SHORT_TEXT.label
    LONG_TEXT = QuestionKind.LONG_TEXT.value, QuestionKind.LONG_TEXT.label
    NUMBER = QuestionKind.NUMBER.value, QuestionKind.NUMBER.label
    YES_NO = QuestionKind.YES_NO.value, QuestionKind.YES_NO.label
    CHOICE = QuestionKind.CHOICE.value, QuestionKind.CHOICE.label
    DATE = "date", "Date"
    DOCUMENT = "document", "Document upload"


class ImpactMeasure(models.TextChoices):
    """The society's standard impact measures: the answers the impact page adds up."""

    PEOPLE_SERVED = "people_served", "People served"
    SESSIONS = "sessions", "Sessions given"
    HOURS = "hours", "Hours of oncology massage"
    CERTIFICATION = "certification", "Course or certification completed"
    CERTIFICATE = "certificate", "Certificate attached"


# The measures the impact page sums (numbers) and counts (a "yes"), in the page's order.
SUMMED_MEASURES = (ImpactMeasure.PEOPLE_SERVED, ImpactMeasure.SESSIONS, ImpactMeasure.HOURS)
COUNTED_MEASURES = (ImpactMeasure.CERTIFICATION,)


class ReportRequest(models.Model):
    """An interim or final report asked of every grantee of one cycle."""

    cycle = models.ForeignKey(
        "grants.Cycle", on_delete=models.CASCADE, related_name="report_requests"
    )
    kind = models.CharField(max_length=10, choices=ReportKind.choices, default=ReportKind.FINAL)
    title = models.CharField(max_length=200)
    due_on = models.DateField("due on a fixed date", null=True, blank=True)
    due_days_after_acceptance = models.PositiveSmallIntegerField(
        "or due this many days after the grantee accepts the award", null=True, blank=True
    )
    instructions = models.TextField(blank=True, help_text="Shown to the grantee above the form.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(due_on__isnull=False, due_days_after_acceptance__isnull=True)
                    | models.Q(due_on__isnull=True, due_days_after_acceptance__isnull=False)
                ),
                name="report_request_one_due_rule",
                violation_error_message=(
                    "Give either a fixed due date or a number of days after acceptance, not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.cycle})"

    def due_date_for(self, accepted_at):
        """The due date for a grantee who accepted at `accepted_at` (an aware datetime)."""
        if self.due_on is not None:
            return self.due_on
        local = self.cycle.local(accepted_at).date()
        return local + timedelta(days=self.due_days_after_acceptance)


class ReportQuestion(models.Model):
    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    kind = models.CharField(
        max_length=20, choices=ReportQuestionKind.choices, default=ReportQuestionKind.SHORT_TEXT
    )
    choices = models.TextField(blank=True, help_text="For a single choice: one option per line.")
    required = models.BooleanField(default=True)
    minimum = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    maximum = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True, help_text="For a number: people, hours…")
    measure = models.CharField(
        max_length=20,
        choices=ImpactMeasure.choices,
        blank=True,
        help_text="One of the society's impact measures, added up on the impact page.",
    )

    class Meta:
        ordering = ["request", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "measure"],
                condition=~models.Q(measure=""),
                name="report_question_measure_once",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.kind == ReportQuestionKind.CHOICE and len(self.choice_list) < 2:
            raise ValidationError(
                {"choices": "A single-choice question needs at least two options."}
            )
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValidationError({"maximum": "The maximum must not be below the minimum."})
        if self.kind != ReportQuestionKind.NUMBER and (
            self.minimum is not None or self.maximum is not None or self.unit
        ):
            raise ValidationError(
                {"kind": "Only a number question takes a minimum, maximum or unit."}
            )
        wanted = MEASURE_KINDS.get(self.measure)
        if wanted and self.kind != wanted:
            raise ValidationError(
                {
                    "kind": f"The measure “{self.get_measure_display()}” needs a "
                    f"{wanted.label.lower()} question."
                }
            )


MEASURE_KINDS = {
    ImpactMeasure.PEOPLE_SERVED: ReportQuestionKind.NUMBER,
    ImpactMeasure.SESSIONS: ReportQuestionKind.NUMBER,
    ImpactMeasure.HOURS: ReportQuestionKind.NUMBER,
    ImpactMeasure.CERTIFICATION: ReportQuestionKind.YES_NO,
    ImpactMeasure.CERTIFICATE: ReportQuestionKind.DOCUMENT,
}


from reports.report import Report, ReportAnswer, ReportEvent, report_upload_path  # noqa: E402

__all__ = [
    "ImpactMeasure",
    "Report",
    "ReportAnswer",
    "ReportEvent",
    "ReportKind",
    "ReportQuestion",
    "ReportQuestionKind",
    "ReportRequest",
    "report_upload_path",
]
