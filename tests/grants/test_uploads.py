"""Uploads: PDF, DOCX, JPEG and PNG by content; everything else refused with a message;
stored under random names; downloaded as an attachment that the browser never sniffs."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants import services
from grants.models import Attachment, TransitionRefused
from grants.uploads import DOCX, UploadRefused, check_upload, clean_file_name
from grants.workflow import State
from tests.factories import ApplicationFactory, AttachmentFactory, force_state

GOOD_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
GOOD_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
GOOD_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40 + b"\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def docx_bytes(*, document=True, extra=()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if document:
            archive.writestr("word/document.xml", "<w:document/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("quote.pdf", GOOD_PDF, "application/pdf"),
        ("letter.docx", docx_bytes(), DOCX),
        ("photo.PNG", GOOD_PNG, "image/png"),
        ("photo.jpg", GOOD_JPEG, "image/jpeg"),
        ("photo.jpeg", GOOD_JPEG, "image/jpeg"),
    ],
)
def test_good_files_are_accepted_by_their_content(name, data, expected):
    checked = check_upload(upload(name, data, "text/html"), already_attached=0)

    assert checked.content_type == expected
    assert checked.original_name == name
    assert checked.size == len(data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "quote.pdf",
            EXE,
            "“quote.pdf” is a program, not a document, and only PDF, Word (.docx), JPEG or "
            "PNG files can be attached. Save or export it in one of those formats and try again.",
        ),
        (
            "setup.exe",
            EXE,
            "“setup.exe” is a program, not a document, and only PDF, Word (.docx), JPEG or "
            "PNG files can be attached. Save or export it in one of those formats and try again.",
        ),
        (
            "letter.pdf",
            HTML,
            "“letter.pdf” is a web page or markup file, not a document, and only PDF, Word "
            "(.docx), JPEG or PNG files can be attached. Save or export it in one of those "
            "formats and try again.",
        ),
        (
            "broken.pdf",
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",
            "“broken.pdf” starts like a PDF but is incomplete or damaged, so it cannot be "
            "opened. Save or export the PDF again and attach the new copy.",
        ),
        (
            "broken.docx",
            b"PK\x03\x04" + b"\x00" * 100,
            "“broken.docx” is not a Word document we can open (it looks damaged, or it is "
            "another kind of compressed file). Save it again from Word as .docx, or export it "
            "as a PDF.",
        ),
        (
            "not-word.docx",
            docx_bytes(document=False),
            "“not-word.docx” is not a Word document we can open (it looks damaged, or it is "
            "another kind of compressed file). Save it again from Word as .docx, or export it "
            "as a PDF.",
        ),
        (
            "macros.docx",
            docx_bytes(extra=[("word/vbaProject.bin", b"\x00" * 10)]),
            "“macros.docx” contains macros, which we do not accept. Save it as a plain .docx "
            "(or a PDF) and try again.",
        ),
        (
            "photo.pdf",
            GOOD_PNG,
            "“photo.pdf” is a PNG image, but its name does not end in .png. Rename it to end "
            "in .png and try again.",
        ),
        ("empty.pdf", b"", "“empty.pdf” is empty. Choose the file again, or another copy of it."),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(name, data, message):
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload(name, data, "application/pdf"), already_attached=0)

    assert refused.value.message == message


def test_a_docx_that_unpacks_to_too_much_is_refused(settings):
    settings.ATTACHMENT_DOCX_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = docx_bytes(extra=[("word/media/huge.bin", b"\x00" * (2 * 1024 * 1024))])

    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("bomb.docx", bomb), already_attached=0)

    assert "unpacks to far more data than a document should" in refused.value.message


def test_an_oversized_file_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024

    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("big.pdf", GOOD_PDF + b"%" * 2000), already_attached=0)

    assert refused.value.message.startswith("“big.pdf” is over the 1 KB limit (it is 2 KB).")


def test_a_file_just_over_the_limit_does_not_read_as_the_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    just_over = GOOD_PDF + b"%" * (10 * 1024 * 1024 + 1 - len(GOOD_PDF))

    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("scan.pdf", just_over), already_attached=0)

    assert refused.value.message.startswith(
        "“scan.pdf” is over the 10 MB limit (it is 10.000001 MB)."
    )


def test_one_file_too_many_is_refused(settings):
    settings.ATTACHMENT_MAX_COUNT = 3

    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("quote.pdf", GOOD_PDF), already_attached=3)

    assert refused.value.message == (
        "You can attach up to 3 files, and this application has 3. Remove one you no longer "
        "need, then add this one."
    )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\quote.pdf", "quote.pdf"),
        ("quo\x00te\n.pdf", "quote.pdf"),
        ("", "document"),
        ("a" * 300 + ".pdf", "a" * 247 + ".pdf"),
    ],
)
def test_file_names_lose_folders_and_control_characters(raw, clean):
    assert clean_file_name(raw) == clean


@pytest.mark.django_db
def test_upload_through_the_draft_form_is_stored_under_a_random_name(
    client, applicant, private_media
):
    application = ApplicationFactory(applicant=applicant)
    client.force_login(applicant)

    response = client.post(
        reverse("grants:application_edit", args=[application.pk]),
        {
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
            "attachment-file": upload("Quote for the course.pdf", GOOD_PDF),
        },
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get(application=application)
    assert attachment.original_name == "Quote for the course.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(GOOD_PDF)
    assert attachment.uploaded_by == applicant
    assert "Quote" not in attachment.file.name
    assert attachment.file.name.startswith("attachments/")
    assert len(attachment.file.name.removeprefix("attachments/")) == 32
    assert (private_media / attachment.file.name).read_bytes() == GOOD_PDF


@pytest.mark.django_db
def test_a_refused_upload_keeps_the_rest_of_the_draft_and_says_why(client, applicant):
    application = ApplicationFactory(applicant=applicant, title="")
    client.force_login(applicant)

    response = client.post(
        reverse("grants:application_edit", args=[application.pk]),
        {
            "title": "Saved anyway",
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
            "attachment-file": upload("invoice.pdf", HTML, "application/pdf"),
        },
        follow=True,
    )

    body = response.content.decode()
    assert "The file was not attached. “invoice.pdf” is a web page or markup file" in body
    application.refresh_from_db()
    assert application.title == "Saved anyway"
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_download_is_an_attachment_with_nosniff(client, applicant):
    attachment = AttachmentFactory(
        application=ApplicationFactory(applicant=applicant), original_name="quote.pdf"
    )
    client.force_login(applicant)

    response = client.get(
        reverse("grants:attachment_download", args=[attachment.application_id, attachment.pk])
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="quote.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%test\n"


@pytest.mark.django_db
def test_the_owner_removes_a_document_from_a_draft(
    client, applicant, private_media, django_capture_on_commit_callbacks
):
    attachment = AttachmentFactory(application=ApplicationFactory(applicant=applicant))
    stored = private_media / attachment.file.name
    client.force_login(applicant)
    url = reverse("grants:attachment_delete", args=[attachment.application_id, attachment.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not stored.exists()


@pytest.mark.django_db
def test_documents_of_a_submitted_application_stay(client, applicant):
    application = force_state(ApplicationFactory(applicant=applicant), State.SUBMITTED)
    attachment = AttachmentFactory(application=application)
    client.force_login(applicant)

    client.post(reverse("grants:attachment_delete", args=[application.pk, attachment.pk]))

    assert Attachment.objects.filter(pk=attachment.pk).exists()
    with pytest.raises(TransitionRefused):
        services.add_attachment(application, by=applicant, upload=upload("a.pdf", GOOD_PDF))
