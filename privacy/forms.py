from django import forms

from accounts.forms import ConfirmPasswordForm


class DeleteAccountForm(ConfirmPasswordForm):
    understood = forms.BooleanField(
        label="I understand that my account and my drafts are deleted for good.",
        error_messages={"required": "Tick the box to confirm you want to delete your account."},
    )
