"""Parts of the applicant's draft (budget lines, extra questions, one upload) and the
forms that send or withdraw an application. grants/forms.py puts the draft together."""

from decimal import Decimal

from django import forms
from django.utils.html import escape

from grants.choices import QuestionKind
from grants.forms_fields import LimitedTextField, MoneyField, PlainMessages, long_text
from grants.uploads import ACCEPT_ATTRIBUTE, ACCEPTED_WORDS

BUDGET_MAX_LINES = 30
BUDGET_BLANK_LINES = 2


class BudgetLineForm(PlainMessages, forms.Form):
    description = LimitedTextField(
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


class QuestionsForm(PlainMessages, forms.Form):
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
        return long_text(rows=5, max_length=5000, **options)
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
    return LimitedTextField(max_length=500, **options)


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


class UploadForm(PlainMessages, forms.Form):
    # An empty file reaches grants.uploads.check_upload, which names it in its refusal.
    file = forms.FileField(
        label="Add a document",
        required=False,
        allow_empty_file=True,
        help_text=(
            f"{ACCEPTED_WORDS}: quotes, course descriptions, letters of support. "
            "Choose a file, then press “Save draft”."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )


class WithdrawForm(PlainMessages, forms.Form):
    note = long_text(
        label="Why are you withdrawing?",
        rows=4,
        max_length=2000,
        help_text="A sentence is enough. The grants office reads it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].error_messages["required"] = "Write a short reason."


class SubmitForm(PlainMessages, forms.Form):
    confirm = forms.BooleanField(
        label="I have checked my application and I am ready to send it.",
        help_text="After submitting you cannot change it, unless the grants office returns it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].error_messages["required"] = (
            "Tick the box to confirm you are ready to send it."
        )
