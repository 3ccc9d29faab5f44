"""Periodic tasks: which are due, and enqueueing each exactly once per due time.

``settings.PERIODIC_TASKS`` lists the schedules, each a dict::

    {"name": "standings_refresh", "task": "careerhub.reports.tasks.standings_refresh_task",
     "every": 3600}                     # seconds between runs, or
    {"name": "retention_enforce", "task": "careerhub.privacy.tasks.retention_enforce_task",
     "daily": "03:00"}                  # once a day at this time in settings.TIME_ZONE

``manage.py scheduler`` runs :func:`scheduler_tick` every few seconds. Each schedule has one
``ScheduledJob`` row with its ``next_run_at``. A due row is claimed by a conditional UPDATE
(``WHERE next_run_at = <the value read>``) in the same transaction as the enqueue: of several
schedulers (on several machines) that see the same due row, only the one whose UPDATE changes
it enqueues; the others change nothing and move on. A run missed while no scheduler was
running is done once on the next tick, not once per missed interval.

The core app names tasks by their dotted path only (``import_string``): it never imports the
apps above it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from careerhub.core.models import ScheduledJob

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import Task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks.base import Task

logger = logging.getLogger("careerhub.scheduler")

# After a failed enqueue (queue unreachable, task path missing) the job is tried again this
# many seconds later, or at its next regular time if that comes first.
RETRY_SECONDS = 30


@dataclass(frozen=True)
class Schedule:
    name: str
    task_path: str
    every: int | None = None  # seconds
    daily: dt.time | None = None  # local time (settings.TIME_ZONE)
    kwargs: dict[str, Any] = field(default_factory=dict)

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        """The first due time strictly after ``moment``."""
        if self.every is not None:
            return moment + dt.timedelta(seconds=self.every)
        assert self.daily is not None
        zone = ZoneInfo(settings.TIME_ZONE)
        local = moment.astimezone(zone)
        candidate = dt.datetime.combine(local.date(), self.daily, tzinfo=zone)
        if candidate <= local:
            candidate = dt.datetime.combine(
                local.date() + dt.timedelta(days=1), self.daily, tzinfo=zone
            )
        return candidate.astimezone(dt.UTC)

    def first_due(self, now: dt.datetime) -> dt.datetime:
        """When a schedule seen for the first time is first due: at once for an interval,
        at the next daily time for a daily one."""
        return now if self.every is not None else self.next_after(now)


def schedule_parse(entry: dict[str, Any]) -> Schedule:
    """One ``PERIODIC_TASKS`` entry as a Schedule; ImproperlyConfigured names what is wrong."""
    name, path = entry.get("name"), entry.get("task")
    if not name or not isinstance(name, str):
        raise ImproperlyConfigured(f"PERIODIC_TASKS entry without a name: {entry!r}")
    if not path or not isinstance(path, str):
        raise ImproperlyConfigured(f"PERIODIC_TASKS[{name!r}] has no task path")
    every, daily = entry.get("every"), entry.get("daily")
    if (every is None) == (daily is None):
        raise ImproperlyConfigured(f"PERIODIC_TASKS[{name!r}] needs one of 'every' or 'daily'")
    if every is not None:
        if not isinstance(every, int) or isinstance(every, bool) or every < 1:
            raise ImproperlyConfigured(f"PERIODIC_TASKS[{name!r}]['every'] must be seconds ≥ 1")
        return Schedule(name, path, every=every, kwargs=dict(entry.get("kwargs", {})))
    try:
        at = dt.time.fromisoformat(str(daily))
    except ValueError:
        raise ImproperlyConfigured(
            f"PERIODIC_TASKS[{name!r}]['daily'] must be a time like '03:00'"
        ) from None
    return Schedule(name, path, daily=at.replace(tzinfo=None), kwargs=dict(entry.get("kwargs", {})))


def schedules_from_settings() -> list[Schedule]:
    schedules = [schedule_parse(entry) for entry in getattr(settings, "PERIODIC_TASKS", [])]
    names = [s.name for s in schedules]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ImproperlyConfigured(f"PERIODIC_TASKS names repeated: {', '.join(duplicates)}")
    return schedules


def task_resolve(path: str) -> Task:
    """The django-tasks Task at ``path``; ImportError or TypeError when there is none."""
    obj = import_string(path)
    if not isinstance(obj, Task):
        raise TypeError(f"{path} is not a task (decorate the function with @task())")
    return obj


def jobs_sync(schedules: Iterable[Schedule], *, now: dt.datetime) -> None:
    """Make sure every schedule has its row, with its task path and a due time no later than
    the schedule allows (a shortened interval takes effect at once). Safe to run from several
    schedulers at once: creation tolerates the other's insert, updates are conditional."""
    for schedule in schedules:
        job, created = ScheduledJob.objects.get_or_create(
            name=schedule.name,
            defaults={"task_path": schedule.task_path, "next_run_at": schedule.first_due(now)},
        )
        if created:
            logger.info("scheduler: %s first due at %s", schedule.name, job.next_run_at)
            continue
        if job.task_path != schedule.task_path:
            ScheduledJob.objects.filter(pk=job.pk).update(task_path=schedule.task_path)
        latest = schedule.next_after(now)
        ScheduledJob.objects.filter(pk=job.pk, next_run_at__gt=latest).update(next_run_at=latest)


