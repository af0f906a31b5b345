"""Forms of the grants office's actions on one application, and its list filters."""

from django import forms
from django.utils import timezone

from grants.choices import Purpose
from grants.dates import zone_words
from grants.forms_fields import LimitedTextField, PlainMessages, long_text
from grants.workflow import State


class CycleDateTimeField(forms.DateTimeField):
    """A date and time typed in the cycle's own time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, cycle, **kwargs):
        self.cycle = cycle
        super().__init__(**kwargs)

    def to_python(self, value):
        with timezone.override(self.cycle.tz):
            return super().to_python(value)


class ReturnForm(PlainMessages, forms.Form):
    note = long_text(
        label="Message to the applicant",
        rows=4,
        max_length=5000,
        help_text="What to change. The applicant sees this message.",
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"] = CycleDateTimeField(
            cycle=cycle,
            required=False,
            label=f"New personal deadline ({zone_words(cycle.tz)})",
            help_text="Needed when the cycle has closed, so the applicant can send it back.",
        )


class ExtendForm(PlainMessages, forms.Form):
    note = LimitedTextField(
        label="Note for the record",
        required=False,
        max_length=2000,
        help_text="Why the deadline was extended (optional).",
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"] = CycleDateTimeField(
            cycle=cycle, label=f"Personal deadline ({zone_words(cycle.tz)})"
        )
        self.order_fields(["until", "note"])


class NoteForm(PlainMessages, forms.Form):
    note = long_text(label="Note", required=False, max_length=2000, rows=3)

    def __init__(self, *args, note_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = note_required
        if note_required:
            self.fields["note"].help_text = "Required: say why you are doing this by hand."


class OfficeFilterForm(PlainMessages, forms.Form):
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
