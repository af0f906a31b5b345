"""Every message on our forms is in plain words (accounts.plain_words): no stock Django
wording shows through ("This field is required.", "Ensure this value has at most 200
characters (it has 100000).", "Select a valid choice. Mars is not one of the available
choices.").

Two walks: every form class of the site, field by field, with the words the mixin gives
it; and real posts of bad input to the accounts pages and the board's desk, whose pages
are read for any stock message.
"""

import copy
import importlib
import pkgutil
import re
from decimal import Decimal

import pytest
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core import validators
from django.db import models
from django.urls import reverse

from accounts.plain_words import CODE_WORDS, PlainMessages, plain_words
from tests import factories
from tests.factories import TEST_PASSWORD

OUR_APPS = ["accounts", "grants", "reviews", "decisions", "payments", "reports", "privacy"]
# Forms of rooms other helpers are building now; each joins the mixin with its room's
# next change (test_the_exceptions_are_still_needed keeps this list honest).
NOT_YET: set[str] = set()


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _values(mapping) -> list[str]:
    return [str(m) for m in mapping.values()] if isinstance(mapping, dict) else []


class _Numbers(dict):
    def __init__(self, number):
        super().__init__()
        self.number = number

    def __missing__(self, key):
        return self.number


def _templates_of(message) -> list[str]:
    """A message's wording; a plural one (ngettext_lazy) in its one and many forms, its
    number standing for the parameter."""
    try:
        text = str(message)
    except (TypeError, KeyError):
        text = ""
    if text:
        return [text]
    return [(message % _Numbers(n)).replace(str(n), "%(n)s") for n in (1, 987654)]


def _stock_templates() -> set[str]:
    """Every error wording Django ships for forms, model fields, validators, auth forms."""
    found: set[str] = set()
    for base in (forms.Field, models.Field):
        for cls in [base, *_subclasses(base)]:
            found.update(_values(getattr(cls, "default_error_messages", {})))
    for name in dir(validators):
        validator = getattr(validators, name)
        if isinstance(validator, type):
            message = getattr(validator, "message", None)
            if isinstance(message, str) or type(message).__name__ == "__proxy__":
                found.update(_templates_of(message))
            found.update(_values(getattr(validator, "messages", {})))
    for cls in (auth_forms.AuthenticationForm, auth_forms.SetPasswordForm):
        found.update(str(m) for m in cls.error_messages.values())
    found.update(str(m) for m in auth_forms.PasswordChangeForm.error_messages.values())
    for validator in password_validation.get_default_password_validators():
        if hasattr(validator, "get_error_message"):
            found.add(str(validator.get_error_message()))
    found.update(str(m) for m in auth_forms.BaseUserCreationForm.error_messages.values())
    return {m for m in found if m}


STOCK = _stock_templates()


def _pattern(template: str) -> re.Pattern:
    """A stock wording with its %(...)s parameters filled in, as it would show on a page."""
    parts = re.split(r"%\(\w+\)[sdr]|%[sdr]", template)
    return re.compile(".{1,200}?".join(re.escape(p) for p in parts))


STOCK_PATTERNS = [_pattern(m) for m in STOCK if len(m) > 12]


