"""The applicant's draft as a task list, and its check-your-answers page.

Read-only helpers for the applicant's pages: each section of the draft with its status
(not started, in progress, complete), each answer with the anchor of its field on the
edit page (for the "Change" links), each missing item from
`Application.missing_for_submission` linked to its field, and the reference number
given on submission.
"""

from dataclasses import dataclass, field

from grants.models import ZERO, Application

NOT_STARTED, IN_PROGRESS, COMPLETE, OPTIONAL = "Not started", "In progress", "Complete", "Optional"
TEXT_FIELDS = {
    "about": ("title", "purpose", "summary"),
    "plan": ("need_and_plan", "beneficiaries", "timeline"),
}
LABELS = {
    "title": "Title",
    "purpose": "Purpose",
    "summary": "Summary",
    "need_and_plan": "Need and plan",
    "beneficiaries": "Who benefits",
    "timeline": "Timeline",
    "amount_requested": "Amount requested",
}


def reference(application: Application) -> str:
    """The number an applicant quotes to the grants office: S4OM-<cycle>-<application>."""
    return f"S4OM-{application.cycle_id}-{application.pk:05d}"


def anchor(name: str) -> str:
    """The id of a draft field on the edit page."""
    return f"id_{name}"


@dataclass
class Section:
    key: str
    title: str
    status: str
    anchor: str
    answers: list = field(default_factory=list)  # (label, value, anchor)

    @property
    def status_class(self) -> str:
        return self.status.lower().replace(" ", "-")


def _status(filled: int, total: int, unsaved: bool) -> str:
    if unsaved or (0 < filled < total):
        return IN_PROGRESS
    return COMPLETE if total and filled == total else NOT_STARTED


def sections(application: Application) -> list[Section]:
    unsaved = set(application.unsaved_input or {})
    result = []
    for key, title in (("about", "About your project"), ("plan", "Need and plan")):
        names = TEXT_FIELDS[key]
        answers = [(LABELS[n], _value(application, n), anchor(n)) for n in names]
        filled = sum(1 for _, value, _ in answers if value)
        status = _status(filled, len(names), bool(unsaved & set(names)))
        result.append(Section(key, title, status, f"{key}-title", answers))
    result.append(_budget(application, unsaved))
    questions = list(application.cycle.questions.all())
    if questions:
        result.append(_questions(application, questions, unsaved))
    attachments = list(application.attachments.all())
    result.append(
        Section(
            "documents",
            "Documents",
            COMPLETE if attachments else OPTIONAL,
            "documents-title",
            [("Documents", ", ".join(a.original_name for a in attachments), "id_attachment-file")],
        )
    )
    confirmed = application.eligibility_confirmed
    result.append(
        Section(
            "eligibility",
            "Eligibility",
            COMPLETE if confirmed else NOT_STARTED,
            "eligibility-title",
            [("Eligibility", "Confirmed" if confirmed else "", anchor("eligibility_confirmed"))],
        )
    )
    return result


def _value(application: Application, name: str) -> str:
    if name == "purpose":
        return application.get_purpose_display() if application.purpose else ""
    return str(getattr(application, name) or "").strip()


def _budget(application: Application, unsaved: set) -> Section:
    amount = application.amount_requested
    lines = list(application.budget_lines.all())
    total = sum((line.amount for line in lines), ZERO)
    currency = application.cycle.currency
    answers = [
        (
            "Amount requested",
            "" if amount is None else f"{amount:,.2f} {currency}",
            anchor("amount_requested"),
        ),
        (
            "Budget lines",
            "; ".join(f"{line.description}: {line.amount:,.2f}" for line in lines),
            anchor("budget-0-description"),
        ),
    ]
    complete = amount is not None and lines and total == amount
    complete = complete and amount <= application.cycle.max_request
    has_unsaved = any(k == "amount_requested" or k.startswith("budget-") for k in unsaved)
    if complete and not has_unsaved:
        status = COMPLETE
    elif amount is None and not lines and not has_unsaved:
        status = NOT_STARTED
    else:
        status = IN_PROGRESS
    return Section("budget", "Budget", status, "budget-title", answers)


def _questions(application: Application, questions, unsaved: set) -> Section:
    given = {a.question_id: a.value for a in application.answers.all()}
    answers = [
        (q.label, (given.get(q.pk) or "").strip(), anchor(f"question-q{q.pk}")) for q in questions
    ]
    required = [q for q in questions if q.required]
    has_unsaved = any(k.startswith("question-") for k in unsaved)
    filled = sum(1 for q in required if (given.get(q.pk) or "").strip())
    if required:
        status = _status(filled, len(required), has_unsaved)
    else:
        status = IN_PROGRESS if has_unsaved else (COMPLETE if any(given.values()) else OPTIONAL)
    return Section("questions", "Questions for this cycle", status, "questions-title", answers)


def missing_links(application: Application) -> list[tuple[str, str]]:
    """Each missing item in `missing_for_submission`'s words, with its field's anchor on
    the edit page ("" when it is not a field of the draft)."""
    by_label = {label.lower(): anchor(name) for name, label in LABELS.items()}
    questions = {q.label: anchor(f"question-q{q.pk}") for q in application.cycle.questions.all()}
    unsaved = [k for k in (application.unsaved_input or {}) if not k.startswith("__")]
    items = []
    for text in application.missing_for_submission():
        lowered = text.lower()
        target = next((a for label, a in by_label.items() if lowered.startswith(label)), "")
        if text.startswith("Budget"):
            target = anchor("budget-0-description")
        elif text.startswith("Question: "):
            target = questions.get(text.removeprefix("Question: "), "")
        elif text.startswith("Eligibility"):
            target = anchor("eligibility_confirmed")
        elif text.startswith("Some of what you typed") and unsaved:
            target = anchor(unsaved[0])
        items.append((text, target))
    return items
