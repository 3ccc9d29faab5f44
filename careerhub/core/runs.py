"""Long runs in the background (cohort plans, imports): one mechanism for all of them.

A run is a row of a model that mixes in ``RunMixin``: its status (waiting, running, done,
failed), progress, stage, why it failed, the task that carries it, how many times a worker
took it up, and a heartbeat. The work itself is done by a task, which

- claims the run (``run_claim``: waiting → running, one worker only),
- keeps it alive with ``run_heartbeat`` (a daemon thread, with its own database connection,
  touches ``heartbeat_at`` every ``RUN_HEARTBEAT_SECONDS`` and writes the progress the work
  reports through ``Heartbeat.progress`` — from its own connection, so the progress shows
  while the work holds a long transaction open),
- and ends it (``run_finish`` / ``run_fail``).

A worker that dies (killed, out of memory, machine lost) stops the heartbeat. ``runs_reap``
(the task ``careerhub.core.tasks.runs_reap_task``, run every minute by the scheduler, and
``manage.py runs_reap``) marks a running run whose heartbeat is older than
``RUN_HEARTBEAT_TIMEOUT_SECONDS`` as failed with a reason a person can act on, and so does it
for a waiting run whose task the task backend reports failed or lost for longer than
``RUN_QUEUED_TIMEOUT_SECONDS``. Failing — not re-queueing — is the choice: a run's page says
what happened and offers to run it again, and the person decides (an import may have been
superseded, a plan's inputs may have changed). Each reaped run gets an event row.

``core`` knows no run model: each app registers its own from its ``AppConfig.ready``
(``runs.register(PlanRun, on_failed=...)``).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)


class RunStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Waiting to run")
    RUNNING = "running", gettext_lazy("Running")
    SUCCEEDED = "succeeded", gettext_lazy("Done")
    FAILED = "failed", gettext_lazy("Failed")


TERMINAL = (RunStatus.SUCCEEDED, RunStatus.FAILED)


class RunMixin(models.Model):
    """The fields of a background run. Subclasses add what the run is about."""

    status = models.CharField(
        gettext_lazy("status"),
        max_length=16,
        choices=RunStatus.choices,
        default=RunStatus.QUEUED,
    )
    progress = models.PositiveSmallIntegerField(
        gettext_lazy("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    stage = models.CharField(gettext_lazy("stage"), max_length=100, blank=True)
    error = models.TextField(gettext_lazy("why it failed"), blank=True)
    task_id = models.CharField(gettext_lazy("task"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(
        gettext_lazy("times a worker took it up"), default=0
    )
    queued_at = models.DateTimeField(gettext_lazy("queued at"), default=timezone.now)
    started_at = models.DateTimeField(gettext_lazy("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(gettext_lazy("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(gettext_lazy("finished at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in TERMINAL


# --- the registry -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RunKind:
    model: type[RunMixin]
    on_failed: Callable[[Any], None] | None = None
    """Called with a run that ``runs_reap`` failed (e.g. to delete its stored upload)."""


_REGISTRY: dict[str, RunKind] = {}


def register(model: type[RunMixin], *, on_failed: Callable[[Any], None] | None = None) -> None:
    _REGISTRY[model._meta.label_lower] = RunKind(model=model, on_failed=on_failed)


def registered() -> list[RunKind]:
    return list(_REGISTRY.values())


# --- the life of a run (called by the task) ----------------------------------------------------


def run_enqueue(model: type[RunMixin], pk: int, task: Any, *, refused: str) -> bool:
    """Hand a waiting run to the task queue and remember its task id. If the queue refuses
    (backend down or misconfigured) the run fails at once with ``refused`` (a message with an
    ``%(error)s`` placeholder) and the kind's ``on_failed`` clean-up runs; False then."""
    try:
        result = task.enqueue(pk)
    except Exception as exc:
        logger.exception("could not enqueue %s %s", model._meta.label_lower, pk)
        run_fail(model, pk, refused % {"error": exc})
        kind = _REGISTRY.get(model._meta.label_lower)
        if kind is not None and kind.on_failed is not None:
            kind.on_failed(model._default_manager.get(pk=pk))
        return False
    model._default_manager.filter(pk=pk).update(task_id=str(result.id)[:64])
    return True


