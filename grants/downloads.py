"""Serving an uploaded document: always as a download, never rendered by the browser.

Callers decide who may download and under which name (blind review hides the file name).
"""

from django.http import FileResponse

from grants.models import Attachment


def attachment_response(
    attachment: Attachment, *, download_name: str | None = None
) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=download_name or attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def neutral_name(attachment: Attachment, position: int) -> str:
    """A name that says nothing about the applicant, for blind review."""
    extension = (
        attachment.original_name.rsplit(".", 1)[-1].lower()
        if "." in attachment.original_name
        else "bin"
    )
    return f"attachment-{position}.{extension}"
