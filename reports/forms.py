"""The grantee's report form, built from the request's typed questions.

As grants' application draft (grants.forms.DraftForms): the form is always rendered
bound, to what is saved overlaid with the raw values that did not validate
(Report.unsaved_input), so a person sees exactly what they typed, with its errors, even
days later. Nothing is required in a draft; completeness is checked when submitting.
"""

from decimal import Decimal

from django import forms
from django.utils.html import escape

from accounts.plain_words import PlainMessages
from grants.forms import UNSTORABLE, answer_text
from grants.uploads import ACCEPT_ATTRIBUTE, ACCEPTED_WORDS
from reports.models import ReportQuestionKind as Kind

FULL_FORM_MARKER = "report-form"
TEXT_LIMITS = {Kind.SHORT_TEXT: 500, Kind.LONG_TEXT: 5000}


def field_name(question) -> str:
    return f"q{question.pk}"


def question_field(question) -> forms.Field:
    options = {"label": question.label, "required": False, "help_text": _help(question)}
    kind = question.kind
    if kind == Kind.LONG_TEXT:
        widget = forms.Textarea(attrs={"rows": 5})
        return forms.CharField(widget=widget, max_length=TEXT_LIMITS[kind], **options)
    if kind == Kind.NUMBER:
        field = forms.DecimalField(
            max_digits=14,
            decimal_places=4,
            min_value=question.minimum,
            max_value=question.maximum,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **options,
        )
        field.error_messages["invalid"] = "Write a number, such as 12 or 3.5."
        field.error_messages["min_value"] = "The smallest answer we can take is %(limit_value)s."
        field.error_messages["max_value"] = "The largest answer we can take is %(limit_value)s."
        return field
    if kind == Kind.DATE:
        field = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
        field.error_messages["invalid"] = "Write a date such as 2026-05-31."
        return field
    if kind == Kind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, **options
        )
    if kind == Kind.CHOICE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choice_list], widget=forms.RadioSelect, **options
        )
    if kind == Kind.DOCUMENT:
        widget = forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})
        return forms.FileField(widget=widget, **options)
    return forms.CharField(max_length=TEXT_LIMITS[Kind.SHORT_TEXT], **options)


def _help(question) -> str:
    # Django renders help text as HTML; staff wrote this, but it is still only text.
    parts = [escape(question.help_text)] if question.help_text else []
    if question.kind == Kind.NUMBER:
        limits = []
        if question.minimum is not None:
            limits.append(f"at least {answer_text(question.minimum)}")
        if question.maximum is not None:
            limits.append(f"at most {answer_text(question.maximum)}")
        if limits or question.unit:
            unit = f" ({escape(question.unit)})" if question.unit else ""
            parts.append(f"A number{unit}" + (": " + ", ".join(limits) if limits else "") + ".")
    if question.kind == Kind.DOCUMENT:
        parts.append(f"{ACCEPTED_WORDS}.")
    parts.append("Required." if question.required else "Optional.")
    return " ".join(parts)


class ReportForm(PlainMessages, forms.Form):
    """One field per question of the request."""

    def __init__(self, data, files=None, *, questions):
        super().__init__(data, files or {})
        self.questions = {}
        for question in questions:
            self.fields[field_name(question)] = question_field(question)
            self.questions[field_name(question)] = question

    @classmethod
    def for_report(cls, report) -> "ReportForm":
        """Bound to what is saved, overlaid with the raw values that did not validate."""
        data = saved_values(report)
        data.update(report.unsaved_input or {})
        form = cls(data, questions=list(report.request.questions.all()))
        form.is_valid()
        return form

    def posted(self, name: str) -> bool:
        """Whether the page sent this field, so a missing one is not read as "cleared"."""
        question = self.questions[name]
        if question.kind == Kind.DOCUMENT:
            return name in self.files
        return name in self.data or (
            self.data.get(FULL_FORM_MARKER) == "1" and question.kind in (Kind.YES_NO, Kind.CHOICE)
        )

    def valid_answers(self):
        """(question, typed value) for every posted question whose value is valid."""
        return [
            (question, self.cleaned_data[name])
            for name, question in self.questions.items()
            if name in self.cleaned_data and self.posted(name)
        ]

    def raw_invalid_values(self) -> dict[str, str]:
        """The typed values of every field with an error (documents are not kept)."""
        return {
            name: UNSTORABLE.sub("", str(self.data.get(name, "")))
            for name in self.errors
            if name in self.questions and self.questions[name].kind != Kind.DOCUMENT
        }


def saved_values(report) -> dict[str, str]:
    """The report's answers as a browser would post them."""
    data = {}
    for answer in report.answers.all():
        name = f"q{answer.question_id}"
        if answer.number is not None:
            data[name] = answer_text(Decimal(answer.number))
        elif answer.date is not None:
            data[name] = answer.date.isoformat()
        elif answer.yes_no is not None:
            data[name] = "yes" if answer.yes_no else "no"
        elif answer.text:
            data[name] = answer.text
    return data


def post_values(query_dict) -> dict[str, str]:
    return {key: query_dict.get(key, "") for key in query_dict}


class ReviewForm(PlainMessages, forms.Form):
    note = forms.CharField(
        label="Message to the grantee",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="Needed when you ask for changes: say what to change. The grantee sees it.",
    )
