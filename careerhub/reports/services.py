"""Writes of the reports app: keeping the standings in step with the ledger.

``standings_refresh`` is called through ``standings_refresh_for_read`` by the report views
before every dashboard read (the selectors only read; a read without changes writes nothing),
hourly by the scheduler and nightly by ``manage.py reports_refresh --full``. It rebuilds only
the trainees whose record, outcomes, intent or course changed since the last refresh, so a
dashboard over a national-scale program costs a handful of indexed queries instead of
classifying every trainee again.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from careerhub.academy.models import Course, Trainee
from careerhub.outcomes import rules
from careerhub.outcomes import selectors as outcome_selectors
from careerhub.outcomes.models import Outcome, OutcomeType
from careerhub.reports.models import RefreshMark, Standing, TraineeSnapshot

# Changes committed by a transaction that started before the last refresh but finished
# after it carry an older timestamp; looking this far back catches them
# (settings.REPORTS_REFRESH_OVERLAP_SECONDS overrides).
OVERLAP_SECONDS = 10
# Above this share of dirty trainees one full rebuild is cheaper than many small ones.
FULL_REBUILD_SHARE = 0.2
BATCH = 5000
MARK_KEY = "standings"


@dataclass(frozen=True)
class RefreshResult:
    full: bool
    trainees: int
    standings: int
    seconds: float
    generation: int
    generation_token: str


def rules_signature(active: Iterable[outcome_selectors.ActiveRule]) -> str:
    return ";".join(f"{r.code}:{r.version}" for r in active)


def _dirty_trainee_ids(since: dt.datetime) -> set[int]:
    ids = set(Trainee.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    ids.update(Outcome.objects.filter(updated_at__gte=since).values_list("trainee_id", flat=True))
    changed_courses = Course.objects.filter(updated_at__gte=since).values("pk")
    ids.update(Trainee.objects.filter(course_id__in=changed_courses).values_list("pk", flat=True))
    # Intents carry no timestamp: compare what was counted with what is recorded now.
    ids.update(
        TraineeSnapshot.objects.exclude(
            intent=Coalesce(F("trainee__enrolment_intent__intent"), Value(""))
        ).values_list("trainee_id", flat=True)
    )
    return ids


def standings_refresh(*, full: bool = False, today: dt.date | None = None) -> RefreshResult:
    """Bring the standings up to date with the ledger and the rule sets in force ``today``."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    active = outcome_selectors.rule_sets_in_force(on=today)
    signature = rules_signature(active)
    now = timezone.now()
    with transaction.atomic():
        mark, _created = RefreshMark.objects.select_for_update().get_or_create(key=MARK_KEY)
        rebuild_all = full or mark.watermark is None or mark.rules_signature != signature
        ids: set[int] | None = None
        if not rebuild_all:
            assert mark.watermark is not None
            overlap = getattr(settings, "REPORTS_REFRESH_OVERLAP_SECONDS", OVERLAP_SECONDS)
            ids = _dirty_trainee_ids(mark.watermark - dt.timedelta(seconds=overlap))
            if ids and len(ids) > FULL_REBUILD_SHARE * max(1, TraineeSnapshot.objects.count()):
                rebuild_all, ids = True, None
        trainees, standings = (0, 0) if ids == set() else _rebuild(active, ids)
        mark.rules_signature = signature
        mark.watermark = now
        mark.refreshed_at = timezone.now()
        mark.trainees_refreshed = trainees
        if rebuild_all or trainees or not mark.generation_token:
            mark.generation += 1
            mark.generation_token = uuid.uuid4().hex
        mark.save()
    return RefreshResult(
        full=rebuild_all,
        trainees=trainees,
        standings=standings,
        seconds=time.perf_counter() - started,
        generation=mark.generation,
        generation_token=mark.generation_token,
    )


def standings_refresh_for_read(*, today: dt.date | None = None) -> RefreshResult | None:
    """What a dashboard calls before it reads: ``standings_refresh`` off the read path.

    Most reads find nothing changed since the last refresh: they take no lock and write
    nothing (the refresh itself locks the mark row and writes it, which made every dashboard
    read of every worker wait in one line). A read that finds changes refreshes them as
    before, unless another request is refreshing at this moment: then it does not wait and
    reads the figures as they stand, which that refresh brings up to date a moment later.
    The scheduler's ``standings_refresh_task`` catches up when nobody reads. Returns the
    refresh's result, or None when this read did not refresh."""
    today = today or timezone.localdate()
    mark = RefreshMark.objects.filter(key=MARK_KEY).first()
    if mark is None or mark.watermark is None:
        return standings_refresh(today=today)  # never built: the first reader builds them
    signature = rules_signature(outcome_selectors.rule_sets_in_force(on=today))
    if mark.rules_signature == signature:
        overlap = getattr(settings, "REPORTS_REFRESH_OVERLAP_SECONDS", OVERLAP_SECONDS)
        if not _dirty_trainee_ids(mark.watermark - dt.timedelta(seconds=overlap)):
            return None
    with transaction.atomic():
        free = RefreshMark.objects.select_for_update(skip_locked=True).filter(key=MARK_KEY)
        if not list(free.values_list("pk", flat=True)[:1]):
            return None  # another request holds the mark: it is refreshing right now
        return standings_refresh(today=today)


