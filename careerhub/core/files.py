"""Uploaded files in one place: what a file really is, where it is kept, how it is served.

Every upload the platform keeps goes through this module:

- ``upload_check`` refuses an upload by its declared size *before* reading it, then reads
  only its first bytes and names its type by content (magic bytes), never by the name the
  uploader gave it. A file renamed ``.pdf`` that is really a program or a web page is
  refused. The types recognised:

  * PDF — starts with ``%PDF-``;
  * PNG — the 8-byte PNG signature;
  * JPEG — starts with ``FF D8 FF``;
  * XLSX and DOCX — a ZIP archive whose ``[Content_Types].xml`` declares the workbook or
    the document main part of Office Open XML. Macro-enabled variants (``.xlsm``, ``.docm``)
    declare other content types and are refused.

  HWP (Hangul) files are not recognised: a legacy HWP file is an OLE compound document
  whose type shows only inside its ``FileHeader`` stream, and no library here reads it
  reliably, so such evidence is asked for as a PDF (Hangul prints to PDF).
- Files are kept in the ``"private"`` storage (``STORAGES["private"]``, by default a
  ``PrivateStorage`` at ``settings.PRIVATE_MEDIA_ROOT``), which no URL pattern serves and
  which has no URL at all, under random names (``<prefix>/<uuid4 hex>.<ext>``, the extension
  of the detected type). The uploader's name is kept only as a sanitised display name.
- ``private_file_response`` answers a download that a view has already allowed (by the
  object's policy) and recorded: as an attachment, with ``nosniff`` and ``no-store``, or
  handed to the web server (``X-Accel-Redirect`` or ``X-Sendfile``) when so configured.
"""

from __future__ import annotations

import os
import unicodedata
import uuid
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, HttpResponse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from careerhub.core.errors import ErrorCode

PRIVATE = "private"
HEAD_BYTES = 8192
CONTENT_TYPES_MAX_BYTES = 512 * 1024
DISPLAY_NAME_MAX = 200


class FilesErrorCode(ErrorCode):
    FILE_EMPTY = "file_empty"
    FILE_SIZE = "file_size"
    FILE_TYPE = "file_type"


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    extension: str
    content_type: str


PDF = FileType("pdf", "PDF", ".pdf", "application/pdf")
PNG = FileType("png", "PNG", ".png", "image/png")
JPEG = FileType("jpeg", "JPEG", ".jpg", "image/jpeg")
XLSX = FileType(
    "xlsx",
    "XLSX",
    ".xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
DOCX = FileType(
    "docx",
    "DOCX",
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
FILE_TYPES = (PDF, PNG, JPEG, XLSX, DOCX)
BY_EXTENSION = {t.extension: t for t in FILE_TYPES}

_OOXML_MAIN_PARTS = {
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
}


# --- what a file is -----------------------------------------------------------------------


def detect(file: File) -> FileType | None:
    """The type of ``file`` by its content, or None. Reads the head (and, for a ZIP, its
    central directory and content-types part), never the whole file; rewinds it after."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_type(file)
    return None


def _ooxml_type(file: File) -> FileType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX_BYTES:
                return None
            declared = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError):
        return None
    finally:
        file.seek(0)
    for file_type, main_part in _OOXML_MAIN_PARTS.items():
        if main_part in declared:
            return file_type
    return None


def upload_check(upload: File, *, accept: Collection[FileType], max_bytes: int) -> FileType:
    """The detected type of ``upload``, or a ``ValidationError`` (``FilesErrorCode``).

    The size is the one the upload declares (Django counted it while receiving it), checked
    before a byte is read; then only the head of the file is read."""
    size = upload.size or 0
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large: it may be at most %(limit)s."),
            code=FilesErrorCode.FILE_SIZE,
            params={"limit": size_label(max_bytes)},
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code=FilesErrorCode.FILE_EMPTY)
    found = detect(upload)
    if found is None or found not in accept:
        raise ValidationError(
            _(
                "The content of this file is not %(types)s. Renaming a file does not change "
                "what it is: upload a real %(types)s file."
            ),
            code=FilesErrorCode.FILE_TYPE,
            params={"types": types_label(accept)},
        )
    return found


def size_label(size: int) -> str:
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def types_label(accept: Collection[FileType]) -> str:
    return ", ".join(t.label for t in accept)


def type_of_name(name: str) -> FileType | None:
    """The type a stored (random) name was given when it was checked."""
    return BY_EXTENSION.get(PurePosixPath(name).suffix.lower())


def display_name(name: str | None, file_type: FileType | None = None) -> str:
    """The uploader's file name, safe to show and to offer as a download name: no folders,
    no control characters, at most 200 characters, and the extension of the detected type."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = unicodedata.normalize("NFC", base).strip().strip(".") or "file"
    stem = PurePosixPath(base).stem if PurePosixPath(base).suffix else base
    extension = file_type.extension if file_type else PurePosixPath(base).suffix
    return stem[: DISPLAY_NAME_MAX - len(extension)] + extension


# --- where files are kept -----------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """A directory outside every URL (``settings.PRIVATE_MEDIA_ROOT`` unless a location is
    given): ``url()`` refuses, so no template can link a private file by mistake."""

    def __init__(self, location: str | None = None, **kwargs) -> None:
        super().__init__(location=location, **kwargs)

    @cached_property
    def base_location(self) -> str:
        default = getattr(settings, "PRIVATE_MEDIA_ROOT", None) or os.path.join(
            settings.BASE_DIR, "var", "private"
        )
        return self._value_or_setting(self._location, default)

    def _clear_cached_properties(self, setting, **kwargs) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a view that checks.")


def private_storage() -> Storage:
    """The storage of private files (a callable, so models can name it as their storage):
    ``STORAGES["private"]``, or a ``PrivateStorage`` at ``PRIVATE_MEDIA_ROOT`` if the
    settings name none."""
    if PRIVATE in settings.STORAGES:
        return storages[PRIVATE]
    return _DEFAULT_PRIVATE


_DEFAULT_PRIVATE = PrivateStorage()


def random_name(prefix: str, file_type: FileType | None) -> str:
    """``<prefix>/<uuid4 hex><extension of the type>`` (``.bin`` for an unknown type)."""
    extension = file_type.extension if file_type else ".bin"
    return f"{prefix.strip('/')}/{uuid.uuid4().hex}{extension}"


def private_save(upload: File, *, prefix: str, file_type: FileType) -> str:
    """Store ``upload`` in private storage under a random name; return the stored name.
    The caller deletes it (``private_delete``) if what it was stored for is not saved."""
    upload.seek(0)
    return private_storage().save(random_name(prefix, file_type), upload)


def private_delete(name: str) -> None:
    if name:
        private_storage().delete(name)


# --- how a file is served -----------------------------------------------------------------


def private_file_response(
    *, name: str, download_name: str, storage: Storage | None = None
) -> HttpResponse:
    """A download of the private file ``name``, for a view that has checked and recorded it.

    With ``settings.PRIVATE_FILES_ACCEL_REDIRECT`` (an nginx ``internal`` location prefix
    that maps onto the private root) or ``settings.PRIVATE_FILES_SENDFILE`` (Apache/lighttpd
    ``X-Sendfile``) the web server sends the bytes; otherwise the file is streamed."""
    storage = storage or private_storage()
    file_type = type_of_name(name)
    content_type = file_type.content_type if file_type else "application/octet-stream"
    accel = getattr(settings, "PRIVATE_FILES_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{accel.rstrip('/')}/{quote(name)}"
    elif getattr(settings, "PRIVATE_FILES_SENDFILE", False):
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = storage.path(name)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, download_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
