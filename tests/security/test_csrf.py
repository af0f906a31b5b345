"""Every URL refuses a POST that does not carry the CSRF token, whoever sends it."""

import pytest
from django.test import Client

from tests.security.matrix_objects import url_kwargs
from tests.security.test_permission_matrix import EXPECTED, url_for
from tests.security.urlwalk import request_with
from tests.security.world import build_world


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "owner", "board"])
def test_every_url_refuses_a_post_without_the_csrf_token(who):
    world = build_world()
    kwargs = url_kwargs(world)
    client = Client(enforce_csrf_checks=True)
    if who != "anonymous":
        client.force_login(getattr(world, who))

    accepted = [
        f"{key}: {response.status_code}"
        for key in EXPECTED
        if (response := request_with(client, "POST", url_for(key, kwargs))).status_code != 403
    ]

    assert accepted == [], f"POST without a CSRF token was not refused: {accepted}"


@pytest.mark.django_db
def test_the_refusal_says_what_to_do():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"username": "a@example.org", "password": "x"})

    body = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Please send the form again</h1>" in body
    assert "Go back, reload the page, and send the form again." in body