def _delete(ids: set[int] | None) -> None:
    # Raw deletes: the rows are derived data with no dependants outside this app, so
    # Django's collector (which would load every row first) is not needed.
    standings = Standing.objects.all()
    snapshots = TraineeSnapshot.objects.all()
    if ids is not None:
        id_list = list(ids)
        standings = standings.filter(snapshot_id__in=id_list)
        snapshots = snapshots.filter(trainee_id__in=id_list)
    for qs in (standings, snapshots):
        qs._raw_delete(qs.db)


def _chunks(ids: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _rebuild(active: list[outcome_selectors.ActiveRule], ids: set[int] | None) -> tuple[int, int]:
    _delete(ids)
    if ids is None:
        return _rebuild_some(active, Trainee.objects.all())
    trainees = standings = 0
    for chunk in _chunks(sorted(ids), BATCH):
        t, s = _rebuild_some(active, Trainee.objects.filter(pk__in=chunk))
        trainees, standings = trainees + t, standings + s
    return trainees, standings


@dataclass
class _Hire:
    start: dt.date
    in_city: bool
    role_id: int | None


def _hires(trainees) -> tuple[dict[int, _Hire], set[int]]:
    """Each trainee's first confirmed job, and who has a confirmed job or company at all."""
    first: dict[int, _Hire] = {}
    placed: set[int] = set()
    rows = (
        Outcome.objects.filter(
            status=Outcome.Status.CONFIRMED,
            outcome_type__in=(OutcomeType.EMPLOYED, OutcomeType.STARTUP),
            trainee__in=trainees.values("pk"),
        )
        .order_by("trainee_id", "start_date", "pk")
        .values_list("trainee_id", "outcome_type", "start_date", "in_city", "job_role_id")
    )
    for tid, kind, start, in_city, role_id in rows.iterator(chunk_size=BATCH):
        placed.add(tid)
        if kind == OutcomeType.EMPLOYED and tid not in first:
            first[tid] = _Hire(start, in_city, role_id)
    return first, placed


def success_month(params: rules.RuleParams, facts: rules.TraineeFacts) -> int | None:
    """The first whole month after completion at which the calculator already counts the
    trainee a success, using only the episodes begun by then (0: at completion)."""
    done = facts.completed_on
    if done is None:
        return None
    candidates = sorted(
        {_months_until(done, ep.start_date) for ep in facts.episodes if ep.start_date}
    )
    for months in candidates:
        cut = rules.add_months(done, months)
        seen = tuple(ep for ep in facts.episodes if ep.start_date <= cut)
        verdict = rules.classify(
            params,
            rules.TraineeFacts(
                trainee_id=facts.trainee_id,
                completed_on=done,
                intent=facts.intent,
                episodes=seen,
            ),
        )
        if verdict is not None and verdict.success:
            return months
    return None


def windows_key(successes: tuple[tuple[int, str], ...]) -> str:
    return ";".join(f"{months}:{kind}" for months, kind in sorted(successes))


def windows_parse(key: str) -> list[tuple[int, str]]:
    out = []
    for part in filter(None, key.split(";")):
        months, kind = part.split(":")
        out.append((int(months), kind))
    return out


def _months_until(done: dt.date, day: dt.date) -> int:
    """The smallest whole number of months m >= 0 with add_months(done, m) >= day."""
    if day <= done:
        return 0
    months = max(0, (day.year - done.year) * 12 + day.month - done.month - 1)
    while rules.add_months(done, months) < day:
        months += 1
    return months


def _rebuild_some(active: list[outcome_selectors.ActiveRule], trainees) -> tuple[int, int]:
    first_hire, placed = _hires(trainees)
    snapshots = []
    for tid, course_id, cohort_id, operator_id, role_id, status, done, intent in (
        trainees.order_by("pk")
        .values_list(
            "pk",
            "course_id",
            "course__cohort_id",
            "course__operator_id",
            "course__track_role_id",
            "status",
            "completed_on",
            "enrolment_intent__intent",
        )
        .iterator(chunk_size=BATCH)
    ):
        hire = first_hire.get(tid) if done else None
        snapshots.append(
            TraineeSnapshot(
                trainee_id=tid,
                cohort_id=cohort_id,
                operator_id=operator_id,
                course_id=course_id,
                status=status,
                completed_on=done,
                intent=intent or "",
                placed=bool(done) and tid in placed,
                first_hire_on=hire.start if hire else None,
                days_to_hire=max(0, (hire.start - done).days) if hire else None,
                hire_in_city=hire.in_city if hire else None,
                hire_in_role=(
                    hire.role_id == role_id if hire and hire.role_id and role_id else None
                ),
            )
        )
    TraineeSnapshot.objects.bulk_create(snapshots, batch_size=BATCH)
    standings: list[Standing] = []
    for facts in outcome_selectors.ledger_facts(trainees):
        for rule in active:
            verdict = rules.classify(rule.params, facts)
            if verdict is None:
                continue
            standings.append(
                Standing(
                    snapshot_id=facts.trainee_id,
                    rule_code=rule.code,
                    rule_version=rule.version,
                    cohort_id_copy=facts.cohort_id,
                    operator_id_copy=facts.operator_id,
                    course_id_copy=facts.course_id,
                    completed_on=facts.completed_on,
                    counted=verdict.counted,
                    success=verdict.success,
                    category=verdict.category,
                    deadline=verdict.deadline,
                    success_month=success_month(rule.params, facts) if verdict.success else None,
                    windows=windows_key(verdict.window_successes),
                )
            )
    Standing.objects.bulk_create(standings, batch_size=BATCH)
    return len(snapshots), len(standings)
