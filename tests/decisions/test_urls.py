"""The desk moved from /reviews/desk/ to /decisions/: old bookmarks are redirected for good."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/reviews/desk/", "/decisions/"),
        ("/reviews/desk/spring-2026/", "/decisions/spring-2026/"),
        ("/reviews/desk/spring-2026/release/", "/decisions/spring-2026/release/"),
        ("/reviews/desk/spring-2026/export.xlsx", "/decisions/spring-2026/export.xlsx"),
        ("/reviews/desk/spring-2026/export.csv", "/decisions/spring-2026/export.csv"),
        ("/reviews/desk/spring-2026/applications/7/", "/decisions/spring-2026/applications/7/"),
        (
            "/reviews/desk/spring-2026/applications/7/print/",
            "/decisions/spring-2026/applications/7/print/",
        ),
    ],
)
def test_an_old_desk_address_redirects_permanently_to_the_new_one(client, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new


def test_the_redirect_keeps_the_query_string(client):
    response = client.get("/reviews/desk/spring-2026/?state=reviewed&sort=title&dir=desc&page=2")

    assert response.status_code == 301
    assert (
        response["Location"] == "/decisions/spring-2026/?state=reviewed&sort=title&dir=desc&page=2"
    )


def test_the_redirect_is_the_same_for_everyone_and_the_new_page_still_checks_access(
    client, applicant
):
    client.force_login(applicant)

    assert client.get("/reviews/desk/").status_code == 301
    assert client.get("/decisions/").status_code == 403


def test_the_new_url_names_live_in_the_decisions_namespace():
    assert reverse("decisions:index") == "/decisions/"
    assert reverse("decisions:desk", args=["spring-2026"]) == "/decisions/spring-2026/"
    assert reverse("decisions:bulk", args=["s"]) == "/decisions/s/bulk/"
    assert reverse("decisions:release", args=["s"]) == "/decisions/s/release/"
    assert reverse("decisions:export_xlsx", args=["s"]) == "/decisions/s/export.xlsx"
    assert reverse("decisions:export_csv", args=["s"]) == "/decisions/s/export.csv"
    assert reverse("decisions:application", args=["s", 3]) == "/decisions/s/applications/3/"
    assert reverse("decisions:decide", args=["s", 3]) == "/decisions/s/applications/3/decide/"
    assert reverse("decisions:print", args=["s", 3]) == "/decisions/s/applications/3/print/"


def test_the_redirect_stays_on_this_site_whatever_follows_the_old_prefix(client):
    response = client.get("/reviews/desk//evil.example/")

    assert response.status_code == 301
    assert response["Location"] == "/decisions//evil.example/"  # a path, not another host


def test_an_old_address_with_a_line_break_is_not_found_rather_than_redirected(client):
    response = client.get("/reviews/desk/x%0d%0aSet-Cookie:x=1")

    assert response.status_code == 404
    assert "Set-Cookie" not in response.headers
