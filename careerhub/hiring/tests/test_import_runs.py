"""Posting imports as background runs: the upload is checked (size before reading, type by
content) and queued; the task checks every row, then writes all of them in one transaction
or nothing; the stored upload is deleted; the database connection dropped in the middle of
the write leaves nothing half-written, a failed run with the reason, and the next import
works."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import OperationalError, connection, connections
from django.urls import reverse

from careerhub.companies.models import Company
from careerhub.core import runs
from careerhub.core.errors import error_codes
from careerhub.core.files import FilesErrorCode
from careerhub.core.models import Event
from careerhub.core.runs import RunStatus
from careerhub.hiring import imports
from careerhub.hiring.models import JobPosting, PostingImport

HEADER = [
    "기업명",
    "사업자등록번호",
    "공고명",
    "직무",
    "상세내용",
    "근무지역",
    "모집인원",
    "마감일",
]
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def csv_bytes(n: int, *, bad_rows: tuple[int, ...] = ()) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(n):
        number = "123-45-67890" if i + 2 in bad_rows else "124-81-00998"
        writer.writerow(
            ["(주)좋은기업", number, f"데이터 엔지니어 {i}", "", "", "광주", "1", "2027-01-10"]
        )
    return out.getvalue().encode("utf-8-sig")


def upload(content: bytes, name: str = "postings.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.TASKS = DB_QUEUE
    return tmp_path / "private"


def stored(private_root) -> list:
    return [p for p in private_root.rglob("*") if p.is_file()]


def test_posting_import_is_registered_with_the_reaper():
    assert PostingImport in [kind.model for kind in runs.registered()]


def test_the_request_stores_the_file_and_queues_the_run(world, private_root):
    batch = imports.posting_import_request(actor=world.actor("office"), upload=upload(csv_bytes(3)))
    assert batch.status == RunStatus.QUEUED and batch.task_id and batch.upload
    assert [p.name for p in stored(private_root)] == [batch.upload.rsplit("/", 1)[1]]
    assert not JobPosting.objects.exists()
    done = imports.posting_import_execute(run_id=batch.pk)
    assert done.status == RunStatus.SUCCEEDED, done.error
    assert (done.rows, done.created_count, done.progress) == (3, 3, 100)
    assert done.attempts == 1 and done.file_sha256 and done.heartbeat_at
    assert JobPosting.objects.filter(import_batch=done).count() == 3
    assert done.upload == "" and stored(private_root) == []  # personal data: deleted
    assert Event.objects.filter(verb="postings.imported", target_id=str(done.pk)).exists()
    again = imports.posting_import_execute(run_id=batch.pk)  # a second delivery of the task
    assert again.attempts == 1 and JobPosting.objects.count() == 3


def test_a_refusing_task_queue_fails_the_import_and_deletes_the_upload(
    world, private_root, monkeypatch
):
    from careerhub.hiring import tasks

    class Down:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue is down")

    monkeypatch.setattr(tasks, "posting_import_task", Down())
    batch = imports.posting_import_request(actor=world.actor("office"), upload=upload(csv_bytes(3)))
    assert batch.status == RunStatus.FAILED and "queue is down" in batch.error
    assert batch.upload == "" and stored(private_root) == []  # personal data: deleted
    assert not JobPosting.objects.exists()


def test_bad_rows_fail_the_run_with_their_numbers_and_write_nothing(
    world, private_root, login, settings
):
    settings.TASKS = IMMEDIATE
    client = login(world.users["office"])
    response = client.post(
        reverse("hiring:import_list"), {"file": upload(csv_bytes(4, bad_rows=(3, 5)))}
    )
    batch = PostingImport.objects.get()
    assert response["Location"] == reverse("hiring:import_detail", args=[batch.pk])
    assert batch.status == RunStatus.FAILED and batch.rows == 4
    assert [(e["row"], e["column"]) for e in batch.errors] == [
        (3, "사업자등록번호"),
        (5, "사업자등록번호"),
    ]
    assert not JobPosting.objects.exists() and stored(private_root) == []
    html = client.get(response["Location"]).content.decode()
    assert 'role="alert"' in html and "123-45-67890" in html and 'data-testid="run-again"' in html
    assert "hx-trigger" not in html


def test_the_page_polls_while_the_import_waits_and_stops_when_it_ends(world, login):
    batch = imports.posting_import_request(actor=world.actor("office"), upload=upload(csv_bytes(2)))
    client = login(world.users["office"])
    url = reverse("hiring:import_detail", args=[batch.pk])
    partial = client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in partial.content.decode() and "HX-Refresh" not in partial
    imports.posting_import_execute(run_id=batch.pk)
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true"
    html = client.get(url).content.decode()
    assert "데이터 엔지니어 1" in html and "hx-trigger" not in html
    assert login(world.users["staff_b"]).get(url).status_code == 404


class CountingUpload(TemporaryUploadedFile):
    """A real temporary-file upload (what Django makes of a large one) that counts reads."""

    reads = 0

    def read(self, *args, **kwargs):
        self.reads += 1
        return super().read(*args, **kwargs)

    def chunks(self, *args, **kwargs):
        self.reads += 1
        return super().chunks(*args, **kwargs)


def test_a_too_large_upload_is_refused_without_reading_it(world, private_root, settings):
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE < imports.MAX_BYTES  # big files go to disk
    big = CountingUpload("postings.csv", "text/csv", 0, "utf-8")
    big.file.write(b"x" * (imports.MAX_BYTES + 1))
    big.size = imports.MAX_BYTES + 1
    big.reads = 0
    with pytest.raises(ValidationError) as exc:
        imports.posting_import_request(actor=world.actor("office"), upload=big)
    assert error_codes(exc.value) == {FilesErrorCode.FILE_SIZE}
    assert big.reads == 0
    assert not PostingImport.objects.exists() and stored(private_root) == []
    big.close()


def test_the_web_form_refuses_a_large_or_disguised_file(world, login, private_root):
    client = login(world.users["office"])
    url = reverse("hiring:import_list")
    big = upload(b"a," * (imports.MAX_BYTES // 2 + 1))
    response = client.post(url, {"file": big})
    assert response.status_code == 200 and "5 MB" in response.content.decode()
    program = upload(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, name="postings.csv")
    assert client.post(url, {"file": program}).status_code == 200
    fake = upload("기업명,공고명\n".encode(), name="postings.xlsx")
    assert client.post(url, {"file": fake}).status_code == 200
    assert not PostingImport.objects.exists() and stored(private_root) == []


# --- the database connection dropped in the middle of the write -------------------------------

ROWS = 2 * imports.WRITE_BATCH + 100  # three bulk inserts: the drop comes after the first


class DropAtSecondInsert:
    """Fails the second INSERT of postings as a lost connection does (``execute_wrapper``);
    on PostgreSQL it really ends the connection from another one (``pg_terminate_backend``)."""

    def __init__(self, terminate: bool):
        self.terminate = terminate
        self.inserts = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "hiring_jobposting"'):
            self.inserts += 1
            if self.inserts == 2:
                if not self.terminate:
                    raise OperationalError("server closed the connection unexpectedly")
                pid = context["connection"].connection.info.backend_pid
                other = connections.create_connection("default")
                try:
                    with other.cursor() as cursor:
                        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
                finally:
                    other.close()
        return execute(sql, params, many, context)


def _drop_and_recover(world, private_root, *, terminate: bool) -> None:
    companies = Company.objects.count()
    batch = imports.posting_import_request(
        actor=world.actor("office"), upload=upload(csv_bytes(ROWS))
    )
    drop = DropAtSecondInsert(terminate)
    with connection.execute_wrapper(drop):
        failed = imports.posting_import_execute(run_id=batch.pk)
    assert drop.inserts == 2  # the first 500 postings had been written in the transaction
    assert failed.status == RunStatus.FAILED
    assert failed.error == imports._failure_message(OperationalError())
    assert not JobPosting.objects.exists() and Company.objects.count() == companies
    assert failed.upload == "" and stored(private_root) == []
    # the next import works
    again = imports.posting_import_request(
        actor=world.actor("office"), upload=upload(csv_bytes(ROWS))
    )
    done = imports.posting_import_execute(run_id=again.pk)
    assert done.status == RunStatus.SUCCEEDED, done.error
    assert JobPosting.objects.count() == ROWS == done.created_count


def test_a_dropped_connection_mid_write_leaves_nothing_half_written(world, private_root):
    _drop_and_recover(world, private_root, terminate=False)


@pytest.mark.django_db(transaction=True)  # the server really ends the connection
def test_a_terminated_postgresql_connection_mid_write_leaves_nothing(world, private_root):
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    _drop_and_recover(world, private_root, terminate=True)
