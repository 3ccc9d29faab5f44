"""Import member-company postings from CSV or XLSX files with Korean headers.

Every row is read and checked first; if any row is bad, the report lists each bad row with its
spreadsheet row number (the header is row 1) and a Korean reason, and nothing is written. A
clean file is written in one transaction: companies are matched by business registration
number (checksum validated) or created outside the attraction pipeline; each posting's role
and skills are read from its title and description by the engine (an explicit 직무 cell that
names a taxonomy role wins); postings the engine is unsure of wait in the review queue;
rows already imported (same company, title and deadline) are skipped, so importing the same
file twice adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from careerhub.accounts.actors import actor_for
from careerhub.companies.models import Company
from careerhub.companies.services import VIA_POSTING_IMPORT, company_create
from careerhub.core import korean, runs
from careerhub.core.actors import Actor
from careerhub.core.choices import Region
from careerhub.core.files import display_name
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.core.runs import RunStatus
from careerhub.core.tables import (
    table_delete,
    table_read,
    table_store,
    table_upload_check,
)
from careerhub.core.validators import looks_like_resident_number
from careerhub.hiring import policies
from careerhub.hiring.extraction import CONFIDENT, PostingReader
from careerhub.hiring.models import (
    EmploymentType,
    JobPosting,
    PostingImport,
    PostingSkill,
    PostingStatus,
)
from careerhub.taxonomy.models import JobRole, Skill
from careerhub.taxonomy.selectors import role_resolve, skill_resolve

logger = logging.getLogger(__name__)

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024

COLUMNS: dict[str, str] = {
    "기업명": "company_name",
    "사업자등록번호": "business_number",
    "공고명": "title",
    "직무": "role",
    "상세내용": "description",
    "근무지역": "region",
    "모집인원": "headcount",
    "마감일": "deadline",
    "고용형태": "employment_type",
    "필요기술": "skills",
}
REQUIRED = ("기업명", "사업자등록번호", "공고명", "근무지역", "마감일")

_REGION_WORDS: tuple[tuple[str, str], ...] = (
    ("광주", Region.GWANGJU),
    ("서울", Region.SEOUL),
    ("부산", Region.BUSAN),
    ("대구", Region.DAEGU),
    ("인천", Region.INCHEON),
    ("대전", Region.DAEJEON),
    ("울산", Region.ULSAN),
    ("세종", Region.SEJONG),
    ("경기", Region.GYEONGGI),
    ("강원", Region.GANGWON),
    ("충북", Region.CHUNGBUK),
    ("충청북", Region.CHUNGBUK),
    ("충남", Region.CHUNGNAM),
    ("충청남", Region.CHUNGNAM),
    ("전북", Region.JEONBUK),
    ("전라북", Region.JEONBUK),
    ("전남", Region.JEONNAM),
    ("전라남", Region.JEONNAM),
    ("경북", Region.GYEONGBUK),
    ("경상북", Region.GYEONGBUK),
    ("경남", Region.GYEONGNAM),
    ("경상남", Region.GYEONGNAM),
    ("제주", Region.JEJU),
    ("재택", Region.REMOTE),
    ("원격", Region.REMOTE),
)
_EMPLOYMENT_WORDS: tuple[tuple[str, str], ...] = (
    ("채용연계형", EmploymentType.INTERN_TO_HIRE),
    ("전환형", EmploymentType.INTERN_TO_HIRE),
    ("인턴", EmploymentType.INTERN),
    ("계약", EmploymentType.CONTRACT),
    ("정규", EmploymentType.REGULAR),
)
_DATE = re.compile(r"^\s*(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?\s*$")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.row}행" + (f" {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ParsedRow:
    row: int
    company_name: str
    business_number: str
    title: str
    description: str
    region: str
    headcount: int
    deadline: dt.date
    employment_type: str
    role_code: str | None
    role_confidence: float
    skill_codes: tuple[str, ...]
    source_key: str


@dataclass
class ImportReport:
    file_name: str
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    batch: PostingImport | None = None
    created: int = 0
    duplicates: int = 0
    review: int = 0
    published: int = 0
    companies_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, headers)."""


# --- reading the file ------------------------------------------------------------------------


