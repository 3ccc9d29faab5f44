"""Application imports as background runs: checked and stored by the request, imported all
or nothing by the task with bulk inserts, the upload deleted; a dropped database connection
in the middle of the write leaves nothing and the next import works."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.urls import reverse

from careerhub.core import runs
from careerhub.core.errors import error_codes
from careerhub.core.files import FilesErrorCode
from careerhub.core.runs import RunStatus
from careerhub.intake import importing
from careerhub.intake.models import Application, ApplicationChoice, ApplicationImport
from careerhub.intake.tests.conftest import AFTER, at
from careerhub.intake.tests.test_import import csv_bytes, good_rows

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def many_rows(n: int) -> list[list[str]]:
    template = good_rows()[0]
    return [
        [
            f"지원자{i}",
            "1998-01-05",
            f"p{i}@example.kr",
            f"010-{3000 + i // 10000}-{i % 10000:04d}",
            *template[4:],
        ]
        for i in range(n)
    ]


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.TASKS = DB_QUEUE
    return tmp_path / "private"


def stored(private_root) -> list:
    return [p for p in private_root.rglob("*") if p.is_file()]


def request(world, cohort, content: bytes, name: str = "apps.csv") -> ApplicationImport:
    with at(AFTER):
        return importing.applications_import_request(
            actor=world.actor("staff_a"),
            cohort=cohort,
            operator_id=world.op_a.pk,
            upload=SimpleUploadedFile(name, content),
        )


def execute(run: ApplicationImport) -> ApplicationImport:
    with at(AFTER):
        return importing.applications_import_execute(run_id=run.pk)


def test_application_import_is_registered_with_the_reaper():
    assert ApplicationImport in [kind.model for kind in runs.registered()]


def test_a_queued_import_runs_in_the_background_and_deletes_the_upload(world, cohort, private_root):
    run = request(world, cohort, csv_bytes(good_rows()))
    assert run.status == RunStatus.QUEUED and run.task_id and len(stored(private_root)) == 1
    assert not Application.objects.exists()
    done = execute(run)
    assert done.status == RunStatus.SUCCEEDED, done.error
    assert (done.rows, done.created_count, done.existing_count) == (3, 3, 0)
    assert Application.objects.count() == 3 and ApplicationChoice.objects.count() == 3
    first = Application.objects.order_by("receipt_seq").first()
    assert first.receipt_number.endswith("-00001") and first.email_key == "sky@example.kr"
    assert done.upload == "" and stored(private_root) == []
    again = execute(request(world, cohort, csv_bytes(good_rows())))
    assert (again.created_count, again.existing_count) == (0, 3)


def test_bad_rows_fail_the_run_with_row_numbers_and_write_nothing(world, cohort, private_root):
    rows = good_rows()
    rows[1][2] = "not-an-email"  # row 3
    done = execute(request(world, cohort, csv_bytes(rows)))
    assert done.status == RunStatus.FAILED and [e["row"] for e in done.errors] == [3]
    assert "not-an-email" in done.errors[0]["reasons"][0]
    assert not Application.objects.exists() and stored(private_root) == []
    report = importing.import_report(done)
    assert not report.ok and report.errors[0].row == 3


def test_the_page_polls_until_the_import_ends(world, cohort, login):
    run = request(world, cohort, csv_bytes(good_rows()))
    client = login(world.users["staff_a"])
    url = reverse("intake:cohort_import", args=[cohort.pk]) + f"?run={run.pk}"
    with at(AFTER):
        partial = client.get(url, headers={"HX-Request": "true"})
        assert 'hx-trigger="every 2s"' in partial.content.decode()
        execute(run)
        assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"
        html = client.get(url).content.decode()
    assert "hx-trigger" not in html and run.filename in html


def test_a_too_large_file_is_refused_before_it_is_read(world, cohort, private_root):
    big = SimpleUploadedFile("apps.csv", b"x")
    big.size = importing.MAX_BYTES + 1  # as Django counted it while receiving
    big.file = None  # reading it would fail the test
    with pytest.raises(ValidationError) as exc:
        request_upload(world, cohort, big)
    assert error_codes(exc.value) == {FilesErrorCode.FILE_SIZE}
    assert not ApplicationImport.objects.exists() and stored(private_root) == []


def request_upload(world, cohort, upload):
    with at(AFTER):
        return importing.applications_import_request(
            actor=world.actor("staff_a"), cohort=cohort, operator_id=world.op_a.pk, upload=upload
        )


def test_a_dropped_connection_mid_write_leaves_nothing_and_the_next_import_works(
    world, cohort, private_root
):
    rows = csv_bytes(many_rows(2 * importing.WRITE_BATCH + 50))
    inserts = []

    def drop(execute_sql, sql, params, many, context):
        if sql.startswith('INSERT INTO "intake_application"'):
            inserts.append(sql)
            if len(inserts) == 2:
                raise OperationalError("server closed the connection unexpectedly")
        return execute_sql(sql, params, many, context)

    run = request(world, cohort, rows)
    with connection.execute_wrapper(drop):
        failed = execute(run)
    assert len(inserts) == 2 and failed.status == RunStatus.FAILED
    assert failed.error == importing._failure_message(OperationalError())
    assert not Application.objects.exists() and not ApplicationChoice.objects.exists()
    assert stored(private_root) == []
    done = execute(request(world, cohort, rows))
    assert done.status == RunStatus.SUCCEEDED, done.error
    assert Application.objects.count() == 2 * importing.WRITE_BATCH + 50 == done.created_count
