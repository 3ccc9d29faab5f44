"""Writes for cohort plans (run in the background), pins and exclusions, and the application
suggestions made from a finished plan."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from careerhub.academy.models import Cohort, Course, Trainee
from careerhub.applications.models import Application
from careerhub.applications.transitions import ACTIVE
from careerhub.core import runs
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.matching import adapter, policies
from careerhub.matching.errors import MatchingErrorCode
from careerhub.matching.models import (
    ApplicationSuggestion,
    PlanConstraint,
    PlanPlacement,
    PlanRun,
    RunStatus,
    UnplacedReason,
)
from careerhub.matching.services.shared import (
    DEFAULT_PLAN_PARAMETERS,
    _opening_info,
    _opening_refs,
    _today,
    _weights,
)

logger = logging.getLogger(__name__)


def _clean_parameters(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    params = dict(DEFAULT_PLAN_PARAMETERS)
    params.update({k: v for k, v in (raw or {}).items() if k in DEFAULT_PLAN_PARAMETERS})
    errors = {}
    try:
        params["candidates_per_trainee"] = int(params["candidates_per_trainee"])
        if not 1 <= params["candidates_per_trainee"] <= 200:
            raise ValueError
    except (TypeError, ValueError):
        errors["candidates_per_trainee"] = _("Give a number of candidates from 1 to 200.")
    try:
        params["min_fit"] = float(params["min_fit"])
        if not 0 <= params["min_fit"] <= 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["min_fit"] = _("The minimum fit is a number from 0 to 1.")
    try:
        params["max_months_apart"] = int(params["max_months_apart"])
        if not 0 <= params["max_months_apart"] <= 12:
            raise ValueError
    except (TypeError, ValueError):
        errors["max_months_apart"] = _("Give a number of months from 0 to 12.")
    params["include_demand"] = bool(params["include_demand"])
    if errors:
        raise ValidationError(errors, code=MatchingErrorCode.BAD_PARAMETERS)
    return params


def plan_run_request(
    *,
    actor: Actor,
    cohort: Cohort,
    course: Course | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> PlanRun:
    """Record a plan request and hand it to the background task runner."""
    if not policies.can_plan(actor):
        raise PermissionDenied
    if course is not None and course.cohort_id != cohort.pk:
        raise ValidationError(
            {
                "course": ValidationError(
                    _("The course is not in this cohort."), code=MatchingErrorCode.BAD_COURSE
                )
            }
        )
    if not actor.program_staff:
        if course is not None and course.operator_id not in actor.staff_operator_ids:
            raise PermissionDenied
        if len(actor.staff_operator_ids) != 1 and course is None:
            raise ValidationError(
                {
                    "course": ValidationError(
                        _("Choose one of your courses."), code=MatchingErrorCode.BAD_COURSE
                    )
                }
            )
    params = _clean_parameters(parameters)
    operator_id = None
    if not actor.program_staff:
        operator_id = (
            course.operator_id if course is not None else next(iter(actor.staff_operator_ids))
        )
    with transaction.atomic():
        run = PlanRun(
            cohort=cohort,
            course=course,
            operator_id=operator_id,
            parameters=params,
            requested_by=actor.user,
            stage=_("Waiting for the task runner"),
        )
        run.full_clean()
        run.save()
        event_record(actor=actor, verb="matching.plan_requested", target=run, **params)
    _enqueue(run)
    run.refresh_from_db()
    return run


def _enqueue(run: PlanRun) -> None:
    from careerhub.matching.tasks import plan_run_task

    runs.run_enqueue(
        PlanRun,
        run.pk,
        plan_run_task,
        refused=_("The background task runner refused the run: %(error)s"),
    )


def plan_run_execute(*, run_id: int, today: dt.date | None = None) -> PlanRun:
    """Run a requested plan (the background task calls this). The run is claimed by one
    worker and keeps a heartbeat while it computes (``careerhub.core.runs``); on failure it
    records why and nothing of it is stored; earlier runs are never touched."""
    if not runs.run_claim(PlanRun, run_id):
        return PlanRun.objects.get(pk=run_id)
    run = PlanRun.objects.select_related("cohort", "course").get(pk=run_id)
    started = time.perf_counter()
    try:
        with runs.run_heartbeat(PlanRun, run_id) as beat:
            _plan_compute_and_store(run, today=today or _today(), started=started, beat=beat)
    except Exception as exc:
        logger.exception("plan run %s failed", run_id)
        message = str(exc) if isinstance(exc, (ValueError, ValidationError)) else repr(exc)
        if isinstance(exc, ValidationError):
            message = "; ".join(exc.messages)
        with transaction.atomic():
            failed = runs.run_fail(
                PlanRun,
                run_id,
                message or exc.__class__.__name__,
                duration_ms=int((time.perf_counter() - started) * 1000),
            )
            if failed:
                event_record(actor=None, verb="matching.plan_failed", target=run)
    run.refresh_from_db()
    return run


def _plan_trainees(run: PlanRun, today: dt.date):
    qs = Trainee.objects.filter(course__cohort_id=run.cohort_id)
    if run.course_id:
        qs = qs.filter(course_id=run.course_id)
    if run.operator_id:
        qs = qs.filter(course__operator_id=run.operator_id)
    return adapter.matchable_trainees(qs, today=today).order_by("pk")


def _plan_compute_and_store(
    run: PlanRun, *, today: dt.date, started: float, beat: runs.Heartbeat
) -> None:
    params = run.parameters
    _progress = beat.progress
    _progress(5, _("Loading trainees and openings"))
    trainee_ids = list(_plan_trainees(run, today).values_list("pk", flat=True))
    trainees = adapter.load_trainees(trainee_ids)
    openings = adapter.load_openings(today=today, include_demand=params["include_demand"])
    if not trainees:
        raise ValidationError(
            _("No trainee of this cohort is waiting for a job."), code=MatchingErrorCode.EMPTY
        )
    if not openings:
        raise ValidationError(
            _("There is no open posting or demand to plan against."), code=MatchingErrorCode.EMPTY
        )
    _progress(20, _("Scoring trainees against openings"))
    problem = adapter.Problem(trainees, openings, weights=_weights())
    t_index, o_index = problem.trainee_index, problem.opening_index

    pins, exclusions, ignored = [], [], []
    constraints = list(PlanConstraint.objects.filter(cohort_id=run.cohort_id).order_by("pk"))
    for c in constraints:
        t, o = t_index.get(c.trainee_id), o_index.get(c.opening_key)
        if t is None or o is None:
            ignored.append(
                {"id": c.pk, "kind": c.kind, "trainee": c.trainee_id, "opening": c.opening_key}
            )
            continue
        (pins if c.kind == PlanConstraint.Kind.PIN else exclusions).append((t, o))
    pin_load = Counter(o for _t, o in pins)
    for o, n in pin_load.items():
        if n > openings[o].headcount:
            raise ValidationError(
                _("%(opening)s has %(pins)s pinned trainees but hires only %(headcount)s.")
                % {"opening": openings[o].label, "pins": n, "headcount": openings[o].headcount},
                code=MatchingErrorCode.TOO_MANY_PINS,
            )

    k = min(params["candidates_per_trainee"], len(openings))
    top = problem.top_openings(k)
    rows = np.repeat(np.arange(len(trainees)), k)
    cols = top.index.reshape(-1)
    keep = cols >= 0
    rows, cols = rows[keep], cols[keep]
    if pins:
        pin_arr = np.asarray(pins, dtype=np.int64)
        rows = np.concatenate((rows, pin_arr[:, 0]))
        cols = np.concatenate((cols, pin_arr[:, 1]))
    scores = problem.score(rows, cols)
    acceptable = (
        (scores.role > 0)
        & (scores.months_apart <= params["max_months_apart"])
        & (scores.total >= params["min_fit"])
    )
    if pins:
        acceptable[-len(pins) :] = True
    rows, cols, fit = rows[acceptable], cols[acceptable], scores.total[acceptable]
    _progress(55, _("Placing the most trainees, then the best fits"))
    plan = problem.plan(
        rows,
        cols,
        fit,
        pins=np.asarray(pins, dtype=np.int64).reshape(-1, 2) if pins else None,
        exclusions=np.asarray(exclusions, dtype=np.int64).reshape(-1, 2) if exclusions else None,
    )
    _progress(75, _("Explaining placements and gaps"))
    assignment = plan.assignment
    reasons = _unplaced_reasons(problem, assignment, params, set(exclusions))
    pinned = {t for t, _o in pins}
    placements = []
    for t, info in enumerate(trainees):
        o = int(assignment[t])
        if o >= 0:
            b = problem.explain(t, o)
            placements.append(
                PlanPlacement(
                    trainee_id=info.id,
                    placed=True,
                    pinned=t in pinned,
                    total=b.total,
                    role_fit=b.role,
                    skill_fit=b.skill,
                    timing_fit=b.timing,
                    region_fit=b.region,
                    missing_skills=list(b.missing_skills),
                    reason=b.reason[:400],
                    **_opening_refs(openings[o]),
                )
            )
        else:
            placements.append(
                PlanPlacement(trainee_id=info.id, placed=False, unplaced_reason=reasons[t])
            )
    snapshot = {
        "today": today.isoformat(),
        "taxonomy": problem.tax.signature,
        "weights": asdict(problem.weights),
        "trainees": [t.snapshot() for t in trainees],
        "openings": [o.snapshot() for o in openings],
        "pins": [[trainees[t].id, openings[o].key] for t, o in pins],
        "exclusions": [[trainees[t].id, openings[o].key] for t, o in exclusions],
        "ignored_constraints": ignored,
        "candidate_pairs": int(rows.size),
    }
    _progress(90, _("Saving the plan"))
    with beat.writing(), transaction.atomic():
        for p in placements:
            p.run_id = run.pk
        PlanPlacement.objects.bulk_create(placements, batch_size=2000)
        placed = int(plan.placed)
        updated = runs.run_finish(
            PlanRun,
            run.pk,
            input_snapshot=snapshot,
            trainee_count=len(trainees),
            opening_count=len(openings),
            place_count=sum(o.headcount for o in openings),
            placed_count=placed,
            total_fit=float(plan.total_fit),
            duration_ms=int((time.perf_counter() - started) * 1000),
        )
        if not updated:
            raise ValidationError(
                _("The run was changed while it ran."), code=MatchingErrorCode.STALE
            )
        event_record(actor=None, verb="matching.plan_finished", target=run, placed=placed)


def _unplaced_reasons(
    problem: adapter.Problem,
    assignment: np.ndarray,
    params: Mapping[str, Any],
    excluded: set[tuple[int, int]],
) -> dict[int, str]:
    """Why each unplaced trainee is unplaced, in the order a person would check."""
    scorer = problem.scorer
    o_role = problem.encoded.openings.role.astype(np.int64)
    o_start = problem.encoded.openings.window_start.astype(np.int64)
    o_end = problem.encoded.openings.window_end.astype(np.int64)
    months = problem.encoded.trainees.available_month.astype(np.int64)
    out: dict[int, str] = {}
    unplaced = np.flatnonzero(assignment < 0)
    n_open = o_role.size
    for t in unplaced.tolist():
        compatible = np.flatnonzero(scorer.trainee_role_fit[t, o_role] > 0)
        if compatible.size == 0:
            out[t] = UnplacedReason.NO_ROLE
            continue
        apart = np.maximum(o_start[compatible] - months[t], 0) + np.maximum(
            months[t] - o_end[compatible], 0
        )
        timely = compatible[apart <= params["max_months_apart"]]
        if timely.size == 0:
            out[t] = UnplacedReason.TIMING
            continue
        allowed = np.asarray([o for o in timely.tolist() if (t, o) not in excluded], dtype=np.int64)
        if allowed.size == 0:
            out[t] = UnplacedReason.EXCLUDED
            continue
        totals = problem.score(np.full(allowed.size, t, dtype=np.int64), allowed).total
        out[t] = UnplacedReason.SKILLS if totals.max() < params["min_fit"] else UnplacedReason.TAKEN
    del n_open
    return out


def plan_constraint_set(
    *,
    actor: Actor,
    cohort: Cohort,
    trainee: Trainee,
    opening_key: str,
    kind: str,
    note: str = "",
) -> PlanConstraint:
    """Pin a trainee to an opening (one pin per trainee) or exclude the pair."""
    if not policies.can_plan(actor):
        raise PermissionDenied
    if not policies.plan_trainees_for(actor).filter(pk=trainee.pk).exists():
        raise PermissionDenied
    if trainee.course.cohort_id != cohort.pk:
        raise ValidationError(
            {
                "trainee": ValidationError(
                    _("The trainee is not in this cohort."), code=MatchingErrorCode.BAD_TRAINEE
                )
            }
        )
    if kind not in PlanConstraint.Kind.values:
        raise ValidationError(
            {"kind": ValidationError(_("Choose pin or exclude."), code=MatchingErrorCode.BAD_KIND)}
        )
    info = _opening_info(opening_key, today=_today())
    if kind == PlanConstraint.Kind.PIN:
        taken = (
            PlanConstraint.objects.filter(
                cohort=cohort, kind=PlanConstraint.Kind.PIN, opening_key=info.key
            )
            .exclude(trainee=trainee)
            .count()
        )
        if taken >= info.headcount:
            raise ValidationError(
                _("%(opening)s already has %(n)s pinned trainees for %(n)s places.")
                % {"opening": info.label, "n": taken},
                code=MatchingErrorCode.TOO_MANY_PINS,
            )
    try:
        with transaction.atomic():
            if kind == PlanConstraint.Kind.PIN:
                PlanConstraint.objects.filter(
                    cohort=cohort, trainee=trainee, kind=PlanConstraint.Kind.PIN
                ).delete()
            PlanConstraint.objects.filter(
                cohort=cohort, trainee=trainee, opening_key=info.key
            ).delete()
            constraint = PlanConstraint(
                cohort=cohort,
                trainee=trainee,
                kind=kind,
                note=note.strip(),
                created_by=actor.user,
                **_opening_refs(info),
            )
            constraint.full_clean()
            constraint.save()
            event_record(
                actor=actor,
                verb=f"matching.plan_{kind}",
                target=constraint,
                trainee=trainee.pk,
                opening=info.key,
            )
    except IntegrityError:
        raise ValidationError(
            _("This pair already has a pin or exclusion."), code=MatchingErrorCode.DUPLICATE
        ) from None
    return constraint


def plan_constraint_remove(*, actor: Actor, constraint: PlanConstraint) -> None:
    if not policies.plan_trainees_for(actor).filter(pk=constraint.trainee_id).exists():
        raise PermissionDenied
    with transaction.atomic():
        event_record(
            actor=actor,
            verb="matching.plan_constraint_removed",
            target=constraint,
            kind_was=constraint.kind,
            opening=constraint.opening_key,
        )
        constraint.delete()


def plan_suggest_applications(*, actor: Actor, run: PlanRun) -> int:
    """Turn a finished plan's placements on open postings into suggestions the trainees see
    on their recommendations page. Returns how many new suggestions were made."""
    if not policies.can_view_plan_run(actor, run):
        raise PermissionDenied
    if run.status != RunStatus.SUCCEEDED:
        raise ValidationError(
            _("Only a finished plan can be suggested."), code=MatchingErrorCode.NOT_FINISHED
        )
    today = _today()
    open_ids = set(adapter.open_postings(today=today).values_list("pk", flat=True))
    placements = run.placements.filter(placed=True, posting_id__in=open_ids)
    existing = set(
        ApplicationSuggestion.objects.filter(
            status=ApplicationSuggestion.Status.OPEN,
            trainee_id__in=placements.values("trainee_id"),
        ).values_list("trainee_id", "opening_key")
    )
    applied = set(
        Application.objects.filter(
            status__in=ACTIVE, trainee_id__in=placements.values("trainee_id")
        ).values_list("trainee_id", "posting_id")
    )
    new = [
        ApplicationSuggestion(
            trainee_id=p.trainee_id,
            plan_run=run,
            reason=p.reason,
            suggested_by=actor.user,
            opening_key=p.opening_key,
            posting_id=p.posting_id,
            opening_label=p.opening_label,
            company_name=p.company_name,
        )
        for p in placements
        if (p.trainee_id, p.opening_key) not in existing
        and (p.trainee_id, p.posting_id) not in applied
    ]
    with transaction.atomic():
        ApplicationSuggestion.objects.bulk_create(new)
        event_record(actor=actor, verb="matching.plan_suggested", target=run, count=len(new))
    return len(new)


def suggestion_decline(*, actor: Actor, suggestion: ApplicationSuggestion) -> None:
    if not policies.can_act_on_recommendations(actor, suggestion.trainee):
        raise PermissionDenied
    with transaction.atomic():
        suggestion.status = ApplicationSuggestion.Status.DECLINED
        suggestion.save(update_fields=["status"])
        event_record(actor=actor, verb="matching.suggestion_declined", target=suggestion)
