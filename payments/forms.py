"""The treasurer's payment form, the awards filter and the grantee's payee details form.

Amounts are typed as plain numbers only: "1e3", "1,000" or "$250" are refused with the
expected form shown, rather than guessed at (a guess once turned 1e3 into 1,000.00).
"""

import re
from decimal import Decimal

from django import forms
from django.utils import timezone

from accounts.plain_words import PlainMessages
from payments.models import Method
from payments.queries import PaymentStatus, cycles_with_awards

PLAIN_AMOUNT = re.compile(r"^\d{1,10}(\.\d{1,2})?$")
AMOUNT_FORM = "Write the amount as digits, with a point before the cents: 250 or 250.50"


class PaymentForm(PlainMessages, forms.Form):
    amount = forms.CharField(
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    paid_on = forms.DateField(
        label="Paid on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the money was sent, as year-month-day (2026-03-31).",
        error_messages={
            "invalid": "Write the date as year-month-day, such as 2026-03-31.",
            "required": "Write the day the money was sent.",
        },
    )
    method = forms.ChoiceField(
        label="How it was paid",
        choices=[("", "Choose one")] + Method.choices,
        error_messages={"required": "Choose how the money was paid."},
    )
    reference = forms.CharField(
        max_length=100, required=False, help_text="A check number or the bank's reference."
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="For the treasurer's records; the grantee does not see it.",
    )

    def __init__(self, *args, currency: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].label = f"Amount ({currency})" if currency else "Amount"
        self.fields["amount"].help_text = f"{AMOUNT_FORM}, no commas, spaces or signs."
        self.fields["amount"].error_messages["required"] = "Write the amount paid."
        if not self.is_bound:
            self.initial.setdefault("paid_on", timezone.localdate())

    def clean_amount(self) -> Decimal:
        text = self.cleaned_data["amount"].strip()
        if not PLAIN_AMOUNT.match(text):
            raise forms.ValidationError(
                f"“{text}” is not an amount we can read. {AMOUNT_FORM}, with no commas, "
                "spaces, letters or currency signs."
            )
        value = Decimal(text)
        if value <= 0:
            raise forms.ValidationError("The amount must be more than zero.")
        return value

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(
                "That date is in the future. Record a payment on the day it is made."
            )
        return paid_on


class AwardsFilterForm(PlainMessages, forms.Form):
    cycle = forms.ModelChoiceField(
        queryset=None, required=False, to_field_name="slug", empty_label="Every cycle"
    )
    status = forms.ChoiceField(
        choices=[("", "Any status")] + PaymentStatus.CHOICES, required=False, label="Paid"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = cycles_with_awards()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"cycle": self.cleaned_data["cycle"], "status": self.cleaned_data["status"]}


class PayeeDetailsForm(PlainMessages, forms.Form):
    legal_name = forms.CharField(
        label="Legal name",
        max_length=200,
        help_text="Your name as your bank account or the check should show it.",
        error_messages={"required": "Write your legal name, as the payment should name you."},
    )
    postal_address = forms.CharField(
        label="Postal address",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
        help_text="Street, town, state or region, postal code and country.",
        error_messages={"required": "Write the postal address where a check can reach you."},
    )
    tax_form_received = forms.BooleanField(
        label="I have sent the society the tax form it asked me for",
        required=False,
    )
