"""The grantee's answer to an award offer: sign and accept, or decline with a reason."""

from django import forms

from accounts.plain_words import PlainMessages


class AcceptOfferForm(PlainMessages, forms.Form):
    signed_name = forms.CharField(
        label="Type your full name to sign",
        max_length=200,
        help_text="As it is on your account. Typing it is your signature.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": "Type your full name to sign the agreement.",
            "max_length": "A name can be at most 200 characters.",
        },
    )
    agree = forms.BooleanField(
        label="I have read the agreement above and I accept the award on these terms.",
        error_messages={"required": "Tick the box to say you accept the terms."},
    )


class DeclineOfferForm(PlainMessages, forms.Form):
    reason = forms.CharField(
        label="Why are you declining?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A sentence is enough. The board reads it and may offer the money to "
        "someone on the waiting list.",
        error_messages={
            "required": "Tell us in a few words why you are declining.",
            "max_length": "Keep the reason to 2,000 characters or fewer.",
        },
    )
