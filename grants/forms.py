"""Forms of the applicant's draft, submission and withdrawal.

The draft is one page in sections. Its forms are always rendered bound: to what is saved,
overlaid with the raw values that did not validate (Application.unsaved_input), so a
person sees exactly what they typed, with its errors, even after coming back days later.
Nothing is required in a draft; completeness is checked when submitting.

The view validates these forms and hands `DraftForms.values()` (plain values) to
`grants.services.save_draft`. The office's forms live in grants/forms_office.py, the
shared fields and wording in grants/forms_fields.py.
"""

import re

from django import forms

from grants.choices import Purpose
from grants.forms_fields import LimitedTextField, MoneyField, PlainMessages, long_text
from grants.forms_office import (  # noqa: F401 - the office's forms, where they used to be
    CycleDateTimeField,
    ExtendForm,
    NoteForm,
    OfficeFilterForm,
    ReturnForm,
)
from grants.forms_sections import (  # noqa: F401 - part of this module's interface
    BUDGET_BLANK_LINES,
    BUDGET_MAX_LINES,
    BudgetFormSet,
    QuestionsForm,
    SubmitForm,
    UploadForm,
    WithdrawForm,
    answer_text,
    question_field,
)
from grants.models import Application

BUDGET_PREFIX = "budget"
FULL_FORM_MARKER = "draft-form"
CHECKBOX_KEYS = {"eligibility_confirmed"}
QUESTION_PREFIX = "question"
# Characters PostgreSQL cannot store in text or JSON; removed from raw values we keep.
UNSTORABLE = re.compile("\x00")
# The most kept of a raw value whose field has no length limit of its own (an amount).
RAW_LIMIT = 100
# The key in unsaved_input naming the fields whose kept text was cut to their limit.
CUT_KEY = "__cut__"
BUDGET_KEY = re.compile(rf"^{BUDGET_PREFIX}-(\d+)-(description|amount|DELETE)$")


class DraftForm(PlainMessages, forms.Form):
    """The applicant's own words: every field optional while it is a draft."""

    title = LimitedTextField(
        max_length=200,
        required=False,
        help_text="A short name for your project, such as “Oncology massage certification”.",
    )
    purpose = forms.ChoiceField(
        choices=[("", "Choose one")] + Purpose.choices, required=False, label="Purpose"
    )
    summary = long_text(
        rows=4,
        max_length=2000,
        required=False,
        help_text="Two or three sentences: what you want to do with the grant.",
    )
    need_and_plan = long_text(
        label="Need and plan",
        rows=8,
        max_length=10000,
        required=False,
        help_text="Why this matters now, and what you will do, step by step.",
    )
    beneficiaries = long_text(
        label="Who benefits",
        rows=5,
        max_length=5000,
        required=False,
        help_text="The clients, communities or colleagues who will gain from it.",
    )
    timeline = long_text(
        rows=4,
        max_length=5000,
        required=False,
        help_text="When each step happens.",
    )
    amount_requested = MoneyField(label="Amount requested", required=False)
    eligibility_confirmed = forms.BooleanField(
        required=False, label="I confirm that I meet the eligibility requirements above."
    )

    SECTIONS = {
        "about": ["title", "purpose", "summary"],
        "plan": ["need_and_plan", "beneficiaries", "timeline"],
        "budget": ["amount_requested"],
        "eligibility": ["eligibility_confirmed"],
    }

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["amount_requested"].help_text = (
            f"In {cycle.currency}, at most {cycle.max_request:,.2f}. The budget lines below "
            "must add up to this amount."
        )

    def clean_amount_requested(self):
        amount = self.cleaned_data.get("amount_requested")
        if amount is not None and amount > self.cycle.max_request:
            raise forms.ValidationError(
                f"This cycle gives at most {self.cycle.max_request:,.2f} {self.cycle.currency}. "
                "Lower the amount, or write to the grants office if your plan needs more."
            )
        return amount

    def section(self, name):
        return [self[field] for field in self.SECTIONS[name]]

    @property
    def about_fields(self):
        return self.section("about")

    @property
    def plan_fields(self):
        return self.section("plan")

    @property
    def budget_fields(self):
        return self.section("budget")

    @property
    def eligibility_fields(self):
        return self.section("eligibility")


