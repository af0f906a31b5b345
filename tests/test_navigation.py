"""Who sees which entry in the main navigation (config/context_processors.py), and the
board's one entry: its page leads to each cycle's desk, reviews and office pages.

Each entry shows exactly when the predicate that guards its page holds, so a person is
never offered a page that answers 403, nor left without a way to one they may open.
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.roles import Role
from config.context_processors import NAV_ITEMS
from tests import factories

pytestmark = pytest.mark.django_db

MAIN_NAV = re.compile(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', re.S)


def nav_labels(client) -> list[str]:
    html = client.get(reverse("grants:cycle_list")).content.decode()
    nav = MAIN_NAV.search(html).group(1)
    labels = re.findall(r"<a href=\"[^\"]+\"[^>]*>([^<]+)", nav)
    labels += re.findall(r"<button[^>]*>([^<]+)</button>", nav)
    return [" ".join(label.split()) for label in labels]


EVERYONE = ["Grant cycles", "My applications"]


@pytest.mark.parametrize(
    ("roles", "middle"),
    [
        ([Role.APPLICANT], []),
        ([Role.REVIEWER], ["My reviews"]),
        ([Role.BOARD], ["Board", "Payments", "Grant reports"]),
        ([Role.STAFF], ["Cycles office", "Reviews by cycle", "Payments", "Grant reports"]),
        ([Role.TREASURER], ["Payments"]),
        ([Role.BOARD, Role.REVIEWER], ["My reviews", "Board", "Payments", "Grant reports"]),
        # Staff who sit on the board: the board's page leads to the office and reviews.
        ([Role.BOARD, Role.STAFF], ["Board", "Payments", "Grant reports"]),
    ],
    ids=["applicant", "reviewer", "board", "staff", "treasurer", "board+reviewer", "board+staff"],
)
def test_each_role_sees_its_entries_and_a_board_member_one_board_entry(client, roles, middle):
    user = factories.UserFactory(roles=roles)
    client.force_login(user)

    labels = nav_labels(client)

    admin = ["Admin"] if user.is_staff else []
    assert labels == [*EVERYONE, *middle, "Inbox", "Profile", *admin, "Log out"]


def test_signed_out_people_see_the_cycles_and_how_to_sign_in(client):
    assert nav_labels(client) == ["Grant cycles", "Log in", "Sign up"]


def test_every_entry_shown_is_a_page_the_person_may_open(client):
    for roles in ([Role.APPLICANT], [Role.REVIEWER], [Role.BOARD], [Role.STAFF]):
        user = factories.UserFactory(roles=roles)
        client.force_login(user)
        for item in NAV_ITEMS:
            if item.allowed(user):
                assert client.get(reverse(item.url_name)).status_code == 200, (roles, item)


def test_the_entry_follows_the_permission_not_the_group(client):
    """A custom role: someone given only the permission to decide gets the Board entry."""
    user = factories.UserFactory(roles=[Role.APPLICANT])
    user.user_permissions.add(Permission.objects.get(codename="decide_application"))
    client.force_login(user)

    assert "Board" in nav_labels(client)
    html = client.get(reverse("decisions:index")).content.decode()
    # Without the review or office permissions, the board page offers neither.
    assert reverse("reviews:board") not in html
    assert reverse("grants:office_cycles") not in html


def test_the_board_page_leads_to_each_cycles_desk_reviews_and_office(client, board_member):
    cycle = factories.CycleFactory(title="Spring 2027", slug="spring-2027")
    client.force_login(board_member)

    html = client.get(reverse("decisions:index")).content.decode()

    assert "<h1>Board</h1>" in html
    for url in (
        reverse("decisions:desk", args=[cycle.slug]),
        reverse("reviews:assignments", args=[cycle.slug]),
        reverse("grants:office_applications", args=[cycle.slug]),
        reverse("reviews:board"),
        reverse("grants:office_cycles"),
    ):
        assert f'href="{url}"' in html, url

    desk = client.get(reverse("decisions:desk", args=[cycle.slug])).content.decode()
    assert 'aria-label="Other pages of Spring 2027"' in desk
    for url in (
        reverse("reviews:assignments", args=[cycle.slug]),
        reverse("reviews:conflicts", args=[cycle.slug]),
        reverse("grants:office_applications", args=[cycle.slug]),
    ):
        assert f'href="{url}"' in desk, url
