"""Documents in an S3-compatible bucket (DOCUMENTS_STORAGE=s3), against moto's S3 server
started here on a loopback port: uploaded through the draft page, read back, streamed by
the download view, private, and deleted with the attachment."""

import copy
import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import Attachment
from tests.factories import ApplicationFactory
from tests.perf.processes import BUCKET, moto_s3, s3_client, s3_settings

pytest.importorskip("storages")
pytest.importorskip("moto.server")

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with moto_s3(tmp_path_factory.mktemp("moto")) as url:
        yield url


def settings_module_with(monkeypatch, environment: dict) -> dict:
    """What config.settings builds from this environment; then it reads the real one again
    (a reload changes the module in place, so the values are copied out first)."""
    import config.settings

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    try:
        module = importlib.reload(config.settings)
        return copy.deepcopy(
            {"STORAGES": module.STORAGES, "DOCUMENTS_STORAGE": module.DOCUMENTS_STORAGE}
        )
    finally:
        monkeypatch.undo()
        importlib.reload(config.settings)


@pytest.fixture
def bucket_storage(endpoint, settings, monkeypatch):
    """The STORAGES the settings module builds from the environment for S3."""
    built = settings_module_with(monkeypatch, s3_settings(endpoint))["STORAGES"]["default"]
    settings.STORAGES = {**settings.STORAGES, "default": built}
    return built


def test_by_default_documents_stay_in_the_private_folder(monkeypatch):
    built = settings_module_with(monkeypatch, {"MEDIA_ROOT": "/srv/grants/private"})

    assert built["DOCUMENTS_STORAGE"] == "local"
    assert built["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": "/srv/grants/private",
            "base_url": "/private-files-are-never-served/",
        },
    }


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"DOCUMENTS_STORAGE": "s3"}, "DOCUMENTS_STORAGE=s3 needs S3_BUCKET."),
        ({"DOCUMENTS_STORAGE": "ftp"}, "DOCUMENTS_STORAGE must be local or s3."),
    ],
)
def test_a_wrong_documents_setting_refuses_to_start(monkeypatch, environment, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        settings_module_with(monkeypatch, environment)

    assert str(refused.value) == message


def bucket_keys(endpoint) -> list[str]:
    listing = s3_client(endpoint).list_objects_v2(Bucket=BUCKET)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def upload(client, application, data=PDF, name="quote.pdf"):
    return client.post(
        reverse("grants:application_edit", args=[application.pk]),
        {
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
            "attachment-file": SimpleUploadedFile(name, data, content_type="application/pdf"),
        },
    )


def test_the_environment_selects_the_private_bucket_storage(bucket_storage, endpoint):
    assert bucket_storage["BACKEND"] == "config.storage.PrivateS3Storage"
    assert bucket_storage["OPTIONS"]["bucket_name"] == BUCKET
    assert bucket_storage["OPTIONS"]["endpoint_url"] == endpoint
    assert bucket_storage["OPTIONS"]["default_acl"] == "private"
    assert type(storages["default"]).__name__ == "PrivateS3Storage"


def test_an_uploaded_document_is_stored_in_the_bucket_and_read_back(
    bucket_storage, endpoint, client, applicant
):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)

    response = upload(client, application)

    assert response.status_code == 302
    attachment = Attachment.objects.get(application=application)
    assert bucket_keys(endpoint).count(attachment.file.name) == 1
    stored = s3_client(endpoint).get_object(Bucket=BUCKET, Key=attachment.file.name)
    assert stored["Body"].read() == PDF
    with default_storage.open(attachment.file.name, "rb") as handle:
        assert handle.read() == PDF


def test_the_download_view_streams_the_document_from_the_bucket(bucket_storage, client, applicant):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)
    upload(client, application, name="budget quote.pdf")
    attachment = Attachment.objects.get(application=application)

    response = client.get(
        reverse("grants:attachment_download", args=[application.pk, attachment.pk])
    )

    assert response.status_code == 200
    assert response.streaming is True
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="budget quote.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_documents_in_the_bucket_are_private_and_never_linked(
    bucket_storage, endpoint, client, applicant
):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)
    upload(client, application)
    attachment = Attachment.objects.get(application=application)

    acl = s3_client(endpoint).get_object_acl(Bucket=BUCKET, Key=attachment.file.name)
    grantees = {grant["Grantee"].get("URI", "owner") for grant in acl["Grants"]}
    assert grantees == {"owner"}
    assert attachment.file.url == "/private-files-are-never-served/" + attachment.file.name
    assert endpoint not in attachment.file.url


def test_someone_else_cannot_download_it(bucket_storage, client, applicant, other_applicant):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)
    upload(client, application)
    attachment = Attachment.objects.get(application=application)
    client.force_login(other_applicant)

    response = client.get(
        reverse("grants:attachment_download", args=[application.pk, attachment.pk])
    )

    assert response.status_code == 404


def test_removing_the_attachment_deletes_the_object(
    bucket_storage, endpoint, client, applicant, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)
    upload(client, application)
    attachment = Attachment.objects.get(application=application)
    assert attachment.file.name in bucket_keys(endpoint)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("grants:attachment_delete", args=[application.pk, attachment.pk])
        )

    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert attachment.file.name not in bucket_keys(endpoint)


def test_a_missing_object_is_a_404_not_an_error(bucket_storage, endpoint, client, applicant):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)
    upload(client, application)
    attachment = Attachment.objects.get(application=application)
    s3_client(endpoint).delete_object(Bucket=BUCKET, Key=attachment.file.name)

    response = client.get(
        reverse("grants:attachment_download", args=[application.pk, attachment.pk])
    )

    assert response.status_code == 404