class DraftForms:
    """The sectioned draft: main fields, budget lines, extra questions, one upload."""

    def __init__(self, application: Application, data: dict, files=None):
        self.application = application
        cycle = application.cycle
        self.main = DraftForm(data, cycle=cycle)
        self.budget = BudgetFormSet(data, prefix=BUDGET_PREFIX)
        self.questions = QuestionsForm(
            data, questions=list(cycle.questions.all()), prefix=QUESTION_PREFIX
        )
        self.upload = UploadForm(data, files or {}, prefix="attachment")
        self._data = data

    def posted(self, key: str) -> bool:
        """Whether the page sent this field, so a missing one is not read as "cleared".

        The draft page marks itself complete with FULL_FORM_MARKER: there an absent key
        means an unticked box. Any other post (an older page, a script) changes only
        the fields it names.
        """
        return key in self._data or (
            self._data.get(FULL_FORM_MARKER) == "1" and key in CHECKBOX_KEYS
        )

    @classmethod
    def for_application(cls, application: Application) -> "DraftForms":
        """Bound to what is saved, overlaid with the raw values that did not validate."""
        data = saved_values(application)
        unsaved = dict(application.unsaved_input or {})
        cut = [key for key in str(unsaved.pop(CUT_KEY, "")).split(",") if key]
        if any(key.startswith(f"{BUDGET_PREFIX}-") for key in unsaved):
            data = {k: v for k, v in data.items() if not k.startswith(f"{BUDGET_PREFIX}-")}
        data.update(unsaved)
        forms_ = cls(application, data)
        forms_.is_valid()
        for key in cut:
            forms_.mark_cut(key)
        return forms_

    def mark_cut(self, key: str) -> None:
        """Say on the field that only the first part of what was typed was kept."""
        for form in (self.main, self.questions, *self.budget.forms):
            name = key.removeprefix(f"{form.prefix}-") if form.prefix else key
            if name in form.fields and form.add_prefix(name) == key:
                limit = _limit(form.fields[name])
                form.add_error(
                    name,
                    f"What you typed here was longer than {limit:,} characters, so only the "
                    f"first {limit:,} were kept and the rest was not. Check the end of it, "
                    "then save again.",
                )
                return

    def is_valid(self) -> bool:
        results = [
            self.main.is_valid(),
            self.budget.is_valid(),
            self.questions.is_valid(),
            self.upload.is_valid(),
        ]
        return all(results)

    def upload_refused(self, message: str) -> None:
        """A file the checks refused: its error goes with the field and the summary."""
        self.upload.add_error("file", f"The file was not attached. {message}")

    @property
    def upload_file(self):
        return self.upload.cleaned_data.get("file") if self.upload.is_valid() else None

    def values(self) -> dict:
        """What grants.services.save_draft stores, as plain values (valid and posted only)."""
        main = self.main
        fields = {
            name: main.cleaned_data[name]
            for name in main.fields
            if name in main.cleaned_data and self.posted(main.add_prefix(name))
        }
        budget_posted = self.budget.is_valid() and self.posted(self.budget.management_form_key)
        return {
            "fields": fields,
            "budget_lines": self.budget.lines() if budget_posted else None,
            "answers": [(q, text) for key, q, text in self.questions.answers() if self.posted(key)],
            "unsaved_input": self.raw_invalid_values(),
        }

    def raw_invalid_values(self) -> dict[str, str]:
        """The typed values of every field with an error, by their names in the page.

        Each is kept up to its field's own limit; the keys of those cut short are listed
        under CUT_KEY, and the page says the rest was not kept.
        """
        raw, cut = {}, []
        for form in (self.main, self.questions):
            for name in form.errors:
                if name in form.fields:
                    key = form.add_prefix(name)
                    limit = _limit(form.fields[name])
                    value = _storable(self._data.get(key, ""))
                    if len(value) > limit:
                        cut.append(key)
                    raw[key] = value[:limit]
        if not self.budget.is_valid():
            # The budget is kept or replaced as a whole, so keep every line as typed.
            raw.update(self._raw_budget(cut))
        if cut:
            raw[CUT_KEY] = ",".join(cut)
        return raw

    def _raw_budget(self, cut: list) -> dict[str, str]:
        raw = {}
        lines = BUDGET_MAX_LINES + BUDGET_BLANK_LINES
        for key, value in self._data.items():
            match = BUDGET_KEY.match(key)
            if key == self.budget.management_form_key:
                raw[key] = str(min(_count(value), lines))
            elif key.startswith(f"{BUDGET_PREFIX}-") and key.endswith("_FORMS"):
                raw[key] = _storable(value)[:RAW_LIMIT]
            elif match and int(match[1]) < lines:
                limit = 200 if match[2] == "description" else RAW_LIMIT
                text = _storable(value)
                if len(text) > limit:
                    cut.append(key)
                raw[key] = text[:limit]
        return raw

    @property
    def error_count(self) -> int:
        count = len(self.main.errors) + len(self.questions.errors) + len(self.upload.errors)
        count += len(self.budget.non_form_errors())
        count += sum(len(form.errors) for form in self.budget.forms)
        return count

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0


def _limit(field: forms.Field) -> int:
    return getattr(field, "max_length", None) or RAW_LIMIT


def _count(value) -> int:
    try:
        return max(0, int(str(value)[:6]))
    except ValueError:
        return 0


def _storable(value) -> str:
    return UNSTORABLE.sub("", str(value))


def saved_values(application: Application) -> dict[str, str]:
    """The application as the form's data: what a browser would post for it."""
    data = {
        "title": application.title,
        "purpose": application.purpose,
        "summary": application.summary,
        "need_and_plan": application.need_and_plan,
        "beneficiaries": application.beneficiaries,
        "timeline": application.timeline,
        "amount_requested": (
            "" if application.amount_requested is None else str(application.amount_requested)
        ),
    }
    if application.eligibility_confirmed:
        data["eligibility_confirmed"] = "on"
    lines = list(application.budget_lines.all())
    data.update(
        {
            f"{BUDGET_PREFIX}-TOTAL_FORMS": str(len(lines) + BUDGET_BLANK_LINES),
            f"{BUDGET_PREFIX}-INITIAL_FORMS": "0",
            f"{BUDGET_PREFIX}-MIN_NUM_FORMS": "0",
            f"{BUDGET_PREFIX}-MAX_NUM_FORMS": str(BUDGET_MAX_LINES),
        }
    )
    for index, line in enumerate(lines):
        data[f"{BUDGET_PREFIX}-{index}-description"] = line.description
        data[f"{BUDGET_PREFIX}-{index}-amount"] = str(line.amount)
    for answer in application.answers.all():
        data[f"{QUESTION_PREFIX}-q{answer.question_id}"] = answer.value
    return data


def post_values(query_dict) -> dict[str, str]:
    """A request's POST as a plain dict (every field of the draft has one value)."""
    return {key: query_dict.get(key, "") for key in query_dict}
