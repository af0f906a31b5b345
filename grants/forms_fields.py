"""Fields and wording shared by every form of the site.

- `LimitedTextField`: text with a length limit that the server checks and the browser
  never enforces (no `maxlength` attribute, which makes browsers cut pasted text without
  a word). The limit travels as `data-maxlength` for the character count in
  static/js/site.js; over-long text is refused with a plain message and kept as typed.
- `MoneyField`: an amount as people type it.
- `PlainMessages`: a form mixin that replaces Django's stock error wording ("This field
  is required.", "Select a valid choice. Mars is not one of the available choices.") with
  plain words, wherever a form has not already chosen its own.
"""

import re
from decimal import Decimal

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

    def __call__(self, value):
        length, limit = len(value), self.limit_value
        if length > limit:
            raise ValidationError(
                f"This can be at most {characters(limit)} long, and it has {length:,}: "
                f"shorten it by {characters(length - limit)}. Everything you typed is "
                "still here.",
                code="max_length",
            )


class LimitedTextField(forms.CharField):
    """Text with a server-side limit and a character count; never cut by the browser."""

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [
            PlainMaxLength(max_length) if isinstance(v, MaxLengthValidator) else v
            for v in self.validators
        ]

    def to_python(self, value):
        # Browsers send a new line as CR LF but count it as one character: so do we.
        if isinstance(value, str):
            value = value.replace("\r\n", "\n")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs["data-maxlength"] = str(self.max_length)
        return attrs


def long_text(*, max_length: int, rows: int = 4, **kwargs) -> LimitedTextField:
    return LimitedTextField(
        max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class MoneyField(forms.DecimalField):
    """An amount as people type it: "$1,200", "1 200.50" and "1200" all work."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "Write an amount as a number, such as 1200 or 1200.50."
        self.error_messages["min_value"] = "The amount must be more than zero."
        self.error_messages["max_decimal_places"] = "Use at most two digits after the point."
        self.error_messages["max_digits"] = "That amount is too large to be right: check it."
        self.error_messages["max_whole_digits"] = self.error_messages["max_digits"]

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s,$€£]", "", value)
        return super().to_python(value)


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
            words = next(
                (w for cls, w in INVALID_WORDS.items() if isinstance(field, cls)),
                "Check this: it is not in a form we can read.",
            )
            field.error_messages[key] = words
        elif key in PLAIN_WORDS:
            field.error_messages[key] = PLAIN_WORDS[key]
    for index, validator in enumerate(field.validators):
        if type(validator) is MaxLengthValidator:
            field.validators[index] = PlainMaxLength(validator.limit_value)


class PlainMessages:
    """Form mixin: plain words for every field's errors, applied just before validating
    (so fields added in `__init__` are covered, and words a form chose are kept)."""

    def full_clean(self):
        for field in self.fields.values():
            plain_words(field)
        super().full_clean()
