"""Every message on our forms in plain words: one mechanism for all apps' forms.

`PlainMessages` is a form mixin. Just before validating it replaces each of Django's
stock messages on each field ("This field is required.", "Select a valid choice. Mars is
not one of the available choices.", "Ensure this value has at most 200 characters (it
has 100000).") with plain words, wherever the form has not chosen its own; after
validating it rewrites, by their code, the errors that come from elsewhere (password
validators, the auth forms, model checks). tests/accounts/test_plain_words.py walks every
form of the site and fails when a stock message shows through.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible


def characters(count: int) -> str:
    """1 -> "1 character", 2000 -> "2,000 characters"."""
    return f"{count:,} character{'' if count == 1 else 's'}"


@deconstructible
class PlainMaxLength(MaxLengthValidator):
    """The length limit in plain words: how long it is, and by how much to shorten it."""

    message = "This can be at most %(limit_value)s characters long: shorten it."

    def __call__(self, value):
        length, limit = len(value), self.limit_value
        if length > limit:
            raise ValidationError(
                f"This can be at most {characters(limit)} long, and it has {length:,}: "
                f"shorten it by {characters(length - limit)}. Everything you typed is "
                "still here.",
                code="max_length",
            )


# Django's default key -> our words. `%(...)s` parameters are Django's own.
PLAIN_WORDS = {
    "required": "This needs an answer.",
    "invalid_choice": "Choose one of the options shown.",
    "invalid_list": "Choose from the options shown.",
    "invalid_pk_value": "Choose from the options shown.",
    "max_length": "This is too long: at most %(limit_value)d characters.",
    "min_length": "This is too short: at least %(limit_value)d characters.",
    "max_value": "Use a number no larger than %(limit_value)s.",
    "min_value": "Use a number no smaller than %(limit_value)s.",
    "max_decimal_places": "Use at most %(max)s digits after the point.",
    "max_digits": "That number is too long: check it.",
    "max_whole_digits": "That number is too long: check it.",
    "empty": "The file is empty. Choose the file again, or another copy of it.",
    "missing": "No file arrived. Choose the file again.",
    "contradiction": "Either choose a file or tick the box to clear it, not both.",
}
# "required", by the kind of field: what the person should do.
REQUIRED_WORDS = {
    forms.BooleanField: "Tick this box to go on.",
    forms.FileField: "Choose a file.",
    forms.MultipleChoiceField: "Choose at least one.",
    forms.ModelMultipleChoiceField: "Choose at least one.",
    forms.ChoiceField: "Choose one of the options.",
    forms.ModelChoiceField: "Choose one of the options.",
}
# Errors raised by validators and checks outside the form's fields (the password
# validators, model checks), by their code: they are never a form's own words.
CODE_WORDS = {
    "password_too_short": (
        "This password is too short: use at least %(min_length)d characters. A few words "
        "you will remember make a good one."
    ),
    "password_too_common": "This password is one that many people use: choose another.",
    "password_too_similar": (
        "This password is too like your %(verbose_name)s: choose one that is not."
    ),
    "password_entirely_numeric": "Use letters as well as numbers in your password.",
    "min_length": "This is too short: write at least %(limit_value)d characters.",
    "null_characters_not_allowed": "Take out the invisible null character in this text.",
    "unique": "This is already in use: choose another.",
}
INVALID_WORDS = {
    forms.EmailField: "Write an email address, such as name@example.com.",
    forms.DateTimeField: "Write a date and a time, such as 31 March 2027, 17:00.",
    forms.DateField: "Write a date, such as 31 March 2027.",
    forms.IntegerField: "Write a whole number, such as 12.",
    forms.DecimalField: "Write a number, such as 12 or 3.5.",
    forms.FloatField: "Write a number, such as 12 or 3.5.",
}


def _defaults(field: forms.Field) -> dict:
    messages = {}
    for cls in reversed(type(field).__mro__):
        messages.update(getattr(cls, "default_error_messages", {}))
    return messages


def plain_words(field: forms.Field) -> None:
    """Replace each of Django's stock messages on this field that nobody has replaced."""
    defaults = _defaults(field)
    for key, default in defaults.items():
        if str(field.error_messages.get(key)) != str(default):
            continue  # the form chose its own words
        if key == "invalid":
            field.error_messages[key] = _invalid_words(field)
        elif key == "required":
            field.error_messages[key] = next(
                (w for cls, w in REQUIRED_WORDS.items() if isinstance(field, cls)),
                PLAIN_WORDS[key],
            )
        elif key in PLAIN_WORDS:
            field.error_messages[key] = PLAIN_WORDS[key]
    for index, validator in enumerate(field.validators):
        if isinstance(validator, MaxLengthValidator):  # the limit in our own words
            if type(validator) is MaxLengthValidator:
                field.validators[index] = PlainMaxLength(validator.limit_value)
            continue
        # A validator's error takes the field's words for its code (Field.run_validators):
        # give words to the codes of validators that kept Django's own message.
        code = getattr(validator, "code", None)
        if not code or code in field.error_messages:
            continue
        if getattr(validator, "message", None) != getattr(type(validator), "message", None):
            continue  # the validator was given its own words
        if code == "invalid":
            field.error_messages[code] = _invalid_words(field)
        elif code in PLAIN_WORDS:
            field.error_messages[code] = PLAIN_WORDS[code]


def _invalid_words(field: forms.Field) -> str:
    return next(
        (w for cls, w in INVALID_WORDS.items() if isinstance(field, cls)),
        "Check this: it is not in a form we can read.",
    )


class PlainMessages:
    """Form mixin: plain words for every field's errors, applied just before validating
    (so fields added in `__init__` are covered, and words a form chose are kept)."""

    def full_clean(self):
        for field in self.fields.values():
            plain_words(field)
        super().full_clean()
        for errors in (self._errors or {}).values():
            for error in errors.as_data():
                if error.code in CODE_WORDS:
                    error.message = CODE_WORDS[error.code]