def read_table(name: str, content: bytes) -> list[list[Any]]:
    """The sheet as rows of cells (header first)."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB."))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(content)
    if lower.endswith(".csv"):
        return _read_csv(content)
    raise ImportFileError(_("Upload a CSV or XLSX file."))


def _read_csv(content: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return list(csv.reader(io.StringIO(text)))
    raise ImportFileError(_("The CSV file must be saved as UTF-8 or CP949 (EUC-KR)."))


def _read_xlsx(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("The Excel file cannot be read.")) from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell(value)
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _parse_region(text: str) -> str | None:
    compact = text.replace(" ", "")
    for word, region in _REGION_WORDS:
        if compact.startswith(word):
            return region
    return None


def _parse_employment(text: str) -> str | None:
    if not text:
        return EmploymentType.REGULAR
    for word, kind in _EMPLOYMENT_WORDS:
        if word in text:
            return kind
    return None


def source_key(business_number: str, title: str, deadline: dt.date) -> str:
    """What makes a row the same row again: company, title (spacing ignored), deadline."""
    basis = f"{business_number}|{' '.join(title.split()).lower()}|{deadline.isoformat()}"
    return hashlib.sha256(basis.encode()).hexdigest()[:40]


def parse_rows(
    table: list[list[Any]],
    reader: PostingReader,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[ParsedRow], list[RowError]]:
    if not table or not any(_cell(c) for c in table[0]):
        raise ImportFileError(_("The file is empty."))
    header = [_cell(c) for c in table[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    index = {COLUMNS[name]: i for i, name in enumerate(header) if name in COLUMNS}
    body = [(n, row) for n, row in enumerate(table[1:], start=2) if any(_cell(c) for c in row)]
    if not body:
        raise ImportFileError(_("The file has no postings below the header."))
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            _("A file may hold at most %(n)d rows; split it and import each part.")
            % {"n": MAX_ROWS}
        )
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    for done, (number, row) in enumerate(body):
        if progress and done % 250 == 0:
            progress(done, len(body))
        result = _parse_row(number, row, index, reader)
        refused = _resident_numbers(number, row, header)
        errors += refused
        if isinstance(result, ParsedRow):
            if not refused:
                parsed.append(result)
        else:
            errors += result
    return parsed, errors


def _resident_numbers(number: int, row: list[Any], header: list[str]) -> list[RowError]:
    """A cell of any column, known or not, that holds a 주민등록번호 refuses its row."""
    from openpyxl.utils import get_column_letter

    return [
        RowError(
            number,
            (
                header[i]
                if i < len(header) and header[i]
                else _("column %(letter)s") % {"letter": get_column_letter(i + 1)}
            ),
            _("This cell contains a resident registration number; remove it."),
        )
        for i, cell in enumerate(row)
        if looks_like_resident_number(_cell(cell))
    ]


def _parse_row(
    number: int, row: list[Any], index: dict[str, int], reader: PostingReader
) -> ParsedRow | list[RowError]:
    def get(key: str) -> Any:
        i = index.get(key)
        return row[i] if i is not None and i < len(row) else None

    errors: list[RowError] = []

    def fail(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    name = _cell(get("company_name"))
    if not name:
        fail("기업명", _("The company name is empty."))
    elif len(name) > 200:
        fail("기업명", _("The company name is longer than 200 characters."))
    number_text = _cell(get("business_number"))
    if not korean.business_number_is_valid(number_text):
        fail(
            "사업자등록번호",
            _("'%(value)s' is not a valid business registration number (checksum).")
            % {"value": number_text},
        )
    title = _cell(get("title"))
    if not title:
        fail("공고명", _("The posting title is empty."))
    elif len(title) > 200:
        fail("공고명", _("The posting title is longer than 200 characters."))
    description = _cell(get("description"))
    region_text = _cell(get("region"))
    region = _parse_region(region_text)
    if region is None:
        fail(
            "근무지역",
            _("'%(value)s' is not a region (e.g. 광주, 서울특별시, 재택).")
            % {"value": region_text},
        )
    headcount_text = _cell(get("headcount")).removesuffix("명").strip() or "1"
    headcount = int(headcount_text) if headcount_text.isdigit() else 0
    if not 1 <= headcount <= 500:
        fail(
            "모집인원",
            _("'%(value)s' is not a headcount between 1 and 500.")
            % {"value": _cell(get("headcount"))},
        )
    deadline = _parse_date(get("deadline"))
    if deadline is None:
        fail(
            "마감일",
            _("'%(value)s' is not a date (e.g. 2026-12-31).") % {"value": _cell(get("deadline"))},
        )
    employment = _parse_employment(_cell(get("employment_type")))
    if employment is None:
        fail(
            "고용형태",
            _("'%(value)s' is not an employment type (정규직, 계약직, 인턴, 채용연계형 인턴).")
            % {"value": _cell(get("employment_type"))},
        )
    role_text = _cell(get("role"))
    if errors:
        return errors
    assert deadline is not None and region is not None and employment is not None
    guess = reader.read(title, description)
    role_code, confidence = guess.role_code, guess.role_confidence
    named = role_resolve(text=role_text) if role_text else None
    if named is not None:
        role_code, confidence = named.code, 1.0
    skills = list(guess.skill_codes)
    for text in re.split(r"[,/·;]", _cell(get("skills"))):
        skill = skill_resolve(text=text) if text.strip() else None
        if skill is not None and skill.code not in skills:
            skills.append(skill.code)
    digits = korean.business_number_normalize(number_text)
    return ParsedRow(
        row=number,
        company_name=name,
        business_number=digits,
        title=title,
        description=description,
        region=region,
        headcount=headcount,
        deadline=deadline,
        employment_type=employment,
        role_code=role_code,
        role_confidence=confidence,
        skill_codes=tuple(skills),
        source_key=source_key(digits, title, deadline),
    )


# --- writing ---------------------------------------------------------------------------------


def _import_operator(actor: Actor, operator_id: int | None) -> int | None:
    """The operator an import is shared by (checked against the actor), or None."""
    if not policies.can_import_postings(actor):
        raise PermissionDenied
    if operator_id is not None and not (
        actor.program_staff or operator_id in actor.staff_operator_ids
    ):
        raise PermissionDenied
    if operator_id is None and not actor.program_staff:
        operator_id = min(actor.staff_operator_ids)
    return operator_id


ProgressFn = Callable[[int, str], None]


def _check_file(
    file_name: str,
    content: bytes,
    reader: PostingReader | None,
    progress: ProgressFn | None = None,
) -> tuple[ImportReport, list[ParsedRow]]:
    """Read and check every row; the report carries the errors (then nothing is written)."""
    report = ImportReport(file_name=file_name)
    try:
        table = read_table(file_name, content)
        rows, errors = parse_rows(table, reader or PostingReader(), progress=progress)
    except ImportFileError as exc:
        report.errors = [RowError(0, "", str(exc))]
        return report, []
    report.rows = len(rows) + len({e.row for e in errors})
    report.errors = errors
    return report, rows


def postings_import(
    *,
    actor: Actor,
    file_name: str,
    content: bytes,
    operator_id: int | None = None,
    reader: PostingReader | None = None,
    now: dt.datetime | None = None,
) -> ImportReport:
    """Check the whole file; write it only if every row is good (at once, in the caller's
    process: for the demo data and for tests; people's uploads go through
    ``posting_import_request``, which runs the same steps in the background)."""
    operator_id = _import_operator(actor, operator_id)
    now = now or timezone.now()
    report, rows = _check_file(file_name, content, reader)
    if report.errors:
        return report
    batch = PostingImport(
        operator_id=operator_id,
        file_name=file_name[:255],
        file_sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor.user,
        rows=len(rows),
        status=RunStatus.SUCCEEDED,
        progress=100,
        started_at=now,
        finished_at=now,
    )
    try:
        with transaction.atomic():
            batch.save()
            _write(actor, report, rows, batch, now)
    except _RowsRefused as exc:  # everything written so far was rolled back
        return ImportReport(file_name=file_name, rows=report.rows, errors=exc.errors)
    return report


# --- in the background ------------------------------------------------------------------------

UPLOAD_PREFIX = "imports/postings"


def posting_import_request(
    *, actor: Actor, upload: File, operator_id: int | None = None
) -> PostingImport:
    """Check an uploaded file (size before reading it, then its type by content), keep it in
    private storage and queue its import; the import (a run) shows its progress and result."""
    operator_id = _import_operator(actor, operator_id)
    file_type = table_upload_check(upload, max_bytes=MAX_BYTES)
    stored = table_store(upload, prefix=UPLOAD_PREFIX, file_type=file_type)
    try:
        with transaction.atomic():
            batch = PostingImport(
                operator_id=operator_id,
                file_name=display_name(upload.name, file_type)[:255],
                upload=stored,
                uploaded_by=actor.user,
                stage=_("Waiting for the background worker"),
            )
            batch.full_clean()
            batch.save()
            event_record(
                actor=actor, verb="postings.import_requested", target=batch, file=batch.file_name
            )
    except BaseException:
        table_delete(stored)
        raise
    _enqueue(batch)
    batch.refresh_from_db()
    return batch


def _enqueue(batch: PostingImport) -> None:
    from careerhub.hiring.tasks import posting_import_task

    runs.run_enqueue(
        PostingImport,
        batch.pk,
        posting_import_task,
        refused=_("The background task runner refused the import: %(error)s"),
    )


def posting_import_execute(
    *, run_id: int, reader: PostingReader | None = None, now: dt.datetime | None = None
) -> PostingImport:
    """Import a queued upload (the background task calls this): claim it, check every row
    (heartbeat and progress meanwhile), then write all of them in one transaction or none.
    The run ends done with its counts, or failed with every bad row (or the reason); the
    stored upload is deleted either way."""
    return runs.run_execute(
        PostingImport,
        run_id,
        lambda batch, beat: _execute(batch, beat, reader, now or timezone.now()),
        describe=_failure_message,
        related=("uploaded_by",),
    )


def _failure_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    if isinstance(exc, PermissionDenied):
        return _("The person who uploaded the file may no longer import postings.")
    if isinstance(exc, DatabaseError):
        return _(
            "The connection to the database was lost while the postings were written; "
            "nothing was imported. Upload the file again."
        )
    return _(
        "The import stopped on an unexpected error; nothing was imported. Upload the file again."
    )


def _execute(
    batch: PostingImport, beat: runs.Heartbeat, reader: PostingReader | None, now: dt.datetime
) -> None:
    actor = actor_for(batch.uploaded_by)
    operator_id = _import_operator(actor, batch.operator_id)
    beat.progress(2, _("Reading the file"))
    content = table_read(batch.upload)
    # the run's row is written by this thread only under ``beat.writing()`` (see there)
    batch.file_sha256 = hashlib.sha256(content).hexdigest()

    def checking(done: int, total: int) -> None:
        beat.progress(5 + 45 * done // max(total, 1), _("Checking the rows"))

    report, rows = _check_file(batch.file_name, content, reader, progress=checking)
    if report.errors:
        with beat.writing():
            _refuse(batch, report.rows, report.errors)
        return
    batch.operator_id = operator_id
    batch.rows = len(rows)
    try:
        with beat.writing(), transaction.atomic():
            _write(actor, report, rows, batch, now, progress=beat.progress)
            if not runs.run_finish(
                PostingImport,
                batch.pk,
                rows=batch.rows,
                file_sha256=batch.file_sha256,
                created_count=report.created,
                duplicate_count=report.duplicates,
                review_count=report.review,
                companies_created=report.companies_created,
            ):
                raise ValidationError(_("The import was stopped while it ran."))
    except _RowsRefused as exc:  # everything written was rolled back
        with beat.writing():
            _refuse(batch, report.rows, exc.errors)


def _refuse(batch: PostingImport, rows: int, errors: list[RowError]) -> None:
    bad = len({e.row for e in errors if e.row})
    message = (
        ngettext(
            "%(n)d row has problems; nothing was imported.",
            "%(n)d rows have problems; nothing was imported.",
            bad,
        )
        % {"n": bad}
        if bad
        else errors[0].message
    )
    runs.run_fail(
        PostingImport,
        batch.pk,
        message,
        rows=rows,
        file_sha256=batch.file_sha256,
        errors=[{"row": e.row, "column": e.column, "message": e.message} for e in errors],
    )


def import_errors(batch: PostingImport) -> list[RowError]:
    """The stored problems of a refused import, as the report lists them."""
    return [RowError(e["row"], e.get("column", ""), e["message"]) for e in batch.errors or []]


class _RowsRefused(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


COMPANY_COLUMNS = {"name": "기업명", "business_number": "사업자등록번호"}
"""The file's column for a field of the company record, to name it in a row's error."""


def _companies_create(
    actor: Actor, rows: list[ParsedRow], companies: dict[str, Company | None], file_name: str
) -> int:
    """Register, through ``companies.services``, each company the file names that is not
    known yet (matched into ``companies``); how many. A refused company is an error of its
    row (all of them are reported, then nothing is kept)."""
    errors: list[RowError] = []
    created = 0
    for row in rows:
        if row.business_number in companies:
            continue
        data = {
            "name": row.company_name,
            "business_number": row.business_number,
            "hq_region": row.region if row.region != Region.REMOTE else Region.SEOUL,
            "description": _("Registered by a posting import (%(file)s).") % {"file": file_name},
        }
        try:
            company = company_create(actor=actor, data=data, via=VIA_POSTING_IMPORT)
        except ValidationError as exc:
            errors.extend(_row_errors(row.row, exc))
            companies[row.business_number] = None  # one error per company, on its first row
            continue
        companies[row.business_number] = company
        created += 1
    if errors:
        raise _RowsRefused(errors)
    return created


def _row_errors(number: int, exc: ValidationError) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(number, "", message) for message in exc.messages]
    return [
        RowError(number, COMPANY_COLUMNS.get(field, ""), message)
        for field, messages in exc.message_dict.items()
        for message in messages
    ]


# Checked by the database (the rows were just loaded, or the constraint is a database one):
# a per-row query for each would make a 5,000-row import slow.
_NOT_CLEANED = ["company", "role", "created_by", "import_batch", "demand_line", "reviewed_by"]
WRITE_BATCH = 500


def _write(
    actor: Actor,
    report: ImportReport,
    rows: list[ParsedRow],
    batch: PostingImport,
    now: dt.datetime,
    progress: ProgressFn | None = None,
) -> None:
    """Write the checked rows (inside the caller's transaction) with bulk inserts."""
    companies = Company.objects.in_bulk(
        {r.business_number for r in rows}, field_name="business_number"
    )
    roles = dict(
        JobRole.objects.filter(code__in={r.role_code for r in rows if r.role_code}).values_list(
            "code", "pk"
        )
    )
    skills = dict(
        Skill.objects.filter(code__in={c for r in rows for c in r.skill_codes}).values_list(
            "code", "pk"
        )
    )
    seen = set(
        JobPosting.objects.filter(
            source_key__in=[r.source_key for r in rows], company__in=list(companies.values())
        ).values_list("company__business_number", "source_key")
    )
    today = timezone.localdate(now)
    if progress:
        progress(55, _("Registering new companies"))
    report.companies_created = _companies_create(actor, rows, companies, batch.file_name)
    if progress:
        progress(65, _("Writing the postings"))
    postings: list[tuple[JobPosting, tuple[str, ...]]] = []
    for row in rows:
        company = companies[row.business_number]
        if (row.business_number, row.source_key) in seen:
            report.duplicates += 1
            continue
        seen.add((row.business_number, row.source_key))
        confident = row.role_code is not None and row.role_confidence >= CONFIDENT
        if row.deadline < today:
            status, review = PostingStatus.CLOSED, False
        elif confident and row.skill_codes:
            status, review = PostingStatus.OPEN, False
        else:
            status, review = PostingStatus.DRAFT, True
        posting = JobPosting(
            company=company,
            title=row.title,
            description=row.description,
            role_id=roles.get(row.role_code) if row.role_code else None,
            employment_type=row.employment_type,
            region=row.region,
            headcount=row.headcount,
            deadline=row.deadline,
            status=status,
            source=JobPosting.Source.IMPORT,
            created_by=actor.user,
            published_at=now if status == PostingStatus.OPEN else None,
            import_batch=batch,
            source_key=row.source_key,
            extraction_confidence=row.role_confidence,
            needs_review=review,
        )
        posting.full_clean(exclude=_NOT_CLEANED, validate_unique=False, validate_constraints=False)
        postings.append((posting, row.skill_codes))
        report.created += 1
        report.review += int(review)
        report.published += int(status == PostingStatus.OPEN)
    for start in range(0, len(postings), WRITE_BATCH):
        chunk = postings[start : start + WRITE_BATCH]
        JobPosting.objects.bulk_create([p for p, _codes in chunk])
        PostingSkill.objects.bulk_create(
            [
                PostingSkill(posting=p, skill_id=skills[c], required=True)
                for p, codes in chunk
                for c in codes
            ]
        )
        if progress:
            done = start + len(chunk)
            progress(65 + 30 * done // len(postings), _("Writing the postings"))
    batch.created_count = report.created
    batch.duplicate_count = report.duplicates
    batch.review_count = report.review
    batch.companies_created = report.companies_created
    if batch.status == RunStatus.SUCCEEDED:  # written at once: its counts are final now
        batch.save()
    report.batch = batch
    event_record(
        actor=actor,
        verb="postings.imported",
        target=batch,
        created=report.created,
        duplicates=report.duplicates,
        review=report.review,
        companies_created=report.companies_created,
    )