def run_execute(
    model: type[RunMixin],
    run_id: int,
    work: Callable[[Any, Heartbeat], None],
    *,
    describe: Callable[[Exception], str],
    related: tuple[str, ...] = (),
) -> Any:
    """What a run's task does: claim the run (another worker's copy returns at once), do
    ``work(run, beat)`` under a heartbeat, fail the run with ``describe(exc)`` on any error,
    and always run the clean-up registered for the kind (``register(on_failed=...)``, e.g.
    deleting an import's stored upload). Returns the run as it ended."""
    manager = model._default_manager
    if not run_claim(model, run_id):
        return manager.get(pk=run_id)
    run = manager.select_related(*related).get(pk=run_id)
    kind = _REGISTRY.get(model._meta.label_lower)
    try:
        with run_heartbeat(model, run_id) as beat:
            work(run, beat)
    except Exception as exc:
        logger.exception("%s %s failed", model._meta.label_lower, run_id)
        run_fail(model, run_id, describe(exc))
    finally:
        if kind is not None and kind.on_failed is not None:
            kind.on_failed(run)
    run.refresh_from_db()
    return run


def run_claim(model: type[RunMixin], pk: int) -> bool:
    """Waiting → running for exactly one worker; False if the run is not waiting."""
    now = timezone.now()
    return bool(
        model._default_manager.filter(pk=pk, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING,
            started_at=now,
            heartbeat_at=now,
            progress=1,
            attempts=F("attempts") + 1,
        )
    )


def run_fail(model: type[RunMixin], pk: int, error: str, **fields: Any) -> bool:
    """Mark a run that has not finished as failed with ``error``; False if it had finished."""
    return bool(
        model._default_manager.filter(pk=pk)
        .exclude(status__in=TERMINAL)
        .update(
            status=RunStatus.FAILED,
            error=(error or "?")[:2000],
            stage="",
            finished_at=timezone.now(),
            **fields,
        )
    )


def run_finish(model: type[RunMixin], pk: int, **fields: Any) -> bool:
    """Running → done (with the run's results in ``fields``); False if it was not running
    (reaped meanwhile): the caller's transaction should then roll back."""
    return bool(
        model._default_manager.filter(pk=pk, status=RunStatus.RUNNING).update(
            status=RunStatus.SUCCEEDED,
            progress=100,
            stage="",
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
            **fields,
        )
    )


def run_progress(model: type[RunMixin], pk: int, progress: int, stage: str = "") -> None:
    """Progress and a heartbeat, written on the caller's connection (outside a transaction
    this is seen at once; inside one, use ``Heartbeat.progress``)."""
    model._default_manager.filter(pk=pk, status=RunStatus.RUNNING).update(
        progress=max(0, min(100, int(progress))), stage=stage[:100], heartbeat_at=timezone.now()
    )


def heartbeat_seconds() -> float:
    return float(getattr(settings, "RUN_HEARTBEAT_SECONDS", 10))


