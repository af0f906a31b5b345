"""A grantee's report, its typed answers and its audit rows. Django loads them through
reports.models.

The state machine's edges come from grants.workflow.REPORT_TRANSITIONS, read by `edge`
as grants.application reads TRANSITIONS; each `@transition` adds only its own checks.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from grants.refusals import TransitionRefused
from grants.workflow import REPORT_STATES, REPORT_TRANSITIONS, ReportState
from reports import permissions as can


def edge(name: str) -> dict:
    """The declared sources, target and permission of report transition `name`."""
    spec = REPORT_TRANSITIONS[name]
    return {
        "source": list(spec.sources),
        "target": spec.target,
        "permission": can.transition_permission(spec.permission),
    }


def states_where(flag: str) -> frozenset[ReportState]:
    return frozenset(state for state, spec in REPORT_STATES.items() if getattr(spec, flag))


EDITABLE_REPORT_STATES = states_where("editable")
AWAITING_STAFF_STATES = states_where("reviewable")
# Accepted: nothing follows, and only accepted reports count on the impact page.
IMPACT_STATES = states_where("terminal")


class Report(ConcurrentTransitionMixin, models.Model):
    """One grantee's answer to one report request, for one accepted award."""

    request = models.ForeignKey(
        "reports.ReportRequest", on_delete=models.PROTECT, related_name="reports"
    )
    application = models.ForeignKey(
        "grants.Application", on_delete=models.CASCADE, related_name="reports"
    )
    state = FSMField(default=ReportState.DRAFT, choices=ReportState.choices, protected=True)
    # Fixed when the report is created: the request's date, or acceptance + N days.
    due_on = models.DateField()
    # Values typed into "Save draft" that did not validate yet, kept so nothing is lost.
    unsaved_input = models.JSONField(default=dict, blank=True)
    changes_note = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        permissions = [("review_report", "Can accept reports or ask for changes")]
        constraints = [
            models.UniqueConstraint(fields=["request", "application"], name="report_once"),
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="report_state_due")]

    def __str__(self) -> str:
        return f"{self.request.title}: {self.application}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_REPORT_STATES

    @property
    def state_words(self) -> str:
        return REPORT_STATES[ReportState(self.state)].applicant_words

    @property
    def state_in_a_sentence(self) -> str:
        return REPORT_STATES[ReportState(self.state)].in_a_sentence

    def is_overdue(self, today=None) -> bool:
        today = today or self.application.cycle.local(timezone.now()).date()
        return self.is_editable and self.due_on < today

    def missing_for_submission(self) -> list[str]:
        """What must still be answered; reads prefetched answers and questions if given."""
        answered = {a.question_id for a in self.answers.all() if a.has_value}
        missing = [
            f"Question: {question.label}"
            for question in self.request.questions.all()
            if question.required and question.pk not in answered
        ]
        if self.unsaved_input:
            missing.append("Some of what you typed is not valid yet; see the marked fields")
        return missing

    def answer_rows(self) -> list[tuple]:
        """Each question of the request with this report's answer (None if none); reads
        prefetched answers and questions when the caller prefetched them."""
        answers = {answer.question_id: answer for answer in self.answers.all()}
        return [(q, answers.get(q.pk)) for q in self.request.questions.all()]

    def _is_complete(self) -> bool:
        return not self.missing_for_submission()

    # Transitions: each takes the acting person as `by`; reports.audit writes one
    # ReportEvent per transition from post_transition, inside the caller's transaction.

    @transition(field=state, conditions=[_is_complete], **edge("submit"))
    def submit(self, *, by, note=""):
        self.submitted_at = timezone.now()

    @transition(field=state, **edge("accept"))
    def accept(self, *, by, note=""):
        self.accepted_at = timezone.now()

    @transition(field=state, **edge("ask_for_changes"))
    def ask_for_changes(self, *, by, note=""):
        if REPORT_TRANSITIONS["ask_for_changes"].note_required and not note.strip():
            raise TransitionRefused("Write a message telling the grantee what to change.")
        self.changes_note = note.strip()
        self.submitted_at = None


def report_upload_path(instance, filename):
    # Stored under a random name: the person's file name is kept only in the database.
    return f"reports/{uuid.uuid4().hex}"


class ReportAnswer(models.Model):
    """One typed answer: the column that fits the question's kind holds the value."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "reports.ReportQuestion", on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    yes_no = models.BooleanField(null=True, blank=True)
    document = models.FileField(upload_to=report_upload_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["report", "question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "question"], name="report_answer_once"),
        ]

    def __str__(self) -> str:
        return self.display

    @property
    def has_value(self) -> bool:
        values = (self.number, self.date, self.yes_no)
        return bool(self.text.strip() or self.document) or any(v is not None for v in values)

    @property
    def display(self) -> str:
        if self.number is not None:
            return format(self.number.normalize(), "f")
        if self.date is not None:
            return self.date.isoformat()
        if self.yes_no is not None:
            return "Yes" if self.yes_no else "No"
        if self.document:
            return self.original_name
        return self.text


class ReportEvent(models.Model):
    """The audit trail of a report: one row per state change."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    name = models.CharField(max_length=40)
    source = models.CharField(max_length=20, choices=ReportState.choices)
    target = models.CharField(max_length=20, choices=ReportState.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.source} -> {self.target}"

    @property
    def words(self) -> str:
        """The office's words for it, from the workflow table."""
        spec = REPORT_TRANSITIONS.get(self.name)
        return spec.office_words if spec else self.name.replace("_", " ").capitalize()
