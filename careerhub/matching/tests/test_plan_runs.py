"""Cohort plans as recoverable background runs (careerhub.core.runs): a worker killed in the
middle of a plan leaves a run the reaper fails with a reason; the page stops polling, shows
the reason and runs it again; the next run works."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from careerhub.core import runs
from careerhub.core.models import Event
from careerhub.matching import services
from careerhub.matching.models import PlanRun, RunStatus

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def plan(world, mx):
    return services.plan_run_request(actor=world.actor("office"), cohort=mx.course.cohort)


def worker_lost_reason() -> str:
    with translation.override("ko"):
        return runs._reason_worker_lost()


def test_plan_run_is_registered_with_the_reaper():
    assert PlanRun in [kind.model for kind in runs.registered()]


def test_a_run_claims_once_keeps_a_heartbeat_and_counts_the_attempt(world, mx):
    run = plan(world, mx)  # the immediate backend ran it
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.attempts == 1 and run.heartbeat_at is not None and run.progress == 100
    assert not runs.run_claim(PlanRun, run.pk)  # a finished run is never taken up again
    assert services.plan_run_execute(run_id=run.pk).attempts == 1


def test_a_silent_running_run_is_failed_with_the_reason_and_an_event(world, mx, settings):
    settings.TASKS = DB_QUEUE
    stale, fresh = plan(world, mx), plan(world, mx)
    now = timezone.now()
    assert runs.run_claim(PlanRun, stale.pk) and runs.run_claim(PlanRun, fresh.pk)
    PlanRun.objects.filter(pk=stale.pk).update(
        heartbeat_at=now - dt.timedelta(seconds=settings.RUN_HEARTBEAT_TIMEOUT_SECONDS + 1),
        progress=5,
    )
    PlanRun.objects.filter(pk=fresh.pk).update(heartbeat_at=now - dt.timedelta(seconds=30))
    reaped = runs.runs_reap(now=now)
    assert [(r.pk, r.was) for r in reaped] == [(stale.pk, RunStatus.RUNNING)]
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == RunStatus.FAILED and stale.finished_at == now
    assert stale.error == worker_lost_reason()
    assert stale.error == "작업을 처리하던 프로세스가 중단되었습니다. 다시 실행하세요." or (
        stale.error.startswith("The process")  # the Korean catalogue is merged by the lead
    )
    assert fresh.status == RunStatus.RUNNING
    event = Event.objects.get(verb="runs.reaped")
    assert event.target_id == str(stale.pk) and event.data["was"] == "running"
    assert event.data["progress"] == 5
    assert runs.runs_reap(now=now) == []  # once


def test_a_waiting_run_whose_task_the_queue_lost_is_failed(world, mx, settings):
    settings.TASKS = DB_QUEUE
    lost, waiting = plan(world, mx), plan(world, mx)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=lost.task_id).delete()  # the queue's row is gone
    later = timezone.now() + dt.timedelta(seconds=settings.RUN_QUEUED_TIMEOUT_SECONDS + 1)
    assert runs.runs_reap(now=timezone.now()) == []  # not yet past the threshold
    reaped = runs.runs_reap(now=later)
    assert [r.pk for r in reaped] == [lost.pk]
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert lost.status == RunStatus.FAILED and lost.error
    assert waiting.status == RunStatus.QUEUED  # its task still waits in the queue


def test_runs_reap_command_and_task(world, mx, settings, capsys):
    settings.TASKS = DB_QUEUE
    run = plan(world, mx)
    assert runs.run_claim(PlanRun, run.pk)
    PlanRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    call_command("runs_reap")
    assert f"matching.planrun {run.pk}: running -> failed" in capsys.readouterr().out
    from careerhub.core.tasks import runs_reap_task

    assert runs_reap_task.call() == []


def test_the_failed_run_page_stops_polling_shows_the_reason_and_runs_again(
    world, mx, settings, login
):
    settings.TASKS = DB_QUEUE
    run = plan(world, mx)
    runs.run_claim(PlanRun, run.pk)
    client = login(world.users["office"])
    url = reverse("matching:plan_detail", args=[run.pk])
    partial = client.get(url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in partial.content.decode() and "HX-Refresh" not in partial
    PlanRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    runs.runs_reap()
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true"  # the poll ends; the page reloads once
    html = client.get(url).content.decode()
    assert "hx-trigger" not in html
    assert worker_lost_reason() in html and 'data-testid="run-again"' in html
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    response = client.post(reverse("matching:plan_rerun", args=[run.pk]))
    new = PlanRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == reverse("matching:plan_detail", args=[new.pk])
    assert new.status == RunStatus.SUCCEEDED and new.parameters == run.parameters


@pytest.mark.django_db(transaction=True)  # the worker process must see the committed run
def test_a_worker_killed_mid_run_is_recovered(world, mx, settings, login):
    """A real worker process takes up the run and beats; SIGKILL; the beats stop; the reaper
    fails the run; the page says so; the next run works."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("an in-memory SQLite test database cannot be shared with another process")
    settings.TASKS = DB_QUEUE
    run = plan(world, mx)
    db = {k: connection.settings_dict[k] for k in ("ENGINE", "NAME", "USER", "HOST", "PORT")}
    db["PASSWORD"] = connection.settings_dict.get("PASSWORD", "")
    env = dict(os.environ, CAREERHUB_CHILD_DB=json.dumps(db))
    env["DJANGO_SETTINGS_MODULE"] = "careerhub.settings.test"
    child = subprocess.Popen(  # noqa: S603  (our own module, our own interpreter)
        [
            sys.executable,
            "-m",
            "careerhub.core.tests.run_child",
            "matching.PlanRun",
            str(run.pk),
            "0.2",
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING and run.attempts == 1 and run.progress == 5
        first = run.heartbeat_at
        time.sleep(0.6)
        run.refresh_from_db()
        assert run.heartbeat_at > first  # the worker's thread beats
        assert runs.runs_reap() == []  # alive: left alone
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    if connection.vendor == "postgresql":  # the server drops the dead worker's sessions
        deadline = time.monotonic() + 10
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                if cursor.fetchone()[0] == 0:
                    break
                time.sleep(0.1)
    run.refresh_from_db()
    last = run.heartbeat_at
    time.sleep(0.6)
    run.refresh_from_db()
    assert run.heartbeat_at == last and run.status == RunStatus.RUNNING  # silence
    timeout = dt.timedelta(seconds=settings.RUN_HEARTBEAT_TIMEOUT_SECONDS)
    assert runs.runs_reap(now=last + timeout - dt.timedelta(seconds=1)) == []
    assert [r.pk for r in runs.runs_reap(now=last + timeout + dt.timedelta(seconds=1))] == [run.pk]
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error == worker_lost_reason()
    client = login(world.users["office"])
    html = client.get(reverse("matching:plan_detail", args=[run.pk])).content.decode()
    assert run.error in html and "hx-trigger" not in html
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.post(reverse("matching:plan_rerun", args=[run.pk]))
    new = PlanRun.objects.exclude(pk=run.pk).get()
    assert new.status == RunStatus.SUCCEEDED, new.error


@pytest.mark.django_db(transaction=True)  # the beats come from another connection
def test_the_heartbeat_thread_beats_and_reports_progress_on_its_own_connection(world, mx, settings):
    settings.TASKS = DB_QUEUE
    run = plan(world, mx)
    assert runs.run_claim(PlanRun, run.pk)
    PlanRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    with runs.run_heartbeat(PlanRun, run.pk, interval=0.05) as beat:
        beat.progress(40, "절반쯤")
        deadline = time.monotonic() + 10
        while beat.beats < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        run.refresh_from_db()
        assert beat.beats >= 3 and (run.progress, run.stage) == (40, "절반쯤")
        assert timezone.now() - run.heartbeat_at < dt.timedelta(seconds=5)
        assert runs.runs_reap() == []
        with beat.writing():  # the work's write transaction
            pass
    assert not beat._thread.is_alive()  # ended with the block, its connection closed
