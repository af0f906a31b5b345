"""Nobody reaches another applicant's application: every object URL is a 404 for them.
Office pages are 403 for people who are not board or staff; anonymous people log in."""

import pytest
from django.urls import reverse

from grants.models import Application, ApplicationEvent, Attachment
from grants.workflow import State
from tests.factories import ApplicationFactory, AttachmentFactory, force_state

APPLICANT_VIEWS = [
    "application_detail",
    "application_edit",
    "application_check",
    "submit",
    "withdraw",
]
ATTACHMENT_VIEWS = ["attachment_download", "attachment_delete"]
OFFICE_OBJECT_VIEWS = [
    "office_application",
    "office_return",
    "office_extend",
    "office_start_review",
    "office_complete_review",
]
# Read-only pages answer POST with 405 for everyone, owner included: nothing leaks.
GET_ONLY = {"application_detail", "application_check", "attachment_download"}
HOSTILE_POST = {
    "title": "Hijacked",
    "note": "Not mine",
    "confirm": "on",
    "until": "2099-01-01T10:00",
}


@pytest.fixture
def owned(applicant):
    application = ApplicationFactory(applicant=applicant)
    attachment = AttachmentFactory(application=application)
    return application, attachment


def _unchanged(application):
    fresh = Application.objects.get(pk=application.pk)
    return (
        fresh.state == application.state
        and fresh.title == application.title
        and not ApplicationEvent.objects.filter(application=application).exists()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", APPLICANT_VIEWS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_applicant_gets_404_from_application_views(
    client, owned, other_applicant, name, method
):
    application, _ = owned
    client.force_login(other_applicant)

    url = reverse(f"grants:{name}", args=[application.pk])

    response = getattr(client, method)(url, HOSTILE_POST)

    assert response.status_code == (405 if method == "post" and name in GET_ONLY else 404)
    assert _unchanged(application)


@pytest.mark.django_db
@pytest.mark.parametrize("name", APPLICANT_VIEWS)
@pytest.mark.parametrize("who", ["reviewer", "board_member", "staff_member"])
def test_applicant_views_are_only_for_the_owner_even_for_the_office(
    request, client, owned, name, who
):
    application, _ = owned
    client.force_login(request.getfixturevalue(who))

    url = reverse(f"grants:{name}", args=[application.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, HOSTILE_POST).status_code == (405 if name in GET_ONLY else 404)
    assert _unchanged(application)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ATTACHMENT_VIEWS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_applicant_gets_404_from_attachment_views(
    client, owned, other_applicant, name, method
):
    application, attachment = owned
    client.force_login(other_applicant)

    response = getattr(client, method)(
        reverse(f"grants:{name}", args=[application.pk, attachment.pk])
    )

    assert response.status_code == (405 if method == "post" and name in GET_ONLY else 404)
    assert Attachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.django_db
def test_an_attachment_under_someone_elses_application_id_is_404(client, owned, other_applicant):
    _, attachment = owned
    mine = ApplicationFactory(applicant=other_applicant)
    client.force_login(other_applicant)

    for name in ATTACHMENT_VIEWS:
        response = client.get(reverse(f"grants:{name}", args=[mine.pk, attachment.pk]))
        assert response.status_code == 404


@pytest.mark.django_db
def test_a_reviewer_cannot_download_through_the_grants_view(client, owned, reviewer):
    application, attachment = owned
    client.force_login(reviewer)

    response = client.get(
        reverse("grants:attachment_download", args=[application.pk, attachment.pk])
    )

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["board_member", "staff_member"])
def test_board_and_staff_download_any_attachment(request, client, owned, who):
    application, attachment = owned
    client.force_login(request.getfixturevalue(who))

    response = client.get(
        reverse("grants:attachment_download", args=[application.pk, attachment.pk])
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%test\n"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["board_member", "staff_member"])
def test_the_office_cannot_delete_an_applicants_attachment(request, client, owned, who):
    application, attachment = owned
    client.force_login(request.getfixturevalue(who))

    response = client.post(
        reverse("grants:attachment_delete", args=[application.pk, attachment.pk])
    )

    assert response.status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.django_db
def test_an_unknown_application_id_is_404_for_its_would_be_owner(client, applicant):
    client.force_login(applicant)

    for name in APPLICANT_VIEWS:
        assert client.get(reverse(f"grants:{name}", args=[987654])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["applicant", "other_applicant", "reviewer"])
def test_office_pages_are_403_for_people_outside_the_office(request, client, owned, who):
    application, _ = owned
    force_state(application, State.SUBMITTED)
    client.force_login(request.getfixturevalue(who))
    urls = [
        reverse("grants:office_cycles"),
        reverse("grants:office_applications", args=[application.cycle.slug]),
    ] + [reverse(f"grants:{name}", args=[application.pk]) for name in OFFICE_OBJECT_VIEWS]

    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, HOSTILE_POST).status_code == 403, url
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert not ApplicationEvent.objects.filter(application=application).exists()


@pytest.mark.django_db
def test_anonymous_people_are_sent_to_log_in(client, owned):
    application, attachment = owned
    urls = [reverse("grants:dashboard"), reverse("grants:office_cycles")]
    urls += [reverse(f"grants:{name}", args=[application.pk]) for name in APPLICANT_VIEWS]
    urls += [
        reverse(f"grants:{name}", args=[application.pk, attachment.pk]) for name in ATTACHMENT_VIEWS
    ]
    urls += [reverse(f"grants:{name}", args=[application.pk]) for name in OFFICE_OBJECT_VIEWS]
    urls.append(reverse("grants:apply", args=[application.cycle.slug]))

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


@pytest.mark.django_db
def test_public_cycle_pages_need_no_login(client, owned):
    application, _ = owned

    assert client.get(reverse("grants:cycle_list")).status_code == 200
    detail = reverse("grants:cycle_detail", args=[application.cycle.slug])
    assert client.get(detail).status_code == 200
    assert client.get(reverse("grants:cycle_detail", args=["no-such-cycle"])).status_code == 404
