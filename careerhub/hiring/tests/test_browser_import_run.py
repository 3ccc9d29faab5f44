"""End to end in Debian's Chromium: a posting import as a background run.

The office uploads a file; the page of the run waits and polls (htmx); the worker (here the
test itself, as ``db_worker`` would) imports it; the page reloads once with the result and
polls no more."""

from __future__ import annotations

import time

import pytest

from careerhub.core.runs import RunStatus
from careerhub.core.tests.browser import chromium_available, chromium_page
from careerhub.hiring import imports
from careerhub.hiring.models import JobPosting, PostingImport
from careerhub.hiring.tests.test_import_runs import csv_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]


def test_the_import_page_follows_the_run_and_stops_polling(
    live_server, transactional_db, world, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    upload = tmp_path / "공고.csv"
    upload.write_bytes(csv_bytes(3))
    base = live_server.url
    with chromium_page() as page:
        polls: list[str] = []
        page.on(
            "request",
            lambda r: polls.append(r.url) if r.headers.get("hx-request") == "true" else None,
        )
        page.goto(f"{base}/login/")
        page.get_by_label("이메일").fill(world.users["office"].email)
        page.get_by_label("비밀번호").fill("pw-for-tests-123")
        page.get_by_role("button", name="로그인").click()
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/hiring/imports/")
        page.set_input_files("input[type=file]", str(upload))
        page.locator("form:has(input[type=file]) button[type=submit]").click()
        batch = PostingImport.objects.get()
        page.wait_for_url(f"{base}/hiring/imports/{batch.pk}/")
        assert batch.status == RunStatus.QUEUED and not JobPosting.objects.exists()
        deadline = time.monotonic() + 15
        while not polls and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        assert polls, "the waiting page polls"
        done = imports.posting_import_execute(run_id=batch.pk)  # the worker
        assert done.status == RunStatus.SUCCEEDED, done.error
        page.get_by_text("데이터 엔지니어 2").wait_for()  # reloaded with the result
        assert page.get_by_test_id("run-status").inner_text() == "완료"
        settled = len(polls)
        page.wait_for_timeout(4500)  # two poll periods
        assert len(polls) == settled, "polling stops at the end"
