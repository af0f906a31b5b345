import functools
import uuid
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from grants import permissions as can
from grants.queries import ApplicationQuerySet, CycleQuerySet
from grants.workflow import DECISION_STATES, STATE_IN_A_SENTENCE, Purpose, QuestionKind, State

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


class TransitionRefused(Exception):
    """A transition that may not happen now, with the reasons in the person's words."""

    def __init__(self, reasons, *, missing=()):
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        # What still has to be filled in, by name, when incompleteness is the reason.
        self.missing = list(missing)
        super().__init__(" ".join(self.reasons))

    @property
    def message(self) -> str:
        return " ".join(self.reasons)


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
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        permissions = [("release_decisions", "Can release a cycle's decisions")]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The cycle must close after it opens."})
        if (
            self.max_request
            and self.total_budget is not None
            and self.max_request > self.total_budget
        ):
            raise ValidationError({"max_request": "The maximum request cannot exceed the budget."})

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


class Application(ConcurrentTransitionMixin, models.Model):
    """One applicant's request in one cycle, moving along the state machine below."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    state = FSMField(default=State.DRAFT, choices=State.choices, protected=True)

    title = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=40, choices=Purpose.choices, blank=True)
    summary = models.TextField(blank=True)
    need_and_plan = models.TextField("need and plan", blank=True)
    beneficiaries = models.TextField("who benefits", blank=True)
    timeline = models.TextField(blank=True)
    amount_requested = models.DecimalField(
        **MONEY, null=True, blank=True, validators=[MinValueValidator(Decimal("0.01"))]
    )
    eligibility_confirmed = models.BooleanField(default=False)
    # Values typed into "Save draft" that did not validate yet, kept so nothing is lost.
    unsaved_input = models.JSONField(default=dict, blank=True)

    returned_note = models.TextField(blank=True)
    deadline_extended_until = models.DateTimeField(null=True, blank=True)

    awarded_amount = models.DecimalField(**MONEY, null=True, blank=True)
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("review_application", "Can review this application (assigned reviewer)"),
            ("decide_application", "Can award, waitlist or decline applications"),
            ("manage_review", "Can return applications and manage the review process"),
        ]
        indexes = [
            models.Index(fields=["cycle", "state"], name="application_cycle_state"),
            models.Index(fields=["cycle", "purpose"], name="application_cycle_purpose"),
            models.Index(fields=["applicant", "-created_at"], name="application_applicant"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(awarded_amount__isnull=True) | models.Q(awarded_amount__gt=0),
                name="application_awarded_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Untitled application #{self.pk}"

    # Reading the state -------------------------------------------------------------

    @property
    def state_in_a_sentence(self) -> str:
        return STATE_IN_A_SENTENCE[self.state]

    def visible_state_for_applicant(self) -> str:
        """Decisions stay hidden from the applicant until the board releases them."""
        if self.state in DECISION_STATES and not self.cycle.decisions_released:
            return State.REVIEWED
        return self.state

    def personal_deadline(self):
        """The last moment this applicant may submit: the cycle's close or their extension."""
        if self.deadline_extended_until and self.deadline_extended_until > self.cycle.closes_at:
            return self.deadline_extended_until
        return self.cycle.closes_at

    def accepts_submission_at(self, moment) -> bool:
        return self.cycle.opens_at <= moment < self.personal_deadline()

    def missing_for_submission(self) -> list[str]:
        """What must still be filled in before submitting, named as the form names it.

        Reads budget lines, answers and questions through prefetched relations when the
        caller has prefetched them.
        """
        missing = []
        for field in ("title", "purpose", "summary", "need_and_plan", "beneficiaries", "timeline"):
            if not str(getattr(self, field) or "").strip():
                missing.append(self._meta.get_field(field).verbose_name.capitalize())
        if self.amount_requested is None:
            missing.append("Amount requested")
        elif self.amount_requested > self.cycle.max_request:
            missing.append(
                f"Amount requested must be at most {self.cycle.max_request} {self.cycle.currency}"
            )
        lines = list(self.budget_lines.all())
        if not lines:
            missing.append("Budget: at least one line item")
        elif self.amount_requested is not None:
            total = sum((line.amount for line in lines), ZERO)
            if total != self.amount_requested:
                missing.append(
                    f"Budget: the line items add up to {total}, "
                    f"but the amount requested is {self.amount_requested}"
                )
        answered = {a.question_id for a in self.answers.all() if a.value.strip()}
        for question in self.cycle.questions.all():
            if question.required and question.pk not in answered:
                missing.append(f"Question: {question.label}")
        if self.unsaved_input:
            missing.append("Some of what you typed is not valid yet; see the marked fields")
        if not self.eligibility_confirmed:
            missing.append("Eligibility confirmation")
        return missing

    def answer_rows(self) -> list[tuple["CycleQuestion", str]]:
        """Each of the cycle's questions with this application's answer ("" if none).

        Reads prefetched answers and questions when the caller prefetched them.
        """
        answers = {answer.question_id: answer.value for answer in self.answers.all()}
        return [(question, answers.get(question.pk, "")) for question in self.cycle.questions.all()]

    # Transitions ---------------------------------------------------------------------
    # Each takes the acting person as `by`; grants.audit writes one ApplicationEvent per
    # transition from the post_transition signal, inside the caller's transaction.

    def _is_complete(self) -> bool:
        return not self.missing_for_submission()

    @transition(
        field=state,
        source=State.DRAFT,
        target=State.SUBMITTED,
        conditions=[_is_complete],
        permission=can.act_as_owner,
    )
    def submit(self, *, by, at=None, note=""):
        at = at or timezone.now()
        if not self.accepts_submission_at(at):
            raise TransitionRefused(self.deadline_refusal(at))
        self.submitted_at = at
        self.returned_note = ""

    def deadline_refusal(self, at) -> str:
        """Why `at` is outside this applicant's submission window, in plain words."""
        if at < self.cycle.opens_at:
            return (
                f"This cycle opens on {self.cycle.format_local(self.cycle.opens_at)}. "
                "Your draft is kept; you can submit once it opens."
            )
        return (
            f"The deadline passed on {self.cycle.format_local(self.personal_deadline())}. "
            "Your draft is kept. If something kept you from submitting, write to the grants "
            "office: staff can extend the deadline for you."
        )

    def submission_refusals(self, at) -> list[str]:
        """Everything that stops the owner submitting at `at`: the deadline, then gaps."""
        reasons = []
        if not self.accepts_submission_at(at):
            reasons.append(self.deadline_refusal(at))
        missing = self.missing_for_submission()
        if missing:
            reasons.append("Your application is not complete yet.")
            reasons.append("Still missing: " + "; ".join(missing) + ".")
        return reasons

    @transition(
        field=state,
        source=[State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW],
        target=State.WITHDRAWN,
        permission=can.act_as_owner,
    )
    def withdraw(self, *, by, note=""):
        pass

    @transition(
        field=state, source=State.SUBMITTED, target=State.DRAFT, permission=can.manage_review
    )
    def return_for_changes(self, *, by, note="", until=None):
        now = timezone.now()
        if not note.strip():
            raise TransitionRefused("Write a message telling the applicant what to change.")
        if until is not None and until <= now:
            raise TransitionRefused("The new personal deadline must be in the future.")
        if until is not None and until <= self.cycle.closes_at:
            raise TransitionRefused(
                "The cycle is open until "
                f"{self.cycle.format_local(self.cycle.closes_at)} anyway. Leave the new "
                "deadline empty, or choose a later one."
            )
        if until is None and now >= self.personal_deadline():
            # Without a new deadline the applicant could never send it back.
            raise TransitionRefused(
                f"The deadline passed on {self.cycle.format_local(self.personal_deadline())}. "
                "Give the applicant a new personal deadline so they can send it back."
            )
        self.returned_note = note
        self.submitted_at = None
        if until is not None:
            self.deadline_extended_until = until

    @transition(
        field=state, source=State.SUBMITTED, target=State.UNDER_REVIEW, permission=can.manage_review
    )
    def start_review(self, *, by, note=""):
        pass

    @transition(
        field=state, source=State.UNDER_REVIEW, target=State.REVIEWED, permission=can.manage_review
    )
    def complete_review(self, *, by, note=""):
        pass

    @transition(
        field=state,
        source=[State.REVIEWED, State.WAITLISTED],
        target=State.AWARDED,
        permission=can.decide,
    )
    def award(self, *, by, amount, note="", remaining_budget):
        """Award `amount`; the caller holds the cycle's row lock and passes what is left."""
        if amount is None or amount <= 0:
            raise TransitionRefused("The award must be more than zero.")
        if self.amount_requested is not None and amount > self.amount_requested:
            raise TransitionRefused(
                f"The award ({amount}) cannot be more than the amount requested "
                f"({self.amount_requested})."
            )
        if amount > remaining_budget:
            raise TransitionRefused(
                f"The award ({amount}) is more than the budget left ({remaining_budget} "
                f"{self.cycle.currency})."
            )
        self._record_decision(by, note, amount)

    @transition(field=state, source=State.REVIEWED, target=State.WAITLISTED, permission=can.decide)
    def waitlist(self, *, by, note=""):
        self._record_decision(by, note, None)

    @transition(
        field=state,
        source=[State.REVIEWED, State.WAITLISTED],
        target=State.DECLINED,
        permission=can.decide,
    )
    def decline(self, *, by, note=""):
        self._record_decision(by, note, None)

    def _record_decision(self, by, note, amount):
        self.awarded_amount = amount
        self.decision_note = note
        self.decided_by = by
        self.decided_at = timezone.now()


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])

    class Meta:
        ordering = ["application", "position", "id"]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class Answer(models.Model):
    """An applicant's answer to one of the cycle's extra questions, kept as text."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(CycleQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="answer_once_per_question"
            ),
        ]

    def __str__(self) -> str:
        return self.value[:50]


def attachment_path(instance, filename):
    # Stored under a random name: the person's file name is kept only in the database.
    return f"attachments/{uuid.uuid4().hex}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationEvent(models.Model):
    """The audit trail: one row per state change or staff action on an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    name = models.CharField(max_length=40)
    source = models.CharField(max_length=20, choices=State.choices)
    target = models.CharField(max_length=20, choices=State.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["application", "created_at"], name="event_application_time")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.source} -> {self.target}"


class ApplicationUserObjectPermission(UserObjectPermissionBase):
    """Per-object rights on applications (a reviewer's assignment), with a direct key."""

    content_object = models.ForeignKey(Application, on_delete=models.CASCADE)


class ApplicationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Application, on_delete=models.CASCADE)
