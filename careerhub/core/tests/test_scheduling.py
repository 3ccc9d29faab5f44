"""The scheduler (careerhub.core.scheduling, manage.py scheduler): each due time of each
periodic task is enqueued once, whatever the number of schedulers."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from careerhub.core import scheduling
from careerhub.core.checks import SCHEDULE_WARNING_ID, check_periodic_tasks
from careerhub.core.models import ScheduledJob
from careerhub.core.scheduling import Schedule

SEOUL = ZoneInfo("Asia/Seoul")
STANDINGS = "careerhub.reports.tasks.standings_refresh_task"
RETENTION = "careerhub.privacy.tasks.retention_enforce_task"
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SEOUL)


def hourly(name: str = "standings", path: str = STANDINGS) -> Schedule:
    return Schedule(name, path, every=3600)


def enqueued_paths() -> list[str]:
    return list(DBTaskResult.objects.order_by("pk").values_list("task_path", flat=True))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"task": STANDINGS, "every": 60}, "without a name"),
        ({"name": "x", "every": 60}, "no task path"),
        ({"name": "x", "task": STANDINGS}, "one of 'every' or 'daily'"),
        ({"name": "x", "task": STANDINGS, "every": 60, "daily": "03:00"}, "one of"),
        ({"name": "x", "task": STANDINGS, "every": 0}, "seconds ≥ 1"),
        ({"name": "x", "task": STANDINGS, "every": "60"}, "seconds ≥ 1"),
        ({"name": "x", "task": STANDINGS, "daily": "25:00"}, "like '03:00'"),
    ],
)
def test_a_malformed_entry_is_refused_with_what_is_wrong(entry, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        scheduling.schedule_parse(entry)


def test_repeated_names_are_refused():
    entries = [{"name": "x", "task": STANDINGS, "every": 60}] * 2
    with override_settings(PERIODIC_TASKS=entries), pytest.raises(ImproperlyConfigured, match="x"):
        scheduling.schedules_from_settings()


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 3, 2, 2, 59, tzinfo=SEOUL), dt.datetime(2026, 3, 2, 3, tzinfo=SEOUL)),
        (dt.datetime(2026, 3, 2, 3, 0, tzinfo=SEOUL), dt.datetime(2026, 3, 3, 3, tzinfo=SEOUL)),
        (dt.datetime(2026, 3, 2, 23, 0, tzinfo=SEOUL), dt.datetime(2026, 3, 3, 3, tzinfo=SEOUL)),
        # 19:00 UTC is 04:00 the next day in Seoul: the next 03:00 is the day after.
        (dt.datetime(2026, 3, 1, 19, 0, tzinfo=dt.UTC), dt.datetime(2026, 3, 3, 3, tzinfo=SEOUL)),
    ],
)
def test_a_daily_task_is_due_at_the_next_seoul_time(now, expected):
    schedule = scheduling.schedule_parse({"name": "r", "task": RETENTION, "daily": "03:00"})
    assert schedule.next_after(now) == expected


@pytest.mark.django_db
def test_sync_makes_one_row_per_schedule_interval_at_once_daily_at_its_time():
    daily = scheduling.schedule_parse({"name": "retention", "task": RETENTION, "daily": "03:00"})
    scheduling.jobs_sync([hourly(), daily], now=NOW)
    scheduling.jobs_sync([hourly(), daily], now=NOW)  # a second scheduler starting
    rows = {j.name: j for j in ScheduledJob.objects.all()}
    assert set(rows) == {"standings", "retention"}
    assert rows["standings"].next_run_at == NOW
    assert rows["standings"].task_path == STANDINGS
    assert rows["retention"].next_run_at == dt.datetime(2026, 3, 3, 3, 0, tzinfo=SEOUL)


@pytest.mark.django_db
def test_sync_brings_a_due_time_forward_when_the_interval_is_shortened_and_follows_a_new_path():
    ScheduledJob.objects.create(
        name="standings", task_path=RETENTION, next_run_at=NOW + dt.timedelta(days=1)
    )
    scheduling.jobs_sync([Schedule("standings", STANDINGS, every=60)], now=NOW)
    job = ScheduledJob.objects.get()
    assert job.next_run_at == NOW + dt.timedelta(seconds=60)
    assert job.task_path == STANDINGS


# transaction=True: db_worker drops a connection left inside a transaction (PostgreSQL).
@pytest.mark.django_db(transaction=True)
def test_a_due_task_is_enqueued_once_and_moved_to_its_next_time(caplog):
    schedules = [hourly()]
    scheduling.jobs_sync(schedules, now=NOW)
    with caplog.at_level(logging.INFO, logger="careerhub.scheduler"):
        done = scheduling.scheduler_tick(schedules, now=NOW)
    assert [d.name for d in done] == ["standings"]
    assert enqueued_paths() == [STANDINGS]
    job = ScheduledJob.objects.get()
    assert job.next_run_at == NOW + dt.timedelta(hours=1)
    assert job.last_run_at == NOW
    assert job.last_task_id == str(DBTaskResult.objects.get().pk)
    assert "enqueued standings" in caplog.text
    # Same moment again, and just before the next due time: nothing more.
    assert scheduling.scheduler_tick(schedules, now=NOW) == []
    assert scheduling.scheduler_tick(schedules, now=NOW + dt.timedelta(minutes=59)) == []
    assert len(enqueued_paths()) == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "-v", "0")  # a worker runs it
    assert len(scheduling.scheduler_tick(schedules, now=NOW + dt.timedelta(hours=1))) == 1
    assert len(enqueued_paths()) == 2


# transaction=True: db_worker drops a connection left inside a transaction (PostgreSQL).
@pytest.mark.django_db(transaction=True)
def test_no_second_copy_is_queued_while_the_previous_one_still_waits(caplog):
    schedules = [Schedule("standings", STANDINGS, every=60)]
    scheduling.jobs_sync(schedules, now=NOW)
    assert len(scheduling.scheduler_tick(schedules, now=NOW)) == 1
    later = NOW + dt.timedelta(minutes=5)
    with caplog.at_level(logging.INFO, logger="careerhub.scheduler"):
        assert scheduling.scheduler_tick(schedules, now=later) == []  # no worker ran it yet
    assert "still waiting" in caplog.text
    assert len(enqueued_paths()) == 1
    assert ScheduledJob.objects.get().next_run_at == later + dt.timedelta(seconds=60)
    call_command("db_worker", "--batch", "--no-startup-delay", "-v", "0")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(scheduling.scheduler_tick(schedules, now=later + dt.timedelta(minutes=1))) == 1
    assert len(enqueued_paths()) == 2


@pytest.mark.django_db
def test_runs_missed_while_no_scheduler_ran_are_done_once_not_once_each():
    schedules = [hourly()]
    ScheduledJob.objects.create(
        name="standings", task_path=STANDINGS, next_run_at=NOW - dt.timedelta(days=2)
    )
    assert len(scheduling.scheduler_tick(schedules, now=NOW)) == 1
    assert scheduling.scheduler_tick(schedules, now=NOW + dt.timedelta(seconds=1)) == []
    assert len(enqueued_paths()) == 1
    assert ScheduledJob.objects.get().next_run_at == NOW + dt.timedelta(hours=1)


@pytest.mark.django_db
def test_of_two_schedulers_that_saw_the_same_due_time_only_one_enqueues():
    schedule = hourly()
    scheduling.jobs_sync([schedule], now=NOW)
    # Scheduler A reads the due row; before it claims it, scheduler B runs the whole tick.
    seen_by_a = ScheduledJob.objects.get()
    assert scheduling.job_run_if_due(schedule, now=NOW) is not None  # B
    assert (
        scheduling.job_claim_and_enqueue(
            schedule, job_id=seen_by_a.pk, due_at=seen_by_a.next_run_at, now=NOW
        )
        is None
    )  # A loses the claim
    assert enqueued_paths() == [STANDINGS]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_schedulers_racing_in_threads_enqueue_each_due_time_once():
    schedule = hourly()
    scheduling.jobs_sync([schedule], now=NOW)
    barrier = threading.Barrier(4)
    results: list[object] = []

    def scheduler() -> None:
        try:
            barrier.wait()
            results.extend(scheduling.scheduler_tick([schedule], now=NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 1
    assert enqueued_paths() == [STANDINGS]


@pytest.mark.django_db
def test_a_missing_task_is_logged_not_enqueued_and_tried_again_later(caplog):
    schedule = Schedule("ghost", "careerhub.nowhere.tasks.ghost_task", every=60)
    scheduling.jobs_sync([schedule], now=NOW)
    with caplog.at_level(logging.ERROR, logger="careerhub.scheduler"):
        assert scheduling.scheduler_tick([schedule], now=NOW) == []
    assert "ghost (careerhub.nowhere.tasks.ghost_task) was not enqueued" in caplog.text
    assert enqueued_paths() == []
    job = ScheduledJob.objects.get()
    # The claim was rolled back with the failed enqueue; the retry comes sooner than a run.
    assert job.next_run_at == NOW + dt.timedelta(seconds=scheduling.RETRY_SECONDS)
    assert job.last_run_at is None
    assert job.last_error.startswith("ModuleNotFoundError")


@pytest.mark.django_db
def test_a_path_to_something_that_is_not_a_task_is_refused():
    schedule = Schedule("plain", "careerhub.reports.services.standings_refresh", every=60)
    scheduling.jobs_sync([schedule], now=NOW)
    assert scheduling.scheduler_tick([schedule], now=NOW) == []
    assert ScheduledJob.objects.get().last_error.startswith("TypeError")
    assert enqueued_paths() == []


def test_the_system_check_warns_of_a_missing_task_path_and_a_malformed_entry():
    entries = [
        {"name": "ok", "task": STANDINGS, "every": 60},
        {"name": "ghost", "task": "careerhub.nowhere.tasks.ghost_task", "every": 60},
        {"name": "bad", "task": STANDINGS},
    ]
    with override_settings(PERIODIC_TASKS=entries):
        warnings = check_periodic_tasks()
    assert [w.id for w in warnings] == [SCHEDULE_WARNING_ID] * 2
    assert "'ghost'" in warnings[0].msg
    assert "'bad'" in warnings[1].msg


def test_the_configured_periodic_tasks_name_the_expected_paths():
    from django.conf import settings

    paths = {entry["name"]: entry["task"] for entry in settings.PERIODIC_TASKS}
    expected = {
        "messages_deliver": "careerhub.messaging.tasks.messages_deliver_task",
        "runs_reap": "careerhub.core.tasks.runs_reap_task",
        "retention_enforce": RETENTION,
        "standings_refresh": STANDINGS,
        "consulting_reminders": "careerhub.consulting.tasks.bookings_remind_task",
        "interview_reminders": "careerhub.applications.tasks.interviews_remind_task",
    }
    assert expected.items() <= paths.items()  # (other apps add theirs)


@pytest.mark.django_db
def test_the_command_once_enqueues_what_is_due_and_a_second_pass_nothing(capsys):
    entries = [
        {"name": "standings_refresh", "task": STANDINGS, "every": 3600},
        {"name": "retention_enforce", "task": RETENTION, "daily": "03:00"},
    ]
    with override_settings(PERIODIC_TASKS=entries):
        call_command("scheduler", "--once")
        call_command("scheduler", "--once")
    assert enqueued_paths() == [STANDINGS]  # the daily one is due at the next 03:00
    assert "enqueued standings_refresh" in capsys.readouterr().out
    assert ScheduledJob.objects.count() == 2