def stock_messages_in(html: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&quot;", '"')
    text = " ".join(text.split())
    return sorted({p.pattern[:60] for p in STOCK_PATTERNS if p.search(text)})


def our_form_classes():
    for app in OUR_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            importlib.import_module(module.name)
    return sorted(
        {cls for cls in _subclasses(forms.BaseForm) if cls.__module__.split(".")[0] in OUR_APPS},
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def _name(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


FORMS = our_form_classes()


def test_the_walk_finds_the_sites_forms():
    names = {_name(cls) for cls in FORMS}
    for expected in (
        "accounts.forms.SignUpForm",
        "accounts.forms.PlainPasswordChangeForm",
        "grants.forms.DraftForm",
        "reviews.forms.ReviewForm",
        "decisions.forms.DecisionForm",
        "decisions.award_forms.CorrectionForm",
    ):
        assert expected in names
    assert "Ensure this value has at most %(n)s characters (it has %(n)s)." in STOCK


@pytest.mark.parametrize("form_class", [c for c in FORMS if _name(c) not in NOT_YET], ids=_name)
def test_every_form_puts_every_message_in_plain_words(form_class):
    assert issubclass(form_class, PlainMessages), f"{_name(form_class)} lacks PlainMessages"
    for name, declared in form_class.base_fields.items():
        field = copy.deepcopy(declared)
        plain_words(field)
        for code, message in field.error_messages.items():
            assert str(message) not in STOCK, f"{name}: Django's words for {code!r}: {message}"
        for validator in field.validators:
            # A validator's error takes the field's words for its code (Field.run_validators).
            code = getattr(validator, "code", None)
            own = set(_templates_of(getattr(validator, "message", "")))
            assert code in field.error_messages or code in CODE_WORDS or not (own & STOCK), (
                f"{name}: {type(validator).__name__} says {own}"
            )
    for code, message in getattr(form_class, "error_messages", {}).items():
        assert str(message) not in STOCK, f"{_name(form_class)}: {code}: {message}"


def test_the_exceptions_are_still_needed():
    plain = {_name(cls) for cls in FORMS if issubclass(cls, PlainMessages)}
    assert not (NOT_YET & plain), "these forms are plain now: take them off NOT_YET"
    assert {_name(cls) for cls in FORMS} >= NOT_YET


def test_validator_errors_from_outside_the_fields_are_reworded_by_their_code():
    for code in ("password_too_short", "password_too_common", "password_entirely_numeric"):
        assert code in CODE_WORDS


# Real pages, real posts ---------------------------------------------------------------


@pytest.mark.django_db
def test_sign_up_with_bad_input_shows_only_plain_words(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "not an address",
            "full_name": "x" * 100_000,
            "password1": "12345",
            "password2": "12346",
            "listing": "y" * 5_000,
        },
    )
    html = response.content.decode()

    assert response.status_code in (200, 400)
    assert stock_messages_in(html) == []
    assert "Write an email address, such as name@example.com." in html
    assert "shorten it by" in html  # the name's limit, in plain words
    assert "Use letters as well as numbers in your password." in html
    assert "This password is too short: use at least 10 characters." in html
    assert "Your password can’t" not in html  # Django's help list is not shown either


@pytest.mark.django_db
def test_an_empty_login_and_a_wrong_password_show_only_plain_words(client):
    html = client.post(reverse("accounts:login"), {}).content.decode()
    assert stock_messages_in(html) == []
    assert "This needs an answer." in html

    user = factories.UserFactory()
    html = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "wrong one"}
    ).content.decode()
    assert stock_messages_in(html) == []


@pytest.mark.django_db
def test_changing_the_password_wrongly_shows_only_plain_words(client):
    user = factories.UserFactory()
    client.force_login(user)
    html = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not it", "new_password1": "password", "new_password2": "pass"},
    ).content.decode()

    assert stock_messages_in(html) == []
    assert "That is not your current password. Try again." in html
    assert "The two passwords are different. Type them again." in html
    assert "Your current password" in html

    html = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "123456789012", "new_password2": ""},
    ).content.decode()
    assert stock_messages_in(html) == []


@pytest.mark.django_db
def test_the_desk_forms_with_bad_input_show_only_plain_words(client, board_member):
    cycle = factories.CycleFactory(total_budget=Decimal("5000.00"))
    application = factories.ApplicationFactory(cycle=cycle, state="reviewed")
    client.force_login(board_member)

    desk = client.get(reverse("decisions:desk", args=[cycle.slug]), {"state": "Mars"})
    assert stock_messages_in(desk.content.decode()) == []
    assert "Mars is not one of" not in desk.content.decode()

    decide = client.post(
        reverse("decisions:decide", args=[cycle.slug, application.pk]),
        {"action": "Mars", "amount": "1" * 30, "seen_state": "Jupiter", "note": ""},
    )
    html = decide.content.decode()
    assert stock_messages_in(html) == []
    assert "Choose one of the options shown." in html

    conflict = client.post(
        reverse("decisions:declare_conflict", args=[cycle.slug, application.pk]),
        {"reason": "z" * 100_000},
    )
    assert stock_messages_in(conflict.content.decode()) == []


def test_the_stock_patterns_catch_a_stock_message():
    html = "<p>Ensure this value has at most 200 characters (it has 100000).</p>"
    assert stock_messages_in(html)
    assert stock_messages_in("<li>Select a valid choice. Mars is not one of the available choices.")
    assert stock_messages_in("<li>This field is required.</li>")
    assert not stock_messages_in("<li>This needs an answer.</li>")
