"""Forms of the applicant's draft and of the grants office's actions.

The draft is one page in sections. Its forms are always rendered bound: to what is saved,
overlaid with the raw values that did not validate (Application.unsaved_input), so a
person sees exactly what they typed, with its errors, even after coming back days later.
Nothing is required in a draft; completeness is checked when submitting.
"""

import re
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.html import escape

from grants.models import Application
from grants.uploads import ACCEPT_ATTRIBUTE, ACCEPTED_WORDS
from grants.workflow import Purpose, QuestionKind, State

BUDGET_PREFIX = "budget"
FULL_FORM_MARKER = "draft-form"
CHECKBOX_KEYS = {"eligibility_confirmed"}
QUESTION_PREFIX = "question"
BUDGET_MAX_LINES = 30
BUDGET_BLANK_LINES = 2
# Characters PostgreSQL cannot store in text or JSON; removed from raw values we keep.
UNSTORABLE = re.compile("\x00")


class MoneyField(forms.DecimalField):
    """An amount as people type it: "$1,200", "1 200.50" and "1200" all work."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "Write an amount as a number, such as 1200 or 1200.50."
        self.error_messages["min_value"] = "The amount must be more than zero."
        self.error_messages["max_decimal_places"] = "Use at most two digits after the point."

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s,$€£]", "", value)
        return super().to_python(value)


class DraftForm(forms.Form):
    """The applicant's own words: every field optional while it is a draft."""

    title = forms.CharField(
        max_length=200,
        required=False,
        help_text="A short name for your project, such as “Oncology massage certification”.",
    )
    purpose = forms.ChoiceField(
        choices=[("", "Choose one")] + Purpose.choices, required=False, label="Purpose"
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text="Two or three sentences: what you want to do with the grant.",
    )
    need_and_plan = forms.CharField(
        label="Need and plan",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        required=False,
        help_text="Why this matters now, and what you will do, step by step.",
    )
    beneficiaries = forms.CharField(
        label="Who benefits",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
        help_text="The clients, communities or colleagues who will gain from it.",
    )
    timeline = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
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


class BudgetLineForm(forms.Form):
    description = forms.CharField(
        max_length=200, help_text="For example: course fee, travel, massage table."
    )
    amount = MoneyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["required"] = "Say what this line is for."
        self.fields["amount"].error_messages["required"] = "Give an amount for this line."


class BaseBudgetFormSet(forms.BaseFormSet):
    @property
    def management_form_key(self) -> str:
        return f"{self.prefix}-TOTAL_FORMS"

    def lines(self):
        """(description, amount) of each filled-in line that is not marked for removal."""
        return [
            (form.cleaned_data["description"], form.cleaned_data["amount"])
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


BudgetFormSet = forms.formset_factory(
    BudgetLineForm,
    formset=BaseBudgetFormSet,
    extra=0,
    can_delete=True,
    max_num=BUDGET_MAX_LINES,
    validate_max=True,
    absolute_max=BUDGET_MAX_LINES + BUDGET_BLANK_LINES,
)


class QuestionsForm(forms.Form):
    """One field per extra question of the cycle, built from the question's kind."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {}
        for question in questions:
            name = f"q{question.pk}"
            self.fields[name] = question_field(question)
            self.questions[name] = question

    def answers(self):
        """(field key, question, text to store) for every question whose value is valid."""
        return [
            (self.add_prefix(name), question, answer_text(self.cleaned_data[name]))
            for name, question in self.questions.items()
            if name in self.cleaned_data
        ]


def question_field(question) -> forms.Field:
    options = {
        "label": question.label,
        "required": False,
        "help_text": _question_help(question),
    }
    kind = question.kind
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, **options)
    if kind == QuestionKind.NUMBER:
        field = forms.DecimalField(max_digits=14, decimal_places=4, **options)
        field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        field.error_messages["invalid"] = "Write a number, such as 12 or 3.5."
        return field
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, **options
        )
    if kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choice_list], widget=forms.RadioSelect, **options
        )
    return forms.CharField(max_length=500, **options)


def _question_help(question) -> str:
    # Django renders help text as HTML; staff wrote this, but it is still only text.
    parts = [escape(question.help_text)] if question.help_text else []
    parts.append("Required." if question.required else "Optional.")
    return " ".join(parts)


def answer_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value).strip()


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Add a document",
        required=False,
        help_text=(
            f"{ACCEPTED_WORDS}: quotes, course descriptions, letters of support. "
            "Choose a file, then press “Save draft”."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )


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
        unsaved = application.unsaved_input or {}
        if any(key.startswith(f"{BUDGET_PREFIX}-") for key in unsaved):
            data = {k: v for k, v in data.items() if not k.startswith(f"{BUDGET_PREFIX}-")}
        data.update(unsaved)
        forms_ = cls(application, data)
        forms_.is_valid()
        return forms_

    def is_valid(self) -> bool:
        results = [
            self.main.is_valid(),
            self.budget.is_valid(),
            self.questions.is_valid(),
            self.upload.is_valid(),
        ]
        return all(results)

    def raw_invalid_values(self) -> dict[str, str]:
        """The typed values of every field with an error, by their names in the page."""
        raw = {}
        for form in (self.main, self.questions):
            for name in form.errors:
                if name in form.fields:
                    key = form.add_prefix(name)
                    raw[key] = _storable(self._data.get(key, ""))
        if not self.budget.is_valid():
            # The budget is kept or replaced as a whole, so keep every line as typed.
            prefix = f"{BUDGET_PREFIX}-"
            raw.update({k: _storable(v) for k, v in self._data.items() if k.startswith(prefix)})
        return raw

    @property
    def error_count(self) -> int:
        count = len(self.main.errors) + len(self.questions.errors)
        count += len(self.budget.non_form_errors())
        count += sum(len(form.errors) for form in self.budget.forms)
        return count

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0


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


# Office forms -------------------------------------------------------------------------


class CycleDateTimeField(forms.DateTimeField):
    """A date and time typed in the cycle's own time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, cycle, **kwargs):
        self.cycle = cycle
        super().__init__(**kwargs)

    def to_python(self, value):
        with timezone.override(self.cycle.tz):
            return super().to_python(value)


class ReturnForm(forms.Form):
    note = forms.CharField(
        label="Message to the applicant",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="What to change. The applicant sees this message.",
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"] = CycleDateTimeField(
            cycle=cycle,
            required=False,
            label=f"New personal deadline ({cycle.time_zone} time)",
            help_text="Needed when the cycle has closed, so the applicant can send it back.",
        )


class ExtendForm(forms.Form):
    note = forms.CharField(
        label="Note for the record",
        required=False,
        max_length=2000,
        help_text="Why the deadline was extended (optional).",
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"] = CycleDateTimeField(
            cycle=cycle, label=f"Personal deadline ({cycle.time_zone} time)"
        )
        self.order_fields(["until", "note"])


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, note_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = note_required
        if note_required:
            self.fields["note"].help_text = "Required: say why you are doing this by hand."


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label="Why are you withdrawing?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="A sentence is enough. The grants office reads it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = "Write a short reason."


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked my application and I am ready to send it.",
        help_text="After submitting you cannot change it, unless the grants office returns it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].error_messages["required"] = (
            "Tick the box to confirm you are ready to send it."
        )


class OfficeFilterForm(forms.Form):
    state = forms.ChoiceField(required=False, label="State")
    purpose = forms.ChoiceField(
        required=False, label="Purpose", choices=[("", "Any purpose")] + Purpose.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "Any state")] + State.choices

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
