"""Forms of the decisions desk. They check the shape of what was typed; the limits (the
request, the budget left, the state machine) are checked by decisions.services."""

import re
from decimal import Decimal

from django import forms

from accounts.plain_words import PlainMessages
from decisions.services import ACTION_CHOICES, BULK_ACTIONS, Action
from grants.choices import Purpose
from grants.workflow import State
from reviews.ranking import RANKED_STATES


class DecisionForm(PlainMessages, forms.Form):
    action = forms.ChoiceField(
        label="Decision",
        choices=ACTION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose award, waitlist or decline."},
    )
    # Typed as text and read strictly: a DecimalField would take "1e3" as 1000.
    amount = forms.CharField(
        label="Amount to award",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text="Only for an award. It starts at the amount requested.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The reason, for the board's record and the spreadsheet.",
    )
    seen_state = forms.ChoiceField(choices=State.choices, widget=forms.HiddenInput)

    def __init__(self, *args, application, most=None, waitlist_allowed=True, **kwargs):
        kwargs.setdefault(
            "initial",
            {"amount": application.amount_requested, "seen_state": application.state},
        )
        super().__init__(*args, **kwargs)
        if not waitlist_allowed:
            self.fields["action"].choices = [c for c in ACTION_CHOICES if c[0] != Action.WAITLIST]
        if most is not None:
            self.fields["amount"].help_text = (
                f"Only for an award. It starts at the amount requested; at most {most} "
                f"{application.cycle.currency} can be awarded now."
            )

    def clean(self):
        data = super().clean()
        if data.get("action") != Action.AWARD:
            data["amount"] = None
            return data
        typed = (data.get("amount") or "").strip()
        if not typed:
            self.add_error("amount", f"Type the amount to award. {EXPECTED_AMOUNT}")
            data["amount"] = None
        else:
            data["amount"] = parse_amount(typed)
            if data["amount"] is None:
                self.add_error("amount", f"“{typed}” is not an amount. {EXPECTED_AMOUNT}")
            elif data["amount"] <= 0:
                self.add_error("amount", "An award must be more than 0.")
        return data


EXPECTED_AMOUNT = "Type the amount as digits with an optional point, like 1500 or 1500.50."
PLAIN_AMOUNT = re.compile(r"[0-9]{1,10}(\.[0-9]{1,2})?")


def parse_amount(typed: str) -> Decimal | None:
    """An amount typed as plain digits ("1500", "1500.5", "1500.50"), else None.

    Exponents ("1e3"), thousands separators ("1,000"), signs, spaces and more than two
    decimals are refused rather than guessed at.
    """
    if not PLAIN_AMOUNT.fullmatch(typed):
        return None
    return Decimal(typed).quantize(Decimal("0.01"))


class DeskFilterForm(PlainMessages, forms.Form):
    """The GET form above the ranking; only for rendering labelled fields."""

    state = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("", "Any state")] + [(s.value, s.label) for s in State if s in RANKED_STATES],
    )
    purpose = forms.ChoiceField(
        label="Purpose", required=False, choices=[("", "Any purpose")] + Purpose.choices
    )
    flagged = forms.BooleanField(label="Only where reviewers disagree", required=False)


class BulkForm(PlainMessages, forms.Form):
    action = forms.ChoiceField(
        label="With the selected applications",
        choices=[c for c in ACTION_CHOICES if c[0] in BULK_ACTIONS],
    )


class BulkConfirmForm(PlainMessages, forms.Form):
    action = forms.ChoiceField(
        choices=[c for c in ACTION_CHOICES if c[0] in BULK_ACTIONS], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label="Note for every selected application",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConflictForm(PlainMessages, forms.Form):
    reason = forms.CharField(
        label="Why (optional, for the board's record)",
        required=False,
        max_length=300,
        widget=forms.TextInput(),
    )


class ReleaseForm(PlainMessages, forms.Form):
    confirm_undecided = forms.BooleanField(
        label="Yes, these applications stay undecided",
        required=False,
        help_text="Their applicants keep seeing “Reviews are complete”.",
    )
    share_comments = forms.BooleanField(
        label="Share reviewers' comments with declined applicants",
        required=False,
        help_text=(
            "Each decline letter then ends with what the reviewers wrote (their overall and "
            "per-criterion comments), never their names, scores or recommendations. Read "
            "the preview above first."
        ),
    )


def selected_ids(values) -> list[int]:
    """Application ids from checkboxes; anything that is not a number is ignored."""
    return sorted({int(v) for v in values if str(v).isdigit()})


def seen_states(values) -> dict[int, str]:
    """ "id:state" pairs from the confirmation page's hidden fields."""
    seen = {}
    for value in values:
        pk, _, state = str(value).partition(":")
        if pk.isdigit() and state in State.values:
            seen[int(pk)] = state
    return seen
