"""Evidence files of outcomes: what is accepted, and moving old public files to private storage.

Evidence is a certificate (employment, military service, enrolment, business registration):
PDF, PNG or JPEG, at most 10 MB, recognised by content (``careerhub.core.files``). Office
documents are not accepted: a certificate prints to PDF or is scanned, and office files can
carry active content and links. Files live in private storage under random names.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.db.models import Model

from careerhub.core import files
from careerhub.core.files import FilesErrorCode, FileType
from careerhub.outcomes.errors import OutcomesErrorCode
from careerhub.outcomes.models import EVIDENCE_PREFIX

log = logging.getLogger(__name__)

EVIDENCE_TYPES = (files.PDF, files.PNG, files.JPEG)
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
PRIVATE_NAME = re.compile(rf"^{re.escape(EVIDENCE_PREFIX)}[0-9a-f]{{32}}\.[a-z]+$")


def evidence_check(upload) -> FileType | None:
    """The detected type of an evidence upload (None for no upload), or a field error on
    ``evidence_file`` with an ``OutcomesErrorCode``. Nothing is stored here."""
    if upload is None:
        return None
    try:
        return files.upload_check(upload, accept=EVIDENCE_TYPES, max_bytes=EVIDENCE_MAX_BYTES)
    except ValidationError as exc:
        code = (
            OutcomesErrorCode.EVIDENCE_SIZE
            if exc.code == FilesErrorCode.FILE_SIZE
            else OutcomesErrorCode.EVIDENCE_TYPE
        )
        raise ValidationError(
            {"evidence_file": ValidationError(exc.message, code=code, params=exc.params)}
        ) from exc


def evidence_store(upload, file_type: FileType) -> str:
    return files.private_save(upload, prefix=EVIDENCE_PREFIX, file_type=file_type)


def evidence_download_name(outcome) -> str:
    file_type = files.type_of_name(outcome.evidence_file.name)
    if outcome.evidence_name:
        return files.display_name(outcome.evidence_name, file_type)
    return files.display_name(f"evidence-{outcome.pk}", file_type)


# --- moving files uploaded before private storage -------------------------------------------


@dataclass
class MoveReport:
    moved: list[tuple[int, str, str]] = field(default_factory=list)  # (outcome, old, new)
    already_private: int = 0
    missing: list[tuple[int, str]] = field(default_factory=list)
    unrecognised: list[tuple[int, str]] = field(default_factory=list)


def evidence_move_to_private(
    outcome_model: type[Model],
    *,
    source: Storage | None = None,
    target: Storage | None = None,
) -> MoveReport:
    """Move every evidence file still in the public media storage into private storage under
    a random name, and point its outcome at it. Safe to run again: rows already pointing at a
    private random name are skipped. A missing file is reported (and its row left as it is,
    so it can be restored and moved on a later run), never fatal. A file whose content is not
    a recognised type is still moved (it must not stay public), as ``.bin``, and reported.

    ``outcome_model`` is the model (the historical one in a migration)."""
    source = source or storages["default"]
    target = target or files.private_storage()
    report = MoveReport()
    rows = outcome_model.objects.exclude(evidence_file="").order_by("pk")
    for pk, old, shown in rows.values_list("pk", "evidence_file", "evidence_name"):
        if PRIVATE_NAME.match(old) and target.exists(old):
            report.already_private += 1
            continue
        if not source.exists(old):
            if target.exists(old):  # an old-style name already in private storage
                report.already_private += 1
            else:
                report.missing.append((pk, old))
                log.warning("Evidence file of outcome %s is missing: %s", pk, old)
            continue
        with source.open(old, "rb") as handle:
            file_type = files.detect(handle)
            if file_type is None:
                report.unrecognised.append((pk, old))
                log.warning("Evidence file of outcome %s is not PDF, PNG or JPEG: %s", pk, old)
            stored = target.save(files.random_name(EVIDENCE_PREFIX, file_type), handle)
        outcome_model.objects.filter(pk=pk).update(
            evidence_file=stored, evidence_name=shown or files.display_name(old)
        )
        source.delete(old)
        report.moved.append((pk, old, stored))
    return report
