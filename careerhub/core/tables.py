"""A spreadsheet uploaded for an import (CSV or XLSX), from the request to the background run.

The request checks the upload without reading it whole: its declared size first
(``UploadedFile.size``; Django has already streamed a large upload to a temporary file,
``FILE_UPLOAD_MAX_MEMORY_SIZE``), then its type by content (``careerhub.core.files``: an
XLSX must really be an Office Open XML workbook; a CSV's first bytes must be text in UTF-8
or CP949, not a program or another binary renamed). It is then kept in private storage
under a random name until the background run has read it, and deleted when the run ends —
it holds personal data.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _

from careerhub.core import files
from careerhub.core.files import XLSX, FilesErrorCode, FileType

CSV = FileType("csv", "CSV", ".csv", "text/csv")
TABLE_TYPES = (CSV, XLSX)


def table_upload_check(upload: File, *, max_bytes: int) -> FileType:
    """CSV or XLSX, by size (before reading) and content; else ``ValidationError``."""
    size = upload.size or 0
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large: it may be at most %(limit)s."),
            code=FilesErrorCode.FILE_SIZE,
            params={"limit": files.size_label(max_bytes)},
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code=FilesErrorCode.FILE_EMPTY)
    if (upload.name or "").lower().endswith(".csv") and _looks_like_text(upload):
        return CSV
    found = files.detect(upload)
    if found is XLSX:
        return XLSX
    raise ValidationError(
        _(
            "The content of this file is not %(types)s. Renaming a file does not change "
            "what it is: upload a real %(types)s file."
        ),
        code=FilesErrorCode.FILE_TYPE,
        params={"types": files.types_label(TABLE_TYPES)},
    )


def _looks_like_text(upload: File) -> bool:
    upload.seek(0)
    head = upload.read(files.HEAD_BYTES)
    upload.seek(0)
    if b"\x00" in head or files.detect(upload) is not None:
        return False
    for encoding in ("utf-8-sig", "cp949"):
        for cut in range(4):  # the head may end inside a multi-byte character
            try:
                head[: len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            return True
    return False


def table_store(upload: File, *, prefix: str, file_type: FileType) -> str:
    """Keep the checked upload in private storage; its stored (random) name."""
    return files.private_save(upload, prefix=prefix, file_type=file_type)


def table_read(name: str) -> bytes:
    with files.private_storage().open(name, "rb") as handle:
        return handle.read()


def table_delete(name: str) -> None:
    files.private_delete(name)


def table_upload_discard(run: Any) -> None:
    """Delete the stored upload of an import run that has ended (it holds personal data) and
    forget its name. ``run`` is a row of any model with an ``upload`` field (the imports)."""
    manager = type(run)._default_manager
    name = manager.filter(pk=run.pk).values_list("upload", flat=True).first()
    if name:
        table_delete(name)
        manager.filter(pk=run.pk).update(upload="")
