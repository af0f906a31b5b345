from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.functional import lazy

from accounts import recovery
from accounts.models import User
from accounts.plain_words import PlainMessages

PROFILE_FIELDS = ["full_name", "credentials", "city", "region", "country", "listing", "phone"]
PASSWORDS_DIFFER = "The two passwords are different. Type them again."


def password_help() -> str:
    """What makes a password acceptable here, in our words (not Django's list)."""
    shortest = next(
        (
            getattr(v, "min_length", None)
            for v in password_validation.get_default_password_validators()
            if hasattr(v, "min_length")
        ),
        None,
    )
    length = f"At least {shortest} characters, n" if shortest else "N"
    return (
        f"{length}ot a password many people use, not only numbers, and not like your name "
        "or email address. A few words you will remember make a good one."
    )


class SignUpForm(PlainMessages, forms.ModelForm):
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=lazy(password_help, str)(),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Type the same password again, so we know it has no typo.",
    )

    class Meta:
        model = User
        fields = [
            "email",
            "full_name",
            "credentials",
            "city",
            "region",
            "country",
            "listing",
            "phone",
        ]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "region": forms.TextInput(attrs={"autocomplete": "address-level1"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
        }

    def clean_email(self):
        # Whether the address is taken is never said here (that would tell strangers who
        # has an account): accounts.services.sign_up emails the existing owner instead.
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def validate_unique(self):
        """Skip the model's unique email check, for the same reason."""

    def validate_constraints(self):
        """Skip the case-insensitive unique email constraint, for the same reason."""

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", PASSWORDS_DIFFER)
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        password = self.cleaned_data.get("password1")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error("password1", error)

    def profile(self) -> dict:
        """The plain values accounts.services.sign_up takes."""
        return {field: self.cleaned_data[field] for field in PROFILE_FIELDS}


class ProfileForm(PlainMessages, forms.ModelForm):
    class Meta:
        model = User
        fields = [*PROFILE_FIELDS, "wants_reminders"]


class EmailAuthenticationForm(PlainMessages, AuthenticationForm):
    username = forms.EmailField(
        label="Email",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": (
            "That email and password do not match an account. Check both and try again, "
            "or reset your password."
        ),
        "inactive": "This account is switched off. Write to the grants office for help.",
    }


class TokenForm(PlainMessages, forms.Form):
    """The 6-digit code from an authenticator app."""

    token = forms.CharField(
        label="6-digit code",
        max_length=20,
        help_text="Open your authenticator app and type the code it shows for S4OM Grants.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        # People copy codes as "123 456"; only ASCII digits count (not other scripts' digits).
        value = self.cleaned_data["token"].replace(" ", "").replace("-", "")
        if len(value) != 6 or not all("0" <= ch <= "9" for ch in value):
            raise forms.ValidationError("Type the 6 digits your app shows, for example 123456.")
        return value


class CodeOrRecoveryForm(TokenForm):
    """The code prompt: the app's 6 digits, or one of the person's recovery codes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].label = "6-digit code (or a recovery code)"
        self.fields["token"].help_text = (
            "Open your authenticator app and type the code it shows for S4OM Grants. Lost "
            "your phone? Type one of your recovery codes, for example abcd-efgh."
        )

    def clean_token(self):
        typed = self.cleaned_data["token"]
        if recovery.looks_like_code(typed):
            return recovery.normalise(typed)
        return super().clean_token()


class ConfirmPasswordForm(PlainMessages, forms.Form):
    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password. Try again.")
        return password


class PlainSetPasswordForm(PlainMessages, SetPasswordForm):
    """Choosing a new password (after a reset link), in our words."""

    error_messages = {"password_mismatch": PASSWORDS_DIFFER}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_help()
        self.fields["new_password2"].label = "New password again"
        self.fields[
            "new_password2"
        ].help_text = "Type the same password again, so we know it has no typo."


class PlainPasswordChangeForm(PlainSetPasswordForm, PasswordChangeForm):
    """Changing the password while signed in: the current one first."""

    error_messages = {
        "password_mismatch": PASSWORDS_DIFFER,
        "password_incorrect": "That is not your current password. Try again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Your current password"


class PlainPasswordResetForm(PlainMessages, PasswordResetForm):
    """Asking for a reset link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Your email address"
