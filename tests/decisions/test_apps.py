"""decisions adds its desk to the board's cycle tabs; reviews never names the desk."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_boards_cycle_tabs_link_to_the_decisions_desk(client, board_member):
    cycle = factories.CycleFactory(slug="spring-2026")
    client.force_login(board_member)

    html = client.get(reverse("reviews:ranking", args=[cycle.slug])).content.decode()

    assert '<li><a href="/decisions/spring-2026/">Decisions desk</a></li>' in html