@dataclass(frozen=True)
class Enqueued:
    name: str
    due_at: dt.datetime
    task_id: str


def _still_waiting(task: Task, task_id: str) -> str:
    """``task_id`` when that task is still in the queue, not yet started; else ''."""
    if not task_id or not task.get_backend().supports_get_result:
        return ""
    try:
        status = task.get_result(task_id).status
    except Exception:  # gone from the queue (results purged, Redis flushed): enqueue anew
        return ""
    return task_id if status == "READY" else ""


def job_run_if_due(schedule: Schedule, *, now: dt.datetime) -> Enqueued | None:
    """Enqueue ``schedule``'s task if its row is due and this process wins the claim."""
    job = ScheduledJob.objects.filter(name=schedule.name, next_run_at__lte=now).first()
    if job is None:
        return None
    return job_claim_and_enqueue(schedule, job_id=job.pk, due_at=job.next_run_at, now=now)


def job_claim_and_enqueue(
    schedule: Schedule, *, job_id: int, due_at: dt.datetime, now: dt.datetime
) -> Enqueued | None:
    """Move the row from ``due_at`` (the value this process read) to the next due time and
    enqueue, in one transaction; None when another scheduler moved it first or the enqueue
    failed (then nothing is enqueued and the row is due again in RETRY_SECONDS)."""
    following = schedule.next_after(now)
    try:
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(pk=job_id, next_run_at=due_at).update(
                next_run_at=following, last_run_at=now, last_error=""
            )
            if not claimed:
                return None  # another scheduler took this due time
            task = task_resolve(schedule.task_path)
            waiting = _still_waiting(task, ScheduledJob.objects.get(pk=job_id).last_task_id)
            if waiting:
                # The previous run has not started (workers busy or down): one waiting copy
                # is enough, the queue does not fill with a backlog of identical runs.
                logger.info(
                    "scheduler: %s not enqueued again: task %s is still waiting; next at %s",
                    schedule.name,
                    waiting,
                    following.isoformat(),
                )
                return None
            result = task.enqueue(**schedule.kwargs)
            ScheduledJob.objects.filter(pk=job_id).update(last_task_id=str(result.id))
    except Exception as error:  # the claim is rolled back: nothing was enqueued
        retry = min(following, now + dt.timedelta(seconds=RETRY_SECONDS))
        ScheduledJob.objects.filter(pk=job_id, next_run_at=due_at).update(
            next_run_at=retry, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        logger.error(
            "scheduler: %s (%s) was not enqueued, next try at %s: %s: %s",
            schedule.name,
            schedule.task_path,
            retry.isoformat(),
            type(error).__name__,
            error,
        )
        return None
    logger.info(
        "scheduler: enqueued %s (%s) due at %s as task %s; next at %s",
        schedule.name,
        schedule.task_path,
        due_at.isoformat(),
        result.id,
        following.isoformat(),
    )
    return Enqueued(schedule.name, due_at, str(result.id))


def scheduler_tick(
    schedules: Sequence[Schedule], *, now: dt.datetime | None = None
) -> list[Enqueued]:
    """Enqueue every due task this process wins; what was enqueued."""
    now = now or timezone.now()
    enqueued = []
    for schedule in schedules:
        done = job_run_if_due(schedule, now=now)
        if done is not None:
            enqueued.append(done)
    return enqueued


def seconds_until_next(schedules: Sequence[Schedule], *, now: dt.datetime) -> float | None:
    """Seconds until the earliest row of ``schedules`` is due (None: no rows)."""
    earliest = (
        ScheduledJob.objects.filter(name__in=[s.name for s in schedules])
        .order_by("next_run_at")
        .values_list("next_run_at", flat=True)
        .first()
    )
    if earliest is None:
        return None
    return max(0.0, (earliest - now).total_seconds())


def task_path_problems() -> list[tuple[str, str]]:
    """(name, problem) for every schedule whose task cannot be resolved (system check)."""
    problems = []
    for entry in getattr(settings, "PERIODIC_TASKS", []):
        try:
            schedule = schedule_parse(entry)
        except ImproperlyConfigured as error:
            problems.append((str(entry.get("name", "?")), str(error)))
            continue
        try:
            task_resolve(schedule.task_path)
        except (ImportError, TypeError) as error:
            problems.append((schedule.name, f"{type(error).__name__}: {error}"))
    return problems
