"""The application and its state machine. Django loads it through grants.models; what
belongs to it (budget lines, answers, documents, audit rows) is in application_parts.py.

The state machine's edges come from grants.workflow.TRANSITIONS: each `@transition`
below names its entry there and adds only what is truly its own (conditions, checks on
its arguments, the fields it sets).
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from grants import permissions as can
from grants import workflow
from grants.choices import Purpose
from grants.eligibility import eligibility_refusal
from grants.money import MONEY, ZERO, format_money
from grants.queries import ApplicationQuerySet
from grants.refusals import TransitionRefused
from grants.workflow import TRANSITIONS, State

if TYPE_CHECKING:
    from grants.models import CycleQuestion


def edge(name: str) -> dict:
    """The declared sources, target and permission of transition `name`, for @transition."""
    spec = TRANSITIONS[name]
    return {
        "source": list(spec.sources),
        "target": spec.target,
        "permission": can.transition_permission(spec.permission),
    }


class Application(ConcurrentTransitionMixin, models.Model):
    """One applicant's request in one cycle, moving along the state machine below."""

    cycle = models.ForeignKey("grants.Cycle", on_delete=models.PROTECT, related_name="applications")
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
    # The two facts a grant's closeout waits for, reported by payments and reports.
    paid_in_full_at = models.DateTimeField(null=True, blank=True, editable=False)
    final_report_accepted_at = models.DateTimeField(null=True, blank=True, editable=False)

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
            # Covering on PostgreSQL (INCLUDE): the budget's sums and the desk's ranking
            # read the index alone (SQLite ignores the included columns).
            models.Index(
                fields=["cycle", "state"],
                include=["id", "purpose", "submitted_at", "amount_requested", "awarded_amount"],
                name="application_cycle_state",
            ),
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
    def agreement_signed(self) -> bool:
        return hasattr(self, "agreement")

    @property
    def is_editable(self) -> bool:
        return self.state in workflow.EDITABLE_STATES

    @property
    def state_in_a_sentence(self) -> str:
        return workflow.in_a_sentence(self.state)

    def visible_state_for_applicant(self) -> str:
        """Decisions stay hidden from the applicant until the board releases them."""
        if self.state in workflow.HIDDEN_UNTIL_RELEASE and not self.cycle.decisions_released:
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

    @transition(field=state, conditions=[_is_complete], **edge("submit"))
    def submit(self, *, by, at=None, note=""):
        at = at or timezone.now()
        if not self.accepts_submission_at(at):
            raise TransitionRefused(self.deadline_refusal(at))
        if self.eligibility_refusal():
            raise TransitionRefused(self.eligibility_refusal())
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

    def eligibility_refusal(self) -> str:
        """Why the applicant may not submit to this cycle yet, or "" (grants.eligibility)."""
        return eligibility_refusal(self.cycle, self.applicant)

    def submission_refusals(self, at) -> list[str]:
        """Everything that stops the owner submitting at `at`: the deadline, eligibility, gaps."""
        reasons = []
        if not self.accepts_submission_at(at):
            reasons.append(self.deadline_refusal(at))
        if self.eligibility_refusal():
            reasons.append(self.eligibility_refusal())
        missing = self.missing_for_submission()
        if missing:
            reasons.append("Your application is not complete yet.")
            reasons.append("Still missing: " + "; ".join(missing) + ".")
        return reasons

    @transition(field=state, **edge("withdraw"))
    def withdraw(self, *, by, note=""):
        pass

    @transition(field=state, **edge("return_for_changes"))
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

    @transition(field=state, **edge("start_review"))
    def start_review(self, *, by, note=""):
        pass

    @transition(field=state, **edge("complete_review"))
    def complete_review(self, *, by, note=""):
        pass

    @transition(field=state, **edge("award"))
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
            committed = self.cycle.total_budget - remaining_budget
            raise TransitionRefused(
                f"The award ({amount}) is more than the budget left ({remaining_budget} "
                f"{self.cycle.currency}): {format_money(committed, self.cycle.currency)} of "
                f"the {format_money(self.cycle.total_budget, self.cycle.currency)} budget is "
                "committed."
            )
        self._record_decision(by, note, amount)

    @transition(field=state, **edge("waitlist"))
    def waitlist(self, *, by, note=""):
        self._record_decision(by, note, None)

    @transition(field=state, **edge("decline"))
    def decline(self, *, by, note=""):
        self._record_decision(by, note, None)

    def _record_decision(self, by, note, amount):
        self.awarded_amount = amount
        self.decision_note = note
        self.decided_by = by
        self.decided_at = timezone.now()

    # After the award ------------------------------------------------------------------

    @transition(field=state, **edge("accept"))
    def accept(self, *, by, signed_name: str, at=None, note=""):
        """The grantee accepts the offer, signing the agreement with their typed name."""
        self._check_offer_open(at or timezone.now())
        expected = " ".join(self.applicant.get_full_name().split())
        if " ".join(signed_name.split()).casefold() != expected.casefold():
            raise TransitionRefused(
                f"Type your full name exactly as it is on your account ({expected}) to sign."
            )

    @transition(field=state, **edge("decline_award"))
    def decline_award(self, *, by, note="", at=None):
        self._check_offer_open(at or timezone.now())

    def _check_offer_open(self, at) -> None:
        if not self.cycle.decisions_released:
            raise TransitionRefused("This award has not been released yet.")
        deadline = self.cycle.acceptance_deadline
        if deadline is not None and at >= deadline:
            raise TransitionRefused(
                f"The offer had to be answered by {self.cycle.format_local(deadline)}. "
                "Write to the grants office if you still want to talk about it."
            )

    @transition(field=state, **edge("rescind"))
    def rescind(self, *, by, note=""):
        if not note.strip():
            raise TransitionRefused(
                "Write the reason for rescinding the award: the grantee is told it."
            )

    @transition(field=state, **edge("close"))
    def close(self, *, by, note=""):
        if self.paid_in_full_at is None or self.final_report_accepted_at is None:
            raise TransitionRefused(
                "A grant closes once it is paid in full and its final report is accepted."
            )
