"""GOV.UK's error message: each field's message starts with a visually hidden "Error:"
(templates/django/forms/errors/list/ul.html, through FORM_RENDERER), so a screen reader
tells it from the hint beside it; the summary's links and the page title keep theirs."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

PREFIX = '<li><span class="visually-hidden">Error:</span> '


def _field_errors(html: str) -> list[str]:
    return re.findall(r'<ul class="errorlist" id="(id_[\w-]+)_error">(.*?)</ul>', html, re.S)


def test_every_field_message_on_the_sign_up_page_starts_with_a_hidden_error(client):
    html = client.post(reverse("accounts:signup"), {"email": "nope"}).content.decode()

    errors = _field_errors(html)
    assert len(errors) >= 3  # email, name, both passwords
    for field_id, items in errors:
        assert items.count("<li>") == items.count(PREFIX), field_id
    assert re.search(r"<title>Error: ", html)
    summary = html.split("data-error-summary>", 1)[1].split("</div>", 1)[0]
    assert "Error:" not in summary  # the summary is headed "There are N things to fix"


def test_a_radio_group_and_a_desk_field_carry_the_prefix(client, board_member):
    cycle = factories.CycleFactory(total_budget=Decimal("5000.00"))
    application = factories.ApplicationFactory(cycle=cycle, state="reviewed")
    client.force_login(board_member)

    html = client.post(
        reverse("decisions:decide", args=[cycle.slug, application.pk]),
        {"seen_state": "reviewed"},
    ).content.decode()

    errors = dict(_field_errors(html))
    assert PREFIX + "Choose award, waitlist or decline.</li>" in errors["id_action"]