class Heartbeat:
    """What ``run_heartbeat`` yields: ``progress(percent, stage)`` reports progress, written
    by the heartbeat thread on its own connection (so it shows while the work holds a
    transaction open)."""

    def __init__(self, model: type[RunMixin], pk: int, interval: float) -> None:
        self.model = model
        self.pk = pk
        self.interval = interval
        self.beats = 0
        self._pending: tuple[int, str] | None = None
        self._lock = threading.Lock()
        self._db_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._loop, name=f"heartbeat-{model._meta.label_lower}-{pk}", daemon=True
        )

    def progress(self, percent: int, stage: str = "") -> None:
        with self._lock:
            self._pending = (max(0, min(100, int(percent))), stage[:100])
        self._wake.set()

    def _beat(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
        fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
        if pending is not None:
            fields["progress"], fields["stage"] = pending
        try:
            with self._db_lock:
                self.model._default_manager.filter(pk=self.pk, status=RunStatus.RUNNING).update(
                    **fields
                )
            self.beats += 1
        except DatabaseError:  # locked (SQLite) or the server is away: try again next beat
            logger.warning("heartbeat of %s %s missed", self.model._meta.label, self.pk)
            if pending is not None:
                with self._lock:
                    self._pending = self._pending or pending

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Wrap the work's write transaction, and any write of the run's own row the work
        makes while the heartbeat runs. SQLite has one writer at a time: a beat committed
        in the middle of that transaction would make its next write fail (and two writers
        of one table collide). There the beats wait until the block ends (a write phase is
        far shorter than the reaper's timeout). Elsewhere the beats go on, and the
        progress shows while the work writes."""
        if connections[DEFAULT_DB_ALIAS].vendor != "sqlite":
            yield
            return
        with self._db_lock:
            yield

    def _loop(self) -> None:
        try:
            self._beat()
            while not self._stop.is_set():
                self._wake.wait(self.interval)
                self._wake.clear()
                if self._stop.is_set():
                    break
                self._beat()
        finally:
            connections.close_all()  # this thread's own connections

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=max(5.0, self.interval))


@contextmanager
def run_heartbeat(
    model: type[RunMixin], pk: int, *, interval: float | None = None
) -> Iterator[Heartbeat]:
    """Keep run ``pk`` alive while the block runs: a daemon thread with its own database
    connection touches ``heartbeat_at`` every ``interval`` seconds (``RUN_HEARTBEAT_SECONDS``)
    and writes reported progress; the thread and its connection end with the block. If the
    process dies, the beats stop and ``runs_reap`` fails the run."""
    beat = Heartbeat(model, pk, heartbeat_seconds() if interval is None else interval)
    beat.start()
    try:
        yield beat
    finally:
        beat.stop()


# --- reaping ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reaped:
    label: str
    pk: int
    was: str
    reason: str


def _reason_worker_lost() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("The process that was running this job stopped. Run it again.")


def _reason_task_lost() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("The job never started: the background worker lost it. Run it again.")


def _task_lost(task_id: str) -> bool | None:
    """True if the task backend reports the task failed, finished or unknown; False if it is
    still waiting or running; None if the backend cannot tell (it keeps no results)."""
    if not task_id:
        return True
    try:
        from django.tasks import (  # type: ignore[import-not-found,unused-ignore]
            default_task_backend,
        )
        from django.tasks.base import (  # type: ignore[import-not-found,unused-ignore]
            TaskResultStatus,
        )
        from django.tasks.exceptions import (  # type: ignore[import-not-found,unused-ignore]
            TaskResultDoesNotExist,
        )
    except ImportError:  # Django 5.2: the django-tasks backport
        from django_tasks import default_task_backend
        from django_tasks.base import TaskResultStatus
        from django_tasks.exceptions import TaskResultDoesNotExist

    if not default_task_backend.supports_get_result:
        return None
    try:
        result = default_task_backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return True
    except Exception:  # the backend is unreachable or the row unreadable: decide next time
        logger.exception("cannot read task %s", task_id)
        return None
    return result.status not in (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def runs_reap(*, now: dt.datetime | None = None) -> list[Reaped]:
    """Fail every registered run whose worker is gone (see the module's docstring)."""
    from careerhub.core.models import event_record

    now = now or timezone.now()
    stale_after = dt.timedelta(seconds=getattr(settings, "RUN_HEARTBEAT_TIMEOUT_SECONDS", 120))
    queued_after = dt.timedelta(seconds=getattr(settings, "RUN_QUEUED_TIMEOUT_SECONDS", 600))
    reaped: list[Reaped] = []
    for kind in registered():
        manager = kind.model._default_manager
        candidates: list[tuple[Any, str]] = []
        stale = manager.filter(status=RunStatus.RUNNING).filter(
            Q(heartbeat_at__lt=now - stale_after)
            | Q(heartbeat_at__isnull=True, started_at__lt=now - stale_after)
            | Q(heartbeat_at__isnull=True, started_at__isnull=True)
        )
        candidates += [(run, _reason_worker_lost()) for run in stale]
        waiting = manager.filter(status=RunStatus.QUEUED, queued_at__lt=now - queued_after)
        candidates += [
            (run, _reason_task_lost()) for run in waiting if _task_lost(run.task_id) is True
        ]
        for run, reason in candidates:
            updated = manager.filter(pk=run.pk, status=run.status).update(
                status=RunStatus.FAILED, error=reason, stage="", finished_at=now
            )
            if not updated:
                continue  # it moved on meanwhile (finished, or another reaper got it)
            event_record(
                actor=None,
                verb="runs.reaped",
                target=run,
                was=run.status,
                progress=run.progress,
                attempts=run.attempts,
                heartbeat_at=run.heartbeat_at.isoformat() if run.heartbeat_at else None,
                reason=reason,
            )
            logger.warning(
                "reaped %s %s (%s): %s", kind.model._meta.label, run.pk, run.status, reason
            )
            if kind.on_failed is not None:
                run.refresh_from_db()
                try:
                    kind.on_failed(run)
                except Exception:
                    logger.exception(
                        "clean-up of reaped %s %s failed", kind.model._meta.label, run.pk
                    )
            reaped.append(Reaped(kind.model._meta.label_lower, run.pk, run.status, reason))
    return reaped
