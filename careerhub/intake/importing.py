"""Import applications an operator collected elsewhere, from CSV or XLSX with Korean headers.

All or nothing: every row is checked first; one bad row and nothing is written, and the
report lists each bad row with its row number (as a spreadsheet shows it: the header is
row 1) and the reasons in Korean. Rows of a person who already applied to the cohort
(same email, or same name + birth date + mobile number) are recognised and left as they
are, so importing the same file twice creates nothing the second time.
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

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator, validate_email
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from careerhub.academy.models import Cohort, Course
from careerhub.accounts.actors import actor_for
from careerhub.core import korean, runs
from careerhub.core.actors import Actor
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
from careerhub.intake import clock, policies
from careerhub.intake.models import (
    MAX_CHOICES,
    Application,
    ApplicationChoice,
    ApplicationImport,
    Education,
    email_key,
    name_key,
)
from careerhub.intake.services.applying import _next_receipt

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000

# Accepted headers (Korean first, English too) -> field.
HEADERS = {
    "이름": "name",
    "성명": "name",
    "name": "name",
    "생년월일": "birth_date",
    "birth_date": "birth_date",
    "이메일": "email",
    "전자우편": "email",
    "email": "email",
    "휴대전화": "phone",
    "휴대폰": "phone",
    "연락처": "phone",
    "phone": "phone",
    "지역": "region",
    "거주지역": "region",
    "region": "region",
    "학력": "education",
    "education": "education",
    "전공": "major",
    "major": "major",
    "경력": "experience",
    "experience": "experience",
    "지원동기": "motivation",
    "motivation": "motivation",
    "보유기술": "skills_text",
    "기술": "skills_text",
    "skills": "skills_text",
    "포트폴리오": "portfolio_url",
    "portfolio": "portfolio_url",
    **{f"{n}지망": f"choice_{n}" for n in range(1, MAX_CHOICES + 1)},
    **{f"choice_{n}": f"choice_{n}" for n in range(1, MAX_CHOICES + 1)},
}
REQUIRED = ("name", "birth_date", "email", "phone", "region", "education", "motivation", "choice_1")
COLUMN_HELP = (
    ("이름", gettext_lazy("required")),
    ("생년월일", gettext_lazy("required, e.g. 1998-01-05 or 1998.1.5")),
    ("이메일", gettext_lazy("required")),
    ("휴대전화", gettext_lazy("required, e.g. 010-1234-5678")),
    ("지역", gettext_lazy("required, e.g. 광주 or 광주광역시")),
    ("학력", gettext_lazy("required: 고졸, 전문대졸, 대졸, 대학원졸 or 기타")),
    ("전공", gettext_lazy("optional")),
    ("경력", gettext_lazy("optional")),
    ("지원동기", gettext_lazy("required")),
    ("보유기술", gettext_lazy("optional, separated by commas")),
    ("포트폴리오", gettext_lazy("optional web address")),
    ("1지망", gettext_lazy("required: the name of one of your courses in this cohort")),
    ("2지망, 3지망", gettext_lazy("optional")),
)

REGIONS = {
    "광주": "gwangju", "광주광역시": "gwangju", "서울": "seoul", "서울특별시": "seoul",
    "부산": "busan", "부산광역시": "busan", "대구": "daegu", "대구광역시": "daegu",
    "인천": "incheon", "인천광역시": "incheon", "대전": "daejeon", "대전광역시": "daejeon",
    "울산": "ulsan", "울산광역시": "ulsan", "세종": "sejong", "세종특별자치시": "sejong",
    "경기": "gyeonggi", "경기도": "gyeonggi", "강원": "gangwon", "강원도": "gangwon",
    "강원특별자치도": "gangwon", "충북": "chungbuk", "충청북도": "chungbuk",
    "충남": "chungnam", "충청남도": "chungnam", "전북": "jeonbuk", "전라북도": "jeonbuk",
    "전북특별자치도": "jeonbuk", "전남": "jeonnam", "전라남도": "jeonnam",
    "경북": "gyeongbuk", "경상북도": "gyeongbuk", "경남": "gyeongnam", "경상남도": "gyeongnam",
    "제주": "jeju", "제주도": "jeju", "제주특별자치도": "jeju",
}  # fmt: skip
EDUCATION = {
    "고졸": Education.HIGH_SCHOOL, "고등학교": Education.HIGH_SCHOOL,
    "고등학교 졸업": Education.HIGH_SCHOOL, "전문대졸": Education.COLLEGE,
    "전문대": Education.COLLEGE, "전문학사": Education.COLLEGE, "대졸": Education.UNIVERSITY,
    "대학교": Education.UNIVERSITY, "학사": Education.UNIVERSITY,
    "대학교 졸업": Education.UNIVERSITY, "대학원졸": Education.GRADUATE,
    "대학원": Education.GRADUATE, "석사": Education.GRADUATE, "박사": Education.GRADUATE,
    "기타": Education.OTHER,
}  # fmt: skip
_DATE = re.compile(r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?$")


@dataclass(frozen=True)
class RowError:
    row: int
    reasons: tuple[str, ...]


@dataclass
class ImportReport:
    filename: str
    rows: int = 0
    created: int = 0
    existing: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error


class FileUnreadable(Exception):
    pass


def read_rows(filename: str, content: bytes) -> list[dict[str, str]]:
    """The data rows as {field: text}, keyed by the recognised headers, row 2 first."""
    if len(content) > MAX_BYTES:
        raise FileUnreadable(_("The file is larger than 5 MB."))
    if filename.lower().endswith(".xlsx"):
        table = _xlsx_table(content)
    elif filename.lower().endswith(".csv"):
        table = _csv_table(content)
    else:
        raise FileUnreadable(_("Upload a .csv or .xlsx file."))
    if not table:
        raise FileUnreadable(_("The file is empty."))
    header = [str(h or "").strip() for h in table[0]]
    fields = [HEADERS.get(h.replace(" ", "").lower(), HEADERS.get(h)) for h in header]
    absent = [f for f in REQUIRED if f not in fields]
    if absent:
        names = {v: k for k, v in reversed(list(HEADERS.items()))}
        raise FileUnreadable(
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(names[f] for f in absent)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise FileUnreadable(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
    rows = []
    for values in table[1:]:
        row = {}
        for i, value in enumerate(values):
            f = fields[i] if i < len(fields) else None
            if f:
                row[f] = value
            elif _text(value):
                # Kept only to be checked: a column we do not import may still hold a
                # resident registration number, and that refuses the row.
                row[OTHER_COLUMN + _header_name(header, i)] = value
        rows.append(row)
    return rows


OTHER_COLUMN = "other:"


def _header_name(header: list[str], i: int) -> str:
    from openpyxl.utils import get_column_letter

    return (
        header[i]
        if i < len(header) and header[i]
        else _("column %(letter)s") % {"letter": get_column_letter(i + 1)}
    )


def _csv_table(content: bytes) -> list[list[object]]:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileUnreadable(_("Save the CSV file as UTF-8 (or the Korean Windows encoding)."))
    return list(csv.reader(io.StringIO(text)))


def _xlsx_table(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FileUnreadable(_("The Excel file cannot be read.")) from exc
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _birth_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    digits = korean.digits_only(text)
    if re.fullmatch(r"\d{8}", text):
        text = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


@dataclass
class _Clean:
    row: int
    values: dict
    courses: list[Course]


def _check_row(
    number: int, raw: dict, courses: dict[str, Course]
) -> tuple[_Clean | None, list[str]]:
    reasons: list[str] = []
    row = {k: (raw.get(k) if k == "birth_date" else _text(raw.get(k))) for k in HEADERS.values()}
    for key, value in row.items():
        if key != "birth_date" and looks_like_resident_number(str(value)):
            reasons.append(
                _("%(column)s contains a resident registration number; remove it.")
                % {"column": _column(key)}
            )
    for key, value in raw.items():
        if key.startswith(OTHER_COLUMN) and looks_like_resident_number(_text(value)):
            reasons.append(
                _("%(column)s contains a resident registration number; remove it.")
                % {"column": key.removeprefix(OTHER_COLUMN)}
            )
    if looks_like_resident_number(_text(row["birth_date"])) or re.fullmatch(
        r"\d{6}-?\d{7}", _text(row["birth_date"])
    ):
        reasons.append(
            _("생년월일 holds a resident registration number; give the birth date only.")
        )
    for key in REQUIRED:
        if not _text(row.get(key)):
            reasons.append(_("%(column)s is empty.") % {"column": _column(key)})
    values: dict = {}
    values["name"] = row["name"]
    birth = _birth_date(row["birth_date"]) if _text(row["birth_date"]) else None
    if (
        _text(row["birth_date"])
        and birth is None
        and not any("resident" in r or "주민" in r for r in reasons)
    ):
        reasons.append(_("생년월일 is not a date: %(value)s") % {"value": _text(row["birth_date"])})
    values["birth_date"] = birth
    email = row["email"].lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("이메일 is not an email address: %(value)s") % {"value": email})
    values["email"] = email
    phone = korean.phone_normalize(row["phone"])
    if row["phone"] and not (phone.startswith("01") and korean.phone_is_valid(phone)):
        reasons.append(_("휴대전화 is not a mobile number: %(value)s") % {"value": row["phone"]})
    values["phone"] = phone
    region = REGIONS.get(row["region"].replace(" ", ""), row["region"].lower())
    if row["region"] and region not in set(REGIONS.values()) | {"remote"}:
        reasons.append(_("지역 is not a region: %(value)s") % {"value": row["region"]})
    values["region"] = region
    education = EDUCATION.get(row["education"], row["education"].lower())
    if row["education"] and education not in Education.values:
        reasons.append(
            _("학력 is not one of 고졸, 전문대졸, 대졸, 대학원졸, 기타: %(value)s")
            % {"value": row["education"]}
        )
    values["education"] = education
    for key, limit in (
        ("major", 100),
        ("experience", 2000),
        ("motivation", 2000),
        ("skills_text", 500),
        ("name", 100),
    ):
        if len(row[key]) > limit:
            reasons.append(
                _("%(column)s is longer than %(n)d characters.")
                % {"column": _column(key), "n": limit}
            )
        values.setdefault(key, row[key])
    url = row["portfolio_url"]
    if url:
        try:
            URLValidator()(url)
        except ValidationError:
            reasons.append(_("포트폴리오 is not a web address: %(value)s") % {"value": url})
    values["portfolio_url"] = url
    picked: list[Course] = []
    for n in range(1, MAX_CHOICES + 1):
        name = row[f"choice_{n}"]
        if not name:
            continue
        course = courses.get(_course_key(name))
        if course is None:
            reasons.append(
                _("%(n)d지망 is not one of your courses in this cohort: %(value)s")
                % {"n": n, "value": name}
            )
        elif course in picked:
            reasons.append(_("%(n)d지망 repeats a course: %(value)s") % {"n": n, "value": name})
        else:
            picked.append(course)
    if row["choice_3"] and not row["choice_2"]:
        reasons.append(_("3지망 is given without 2지망."))
    if reasons:
        return None, reasons
    return _Clean(row=number, values=values, courses=picked), []


def _column(key: str) -> str:
    for header, field_name in HEADERS.items():
        if field_name == key:
            return header
    return key


def _course_key(name: str) -> str:
    return "".join(name.split()).casefold()


def _import_allowed(actor: Actor, cohort: Cohort, operator_id: int) -> None:
    if operator_id not in actor.staff_operator_ids or not policies.can_import_applications(
        actor, cohort
    ):
        raise PermissionDenied


ProgressFn = Callable[[int, str], None]


def _check(
    *,
    cohort: Cohort,
    operator_id: int,
    filename: str,
    content: bytes,
    progress: ProgressFn | None = None,
) -> tuple[ImportReport, list[_Clean]]:
    """Read and check every row; the report carries the problems (then nothing is written)."""
    report = ImportReport(filename=filename)
    try:
        raw_rows = read_rows(filename, content)
    except FileUnreadable as exc:
        report.file_error = str(exc)
        return report, []
    report.rows = len(raw_rows)
    courses = {
        _course_key(c.name): c
        for c in Course.objects.filter(cohort=cohort, operator_id=operator_id)
    }
    clean: list[_Clean] = []
    by_email: dict[str, int] = {}
    by_person: dict[tuple, int] = {}
    for index, raw in enumerate(raw_rows, start=2):
        if progress and index % 250 == 0:
            progress(5 + 45 * index // max(len(raw_rows), 1), _("Checking the rows"))
        if not any(_text(v) for v in raw.values()):
            continue  # blank lines at the end of a sheet
        row, reasons = _check_row(index, raw, courses)
        if row is not None:
            v = row.values
            person = (name_key(v["name"]), v["birth_date"], v["phone"])
            first = by_email.get(email_key(v["email"])) or by_person.get(person)
            if first:
                reasons = [_("Same applicant as row %(row)d.") % {"row": first}]
                row = None
            else:
                by_email[email_key(v["email"])] = index
                by_person[person] = index
        if reasons:
            report.errors.append(RowError(index, tuple(reasons)))
        elif row is not None:
            clean.append(row)
    return report, clean


class _Refused(Exception):
    """Rows refused while writing: everything written is rolled back."""


WRITE_BATCH = 500


def _write(
    *,
    actor: Actor,
    cohort: Cohort,
    operator_id: int,
    filename: str,
    sha256: str,
    clean: list[_Clean],
    report: ImportReport,
    progress: ProgressFn | None = None,
) -> None:
    """Write the checked rows with bulk inserts, inside the caller's transaction; raise
    ``_Refused`` (with the problems in ``report``) if a row clashes with an application
    already here."""
    now = clock.now()
    Cohort.objects.select_for_update().get(pk=cohort.pk)
    existing = list(Application.objects.filter(cohort=cohort))
    known_email = {a.email_key: a for a in existing}
    known_person = {(a.name_key, a.birth_date, a.phone): a for a in existing}
    first_seq, first_number = _next_receipt(cohort)
    receipt_prefix = first_number.rsplit("-", 1)[0]
    new: list[tuple[Application, list[Course]]] = []
    for row in clean:
        v = row.values
        same = known_email.get(email_key(v["email"])) or known_person.get(
            (name_key(v["name"]), v["birth_date"], v["phone"])
        )
        if same is not None:
            if same.name_key != name_key(v["name"]) or same.birth_date != v["birth_date"]:
                report.errors.append(
                    RowError(
                        row.row,
                        (
                            _("Another applicant (%(receipt)s) already uses this email.")
                            % {"receipt": same.receipt_number},
                        ),
                    )
                )
            report.existing += 1
            continue
        seq = first_seq + len(new)
        application = Application(
            cohort=cohort,
            receipt_seq=seq,
            receipt_number=f"{receipt_prefix}-{seq:05d}",
            source=Application.Source.IMPORT,
            imported_by_id=operator_id,
            consent_version="import",
            consent_collection_at=now,
            consent_provision_at=now,
            submitted_at=now,
            **v,
        )
        application.full_clean(
            exclude=["cohort", "imported_by"], validate_unique=False, validate_constraints=False
        )
        application.name_key = name_key(application.name)  # what save() would set
        application.email_key = email_key(application.email)
        new.append((application, row.courses))
        known_email[application.email_key] = application
        known_person[(application.name_key, application.birth_date, application.phone)] = (
            application
        )
    if report.errors:
        report.existing = 0
        raise _Refused
    if progress:
        progress(60, _("Writing the applications"))
    for start in range(0, len(new), WRITE_BATCH):
        chunk = new[start : start + WRITE_BATCH]
        Application.objects.bulk_create([a for a, _courses in chunk])
        ApplicationChoice.objects.bulk_create(
            ApplicationChoice(application=a, course=course, rank=rank)
            for a, courses in chunk
            for rank, course in enumerate(courses, start=1)
        )
        if progress:
            done = start + len(chunk)
            progress(60 + 35 * done // len(new), _("Writing the applications"))
    report.created = len(new)
    event_record(
        actor=actor,
        verb="applications.imported",
        target=cohort,
        operator=operator_id,
        filename=filename,
        sha256=sha256,
        created=report.created,
        existing=report.existing,
    )


def applications_import(
    *, actor: Actor, cohort: Cohort, operator_id: int, filename: str, content: bytes
) -> ImportReport:
    """Check and import a file at once, in the caller's process (tests, scripts); people's
    uploads go through ``applications_import_request``, which runs the same steps in the
    background."""
    _import_allowed(actor, cohort, operator_id)
    report, clean = _check(
        cohort=cohort, operator_id=operator_id, filename=filename, content=content
    )
    if not report.ok:
        return report
    try:
        with transaction.atomic():
            _write(
                actor=actor,
                cohort=cohort,
                operator_id=operator_id,
                filename=filename,
                sha256=hashlib.sha256(content).hexdigest(),
                clean=clean,
                report=report,
            )
    except _Refused:
        report.created = report.existing = 0
    return report


# --- in the background ------------------------------------------------------------------------

UPLOAD_PREFIX = "imports/applications"


def applications_import_request(
    *, actor: Actor, cohort: Cohort, operator_id: int, upload: File
) -> ApplicationImport:
    """Check an uploaded file (its size before reading it, then its type by content), keep
    it in private storage and queue its import; the run shows its progress and result."""
    _import_allowed(actor, cohort, operator_id)
    file_type = table_upload_check(upload, max_bytes=MAX_BYTES)
    stored = table_store(upload, prefix=UPLOAD_PREFIX, file_type=file_type)
    try:
        with transaction.atomic():
            run = ApplicationImport(
                cohort=cohort,
                operator_id=operator_id,
                filename=display_name(upload.name, file_type)[:255],
                upload=stored,
                uploaded_by=actor.user,
                stage=_("Waiting for the background worker"),
            )
            run.full_clean()
            run.save()
            event_record(
                actor=actor,
                verb="applications.import_requested",
                target=run,
                cohort=cohort.pk,
                operator=operator_id,
                filename=run.filename,
            )
    except BaseException:
        table_delete(stored)
        raise
    _enqueue(run)
    run.refresh_from_db()
    return run


def _enqueue(run: ApplicationImport) -> None:
    from careerhub.intake.tasks import applications_import_task

    runs.run_enqueue(
        ApplicationImport,
        run.pk,
        applications_import_task,
        refused=_("The background task runner refused the import: %(error)s"),
    )


def applications_import_execute(*, run_id: int) -> ApplicationImport:
    """Import a queued upload (the background task calls this): claim it, check every row
    (heartbeat and progress meanwhile), then write all of them in one transaction or none.
    The stored upload is deleted either way."""
    return runs.run_execute(
        ApplicationImport,
        run_id,
        _execute,
        describe=_failure_message,
        related=("cohort", "uploaded_by"),
    )


def _failure_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    if isinstance(exc, PermissionDenied):
        return _("The person who uploaded the file may no longer import applications.")
    if isinstance(exc, DatabaseError):
        return _(
            "The connection to the database was lost while the applications were written; "
            "nothing was imported. Upload the file again."
        )
    return _(
        "The import stopped on an unexpected error; nothing was imported. Upload the file again."
    )


def _execute(run: ApplicationImport, beat: runs.Heartbeat) -> None:
    actor = actor_for(run.uploaded_by)
    _import_allowed(actor, run.cohort, run.operator_id)
    beat.progress(2, _("Reading the file"))
    content = table_read(run.upload)
    # the run's row is written by this thread only under ``beat.writing()`` (see there)
    sha256 = hashlib.sha256(content).hexdigest()
    report, clean = _check(
        cohort=run.cohort,
        operator_id=run.operator_id,
        filename=run.filename,
        content=content,
        progress=beat.progress,
    )
    if report.ok:
        try:
            with beat.writing(), transaction.atomic():
                _write(
                    actor=actor,
                    cohort=run.cohort,
                    operator_id=run.operator_id,
                    filename=run.filename,
                    sha256=sha256,
                    clean=clean,
                    report=report,
                    progress=beat.progress,
                )
                if not runs.run_finish(
                    ApplicationImport,
                    run.pk,
                    rows=report.rows,
                    file_sha256=sha256,
                    created_count=report.created,
                    existing_count=report.existing,
                ):
                    raise ValidationError(_("The import was stopped while it ran."))
            return
        except _Refused:
            pass
    bad = len(report.errors)
    message = report.file_error or (
        ngettext(
            "%(n)d row has problems; nothing was imported.",
            "%(n)d rows have problems; nothing was imported.",
            bad,
        )
        % {"n": bad}
    )
    with beat.writing():
        runs.run_fail(
            ApplicationImport,
            run.pk,
            message,
            rows=report.rows,
            file_sha256=sha256,
            errors=[{"row": e.row, "reasons": list(e.reasons)} for e in report.errors],
        )


def import_report(run: ApplicationImport) -> ImportReport:
    """The result of an import run, as the page shows it."""
    report = ImportReport(
        filename=run.filename,
        rows=run.rows,
        created=run.created_count,
        existing=run.existing_count,
        errors=[RowError(e["row"], tuple(e["reasons"])) for e in run.errors or []],
    )
    if run.status == RunStatus.FAILED and not report.errors:
        report.file_error = run.error
    return report
