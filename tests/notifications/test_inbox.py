"""The inbox: a list with links, mark as read, and the unread count in the navigation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notice
from tests import factories

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")
# session, user, the person's roles (navigation), unread count, page count, page rows;
# the session is written only every few minutes (config/sessions.py)
INBOX_QUERY_BUDGET = 7


def test_the_inbox_lists_notices_newest_first_with_links(client, applicant):
    factories.NoticeFactory(user=applicant, title="Older notice", url="/older/")
    factories.NoticeFactory(user=applicant, title="Newer notice", url="/newer/", body="Details")
    factories.NoticeFactory(title="Someone else's notice")
    client.force_login(applicant)

    page = client.get(INBOX).content.decode()

    assert page.index("Newer notice") < page.index("Older notice")
    assert '<a href="/newer/">Newer notice</a>' in page
    assert "Details" in page
    assert "Someone else" not in page
    assert "You have <strong>2</strong> unread notices." in page
    assert page.count("<h1") == 1


@pytest.mark.parametrize("size", [3, 60])
def test_the_inbox_costs_the_same_queries_at_any_size(
    client, applicant, size, django_assert_max_num_queries
):
    factories.NoticeFactory.create_batch(size, user=applicant)
    client.force_login(applicant)

    with django_assert_max_num_queries(INBOX_QUERY_BUDGET):
        response = client.get(INBOX)

    assert response.status_code == 200


def test_the_inbox_query_count_does_not_grow_with_notices(client, applicant):
    client.force_login(applicant)
    factories.NoticeFactory.create_batch(2, user=applicant)
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)
    factories.NoticeFactory.create_batch(80, user=applicant)
    with CaptureQueriesContext(connection) as many:
        client.get(INBOX, {"page": 2})

    assert len(many) == len(few)


def test_the_inbox_is_paginated(client, applicant):
    factories.NoticeFactory.create_batch(30, user=applicant)
    client.force_login(applicant)

    first = client.get(INBOX).content.decode()
    second = client.get(INBOX, {"page": 2}).content.decode()

    assert first.count('<li class="inbox-item') == 25
    assert second.count('<li class="inbox-item') == 5
    assert "Page 2 of 2" in second
    assert 'href="?page=1"' in second


def test_marking_one_notice_read(client, applicant):
    notice = factories.NoticeFactory(user=applicant)
    other = factories.NoticeFactory(user=applicant)
    client.force_login(applicant)

    response = client.post(reverse("notifications:mark_read", args=[notice.pk]), {"page": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}?page=1"
    notice.refresh_from_db()
    other.refresh_from_db()
    assert notice.read_at is not None
    assert other.read_at is None


def test_marking_all_read_touches_only_the_persons_own_notices(client, applicant):
    factories.NoticeFactory.create_batch(3, user=applicant)
    stranger = factories.NoticeFactory()
    client.force_login(applicant)

    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert Notice.objects.filter(user=applicant, read_at__isnull=True).count() == 0
    stranger.refresh_from_db()
    assert stranger.read_at is None
    assert "Marked 3 notices as read." in response.content.decode()


def test_another_persons_notice_is_not_found(client, applicant):
    stranger = factories.NoticeFactory()
    client.force_login(applicant)

    response = client.post(reverse("notifications:mark_read", args=[stranger.pk]))

    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.read_at is None


def test_marking_read_needs_a_post(client, applicant):
    notice = factories.NoticeFactory(user=applicant)
    client.force_login(applicant)

    assert client.get(reverse("notifications:mark_read", args=[notice.pk])).status_code == 405
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(INBOX)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_navigation_shows_the_unread_count_with_words(client, applicant):
    factories.NoticeFactory.create_batch(2, user=applicant)
    factories.NoticeFactory(user=applicant, read_at="2027-01-01T00:00:00Z")
    client.force_login(applicant)

    page = client.get(reverse("home")).content.decode()

    assert (
        'Inbox <span class="badge nav-badge">2<span class="visually-hidden"> unread</span>'
        "</span></a>" in page
    )


def test_no_badge_when_everything_is_read(client, applicant):
    factories.NoticeFactory(user=applicant, read_at="2027-01-01T00:00:00Z")
    client.force_login(applicant)

    page = client.get(reverse("home")).content.decode()

    assert ">Inbox</a>" in page
    assert "unread</span>" not in page


def test_the_unread_count_is_not_queried_for_anonymous_visitors(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))

    assert not [q for q in queries if "notifications_notice" in q["sql"]]


def test_an_empty_inbox_says_what_will_appear(client, applicant):
    client.force_login(applicant)

    page = client.get(INBOX).content.decode()

    assert "Nothing here yet." in page
    assert applicant.email in page
