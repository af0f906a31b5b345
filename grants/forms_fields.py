"""Fields and wording shared by every form of the site.

- `LimitedTextField`: text with a length limit that the server checks and the browser
  never enforces (no `maxlength` attribute, which makes browsers cut pasted text without
  a word). The limit travels as `data-maxlength` for the character count in
  static/js/site.js; over-long text is refused with a plain message and kept as typed.
- `MoneyField`: an amount as people type it.
- `PlainMessages` (from accounts.plain_words, re-exported here): the form mixin that
  puts every message in plain words, for every app's forms.
"""

import re
from decimal import Decimal

from django import forms
from django.core.validators import MaxLengthValidator

from accounts.plain_words import (  # noqa: F401 (re-exported: the forms import them here)
    PLAIN_WORDS,
    PlainMaxLength,
    PlainMessages,
    characters,
    plain_words,
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
