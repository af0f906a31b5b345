"""The board's forms after the award: correct an amount, rescind, offer to the next."""

from django import forms

from accounts.plain_words import PlainMessages
from decisions.forms import EXPECTED_AMOUNT, parse_amount


class CorrectionForm(PlainMessages, forms.Form):
    amount = forms.CharField(
        label="Corrected amount",
        max_length=20,
        help_text=EXPECTED_AMOUNT,
        error_messages={"required": "Type the corrected amount."},
    )
    reason = forms.CharField(
        label="Reason for the correction (the grantee is told)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the reason: the grantee's letter gives it."},
    )

    def clean_amount(self):
        typed = self.cleaned_data["amount"].strip()
        amount = parse_amount(typed)
        if amount is None:
            raise forms.ValidationError(f"“{typed}” is not an amount. {EXPECTED_AMOUNT}")
        return amount


class RescindForm(PlainMessages, forms.Form):
    reason = forms.CharField(
        label="Reason for rescinding (the grantee is told)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the reason: the grantee's letter gives it."},
    )
