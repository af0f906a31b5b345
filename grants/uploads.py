"""Checking an uploaded document before it is stored: PDF, Word (.docx), JPEG or PNG only.

The type is decided by the file's content, never by its name or the browser's claim: a
renamed program or web page is refused, and so is a PDF or DOCX that is broken or too
large. Every refusal says what happened and what to do next.
"""

import os
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JPEG = "image/jpeg"
PNG = "image/png"

# content type -> (words for people, file name endings that fit it, the ending we use)
KINDS = {
    PDF: ("a PDF", {"pdf"}, "pdf"),
    DOCX: ("a Word document (.docx)", {"docx"}, "docx"),
    JPEG: ("a JPEG image", {"jpg", "jpeg", "jpe"}, "jpg"),
    PNG: ("a PNG image", {"png"}, "png"),
}
ACCEPTED_WORDS = "PDF, Word (.docx), JPEG or PNG"
ACCEPT_ATTRIBUTE = ".pdf,.docx,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png," + DOCX

# Limits on what a .docx may unpack to, so a small "zip bomb" cannot exhaust the server.
# The byte limit may be tuned with settings.ATTACHMENT_DOCX_MAX_UNPACKED_BYTES.
DOCX_MAX_MEMBERS = 2000
DOCX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
PDF_EOF_WINDOW = 2048
MARKUP_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml")


class UploadRefused(Exception):
    """An upload that is not stored, with a message for the person who sent it."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    original_name: str
    size: int


def check_upload(upload, *, already_attached: int) -> CheckedUpload:
    """Inspect an UploadedFile; return what to store, or raise UploadRefused."""
    limit = settings.ATTACHMENT_MAX_COUNT
    if already_attached >= limit:
        raise UploadRefused(
            f"You can attach up to {limit} files, and this application has {already_attached}. "
            "Remove one you no longer need, then add this one."
        )
    name = clean_file_name(upload.name)
    size = upload.size or 0
    if size == 0:
        raise UploadRefused(f"“{name}” is empty. Choose the file again, or another copy of it.")
    max_bytes = settings.ATTACHMENT_MAX_BYTES
    if size > max_bytes:
        raise UploadRefused(
            f"“{name}” is over the {size_words(max_bytes)} limit "
            f"(it is {size_words(size, above=max_bytes)}). Make it smaller (for example, "
            "save a PDF at a lower quality or a photo at a smaller size) and try again."
        )
    content_type = sniff(upload, name)
    words, endings, ending = KINDS[content_type]
    given_ending = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if given_ending not in endings:
        raise UploadRefused(
            f"“{name}” is {words}, but its name does not end in .{ending}. Rename it to end "
            f"in .{ending} and try again."
        )
    return CheckedUpload(content_type=content_type, original_name=name, size=size)


def size_words(size: int, *, above: int | None = None) -> str:
    """A size in KB or MB, with as many decimals as it takes to differ from `above`:
    10 MB and 1 byte over it read "10 MB" and "10.000001 MB", never both "10.0 MB"."""
    unit, scale = ("MB", 1024 * 1024) if max(size, above or 0) >= 1024 * 1024 else ("KB", 1024)
    for places in range(7):
        words = f"{size / scale:,.{places}f}"
        limit = None if above is None else f"{above / scale:,.{places}f}"
        if "." in words and words.rstrip("0").endswith("."):
            words = words.split(".")[0]  # 10.0 -> 10
        if limit is None or float(words.replace(",", "")) != above / scale:
            return f"{words} {unit}"
    return f"{size:,} bytes"


def sniff(upload, name: str) -> str:
    """The content type the bytes really are, or UploadRefused."""
    upload.seek(0)
    head = upload.read(512)
    if head.startswith(b"%PDF-"):
        _check_pdf(upload, name)
        return PDF
    if head.startswith(b"PK\x03\x04"):
        _check_docx(upload, name)
        return DOCX
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return PNG
    raise UploadRefused(
        f"“{name}” is {_what_it_looks_like(head)}, and only {ACCEPTED_WORDS} files can be "
        "attached. Save or export it in one of those formats and try again."
    )


def _what_it_looks_like(head: bytes) -> str:
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return "a program, not a document"
    if start.startswith(MARKUP_STARTS):
        return "a web page or markup file, not a document"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an older Office file (.doc or .xls)"
    if head.startswith(b"PK"):
        return "a compressed archive"
    return "not a file type we accept"


def _check_pdf(upload, name: str) -> None:
    size = upload.size
    upload.seek(max(0, size - PDF_EOF_WINDOW))
    tail = upload.read(PDF_EOF_WINDOW)
    upload.seek(0)
    if b"%%EOF" not in tail:
        raise UploadRefused(
            f"“{name}” starts like a PDF but is incomplete or damaged, so it cannot be opened. "
            "Save or export the PDF again and attach the new copy."
        )


def _check_docx(upload, name: str) -> None:
    damaged = UploadRefused(
        f"“{name}” is not a Word document we can open (it looks damaged, or it is another "
        "kind of compressed file). Save it again from Word as .docx, or export it as a PDF."
    )
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise damaged
            if len(members) > DOCX_MAX_MEMBERS or (
                sum(member.file_size for member in members) > _docx_max_unpacked()
            ):
                raise UploadRefused(
                    f"“{name}” unpacks to far more data than a document should. Export it as "
                    "a PDF and attach that instead."
                )
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise UploadRefused(
                    f"“{name}” contains macros, which we do not accept. Save it as a plain "
                    ".docx (or a PDF) and try again."
                )
            if archive.testzip() is not None:
                raise damaged
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise damaged from error
    finally:
        upload.seek(0)


def _docx_max_unpacked() -> int:
    return getattr(settings, "ATTACHMENT_DOCX_MAX_UNPACKED_BYTES", DOCX_MAX_UNPACKED_BYTES)


def clean_file_name(raw: str | None) -> str:
    """The person's file name without folders or control characters, at most 255 long."""
    base = os.path.basename((raw or "").replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    if not base:
        return "document"
    if len(base) > 255:
        stem, dot, ending = base.rpartition(".")
        keep_ending = dot and len(ending) < 10
        base = (stem[: 250 - len(ending)] + dot + ending) if keep_ending else base[:255]
    return base
