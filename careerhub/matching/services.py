"""Writes of the matching app: computing and storing recommendations, feedback, cohort plans
(run in the background), pins and exclusions, application suggestions, and match days.

Every computation goes database → ``adapter`` (engine) → stored rows. A run that fails
records why and leaves earlier runs and their results untouched.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import matchengine as me
from careerhub.academy.models import Cohort, Course, Trainee
from careerhub.core.actors import Actor
from careerhub.applications import services as application_services
from careerhub.applications.models import Application
from careerhub.applications.transitions import ACTIVE, Stage
from careerhub.core.models import Event, event_record
from careerhub.core.policy import PermissionDenied
from careerhub.hiring.models import DemandLine, JobPosting, PostingStatus
from careerhub.matching import adapter, policies
from careerhub.matching.models import (
    ApplicationSuggestion,
    Feedback,
    MatchDay,
    MatchDayPosting,
    MatchDayTrainee,
    MatchResult,
    MatchRound,
    PlanConstraint,
    PlanPlacement,
    PlanRun,
    RankEntry,
    RankList,
    Recommendation,
    RecommendationRun,
    RunStatus,
    UnplacedReason,
)

logger = logging.getLogger(__name__)

TRAINEE_TOP_K = 20
POSTING_TOP_K = 30
CANDIDATES_MAX_AGE = dt.timedelta(hours=6)
DEFAULT_PLAN_PARAMETERS: dict[str, Any] = {
    "candidates_per_trainee": 25,
    "min_fit": 0.45,
    "max_months_apart": 3,
    "include_demand": True,
}


def _today() -> dt.date:
    return timezone.localdate()


def _weights() -> me.Weights:
    return me.Weights()


def _opening_refs(info: adapter.OpeningInfo) -> dict[str, Any]:
    return {
        "opening_key": info.key,
        "posting_id": info.posting_id,
        "demand_line_id": info.demand_line_id,
        "opening_label": info.label[:300],
        "company_name": info.company_name[:200],
    }


def _parts(b: adapter.Breakdown) -> dict[str, Any]:
    return {
        "total": b.total,
        "role_fit": b.role,
        "skill_fit": b.skill,
        "timing_fit": b.timing,
        "region_fit": b.region,
        "role_relation": b.role_relation,
        "matched_skills": list(b.matched_skills),
        "missing_skills": list(b.missing_skills),
        "required_met": b.required_met,
        "required_total": b.required_total,
        "months_apart": b.months_apart,
        "reason": b.reason[:400],
        "reason_en": b.reason_en[:400],
    }


# --- recommendations for a trainee ---------------------------------------------------------------


def _feedback_filter(trainee_id: int) -> dict[str, list]:
    """What the trainee's dismissals rule out of the next run."""
    keys: set[str] = set()
    roles: set[str] = set()
    regions: set[str] = set()
    companies: set[int] = set()
    for fb in Feedback.objects.filter(trainee_id=trainee_id, kind=Feedback.Kind.DISMISSED):
        keys.add(fb.opening_key)
        if fb.reason == Feedback.Reason.ROLE and fb.role_code:
            roles.add(fb.role_code)
        elif fb.reason == Feedback.Reason.REGION and fb.region:
            regions.add(fb.region)
        elif fb.reason == Feedback.Reason.COMPANY and fb.company_id_value:
            companies.add(fb.company_id_value)
    return {
        "openings": sorted(keys),
        "roles": sorted(roles),
        "regions": sorted(regions),
        "companies": sorted(companies),
    }


def _apply_feedback(
    openings: Sequence[adapter.OpeningInfo], rules: Mapping[str, list]
) -> list[adapter.OpeningInfo]:
    keys, roles = set(rules["openings"]), set(rules["roles"])
    regions, companies = set(rules["regions"]), set(rules["companies"])
    return [
        o
        for o in openings
        if o.key not in keys
        and o.role_code not in roles
        and o.region not in regions
        and o.company_id not in companies
    ]


def _trainee_signature(info: adapter.TraineeInfo, rules: Mapping[str, list], openings_sig: str):
    return adapter.digest(
        sorted(info.snapshot().items()),
        sorted(rules.items()),
        openings_sig,
        adapter.engine_taxonomy().signature,
        asdict(_weights()),
        TRAINEE_TOP_K,
    )


def recommendations_refresh(
    *, actor: Actor, trainee: Trainee, force: bool = False, today: dt.date | None = None
) -> RecommendationRun:
    """The trainee's current recommendation run: the stored one when nothing it depends on
    changed (the trainee's profile, their feedback, the open openings, the taxonomy), else a
    new one computed and stored now."""
    if not policies.can_view_recommendations(actor, trainee):
        raise PermissionDenied
    today = today or _today()
    info = adapter.load_trainees([trainee.pk])[0]
    rules = _feedback_filter(trainee.pk)
    openings_sig = adapter.openings_signature(today=today)
    signature = _trainee_signature(info, rules, openings_sig)
    latest = trainee.recommendation_runs.order_by("-created_at", "-pk").first()
    if latest is not None and latest.signature == signature and not force:
        return latest
    return _compute_for_trainees(
        actor=actor,
        infos=[info],
        today=today,
        signatures={trainee.pk: signature},
        openings_signature=openings_sig,
    )[trainee.pk]


def _compute_for_trainees(
    *,
    actor: Actor | None,
    infos: Sequence[adapter.TraineeInfo],
    today: dt.date,
    signatures: Mapping[int, str] | None = None,
    openings: Sequence[adapter.OpeningInfo] | None = None,
    openings_signature: str | None = None,
) -> dict[int, RecommendationRun]:
    started = time.perf_counter()
    all_openings = (
        list(openings)
        if openings is not None
        else adapter.load_openings_current(today=today, signature=openings_signature)
    )
    runs: dict[int, RecommendationRun] = {}
    pending: list[tuple[RecommendationRun, list[Recommendation]]] = []
    by_rules: dict[str, list[adapter.TraineeInfo]] = defaultdict(list)
    rules_of: dict[int, dict] = {}
    for info in infos:
        rules_of[info.id] = _feedback_filter(info.id)
        by_rules[adapter.digest(sorted(rules_of[info.id].items()))].append(info)
    for group in by_rules.values():
        rules = rules_of[group[0].id]
        pool = _apply_feedback(all_openings, rules)
        problem = adapter.Problem(group, pool, weights=_weights())
        top = problem.top_openings(TRAINEE_TOP_K) if pool else None
        for row, info in enumerate(group):
            run = RecommendationRun(
                subject=RecommendationRun.Subject.TRAINEE,
                trainee_id=info.id,
                requested_by=getattr(actor, "user", None),
                signature=(signatures or {}).get(info.id)
                or _trainee_signature(
                    info, rules, openings_signature or adapter.openings_signature(today=today)
                ),
                parameters={"k": TRAINEE_TOP_K, "weights": asdict(_weights())},
                considered=len(pool),
                excluded={k: v for k, v in rules.items() if v},
            )
            items = []
            if top is not None:
                for rank, o in enumerate(top.index[row].tolist(), start=1):
                    if o < 0:
                        break
                    b = problem.explain(row, o)
                    items.append(
                        Recommendation(
                            rank=rank,
                            trainee_id=info.id,
                            **_opening_refs(problem.openings[o]),
                            **_parts(b),
                        )
                    )
            pending.append((run, items))
    elapsed = int((time.perf_counter() - started) * 1000)
    with transaction.atomic():
        for run, items in pending:
            run.duration_ms = elapsed if len(pending) == 1 else 0
            run.full_clean()
            run.save()
            for item in items:
                item.run = run
            Recommendation.objects.bulk_create(items)
            runs[run.trainee_id] = run
    return runs


def recommendations_refresh_many(
    *, actor: Actor, trainees: Sequence[Trainee], today: dt.date | None = None
) -> dict[int, RecommendationRun]:
    """Bring many trainees' recommendations up to date in one engine call (a consultant's
    caseload). Trainees whose stored run is current keep it."""
    today = today or _today()
    for trainee in trainees:
        if not policies.can_view_recommendations(actor, trainee):
            raise PermissionDenied
    infos = adapter.load_trainees([t.pk for t in trainees])
    openings_sig = adapter.openings_signature(today=today)
    latest = {}
    for run in RecommendationRun.objects.filter(trainee_id__in=[i.id for i in infos]).order_by(
        "trainee_id", "-created_at", "-pk"
    ):
        latest.setdefault(run.trainee_id, run)
    result: dict[int, RecommendationRun] = {}
    stale: list[adapter.TraineeInfo] = []
    signatures: dict[int, str] = {}
    for info in infos:
        signatures[info.id] = _trainee_signature(info, _feedback_filter(info.id), openings_sig)
        run = latest.get(info.id)
        if run is not None and run.signature == signatures[info.id]:
            result[info.id] = run
        else:
            stale.append(info)
    if stale:
        result.update(
            _compute_for_trainees(
                actor=actor,
                infos=stale,
                today=today,
                signatures=signatures,
                openings_signature=openings_sig,
            )
        )
    return result


def _opening_info(key: str, *, today: dt.date) -> adapter.OpeningInfo:
    try:
        kind, pk = adapter.parse_key(key)
    except ValueError:
        raise ValidationError(_("This opening does not exist."), code="unknown_opening") from None
    if kind == "posting":
        found = adapter.load_openings(today=today, posting_ids=[pk])
    else:
        found = [o for o in adapter.load_openings(today=today) if o.key == key]
        if not found and DemandLine.objects.filter(pk=pk).exists():
            line = DemandLine.objects.select_related("response__company", "role").get(pk=pk)
            found = [
                adapter.OpeningInfo(
                    key=key,
                    posting_id=None,
                    demand_line_id=pk,
                    company_id=line.response.company_id,
                    company_name=line.response.company.name,
                    title=str(line.role),
                    role_code=line.role.code,
                    region=line.region,
                    headcount=line.headcount,
                    window_start=line.earliest_month,
                    window_end=line.latest_month,
                )
            ]
    if not found:
        raise ValidationError(_("This opening does not exist."), code="unknown_opening")
    return found[0]


def feedback_save(*, actor: Actor, trainee: Trainee, opening_key: str) -> Feedback:
    """Keep an opening on the trainee's saved list."""
    if not policies.can_act_on_recommendations(actor, trainee):
        raise PermissionDenied
    info = _opening_info(opening_key, today=_today())
    with transaction.atomic():
        Feedback.objects.filter(trainee=trainee, opening_key=info.key).delete()
        fb = Feedback(
            trainee=trainee,
            kind=Feedback.Kind.SAVED,
            role_code=info.role_code,
            region=info.region,
            company_id_value=info.company_id,
            created_by=actor.user,
            **_opening_refs(info),
        )
        fb.full_clean()
        fb.save()
        event_record(actor=actor, verb="matching.saved", target=fb, opening=info.key)
    return fb


def feedback_dismiss(
    *, actor: Actor, trainee: Trainee, opening_key: str, reason: str, note: str = ""
) -> Feedback:
    """Dismiss an opening with a reason. The next run leaves it out, and — by the reason —
    every opening of its role, its region or its company."""
    if not policies.can_act_on_recommendations(actor, trainee):
        raise PermissionDenied
    if reason not in Feedback.Reason.values:
        raise ValidationError(
            {"reason": ValidationError(_("Choose why you dismiss it."), code="reason_required")}
        )
    info = _opening_info(opening_key, today=_today())
    with transaction.atomic():
        Feedback.objects.filter(trainee=trainee, opening_key=info.key).delete()
        fb = Feedback(
            trainee=trainee,
            kind=Feedback.Kind.DISMISSED,
            reason=reason,
            note=note.strip(),
            role_code=info.role_code,
            region=info.region,
            company_id_value=info.company_id,
            created_by=actor.user,
            **_opening_refs(info),
        )
        fb.full_clean()
        fb.save()
        event_record(
            actor=actor, verb="matching.dismissed", target=fb, opening=info.key, reason=reason
        )
    return fb


def feedback_undo(*, actor: Actor, feedback: Feedback) -> None:
    if not policies.can_act_on_recommendations(actor, feedback.trainee):
        raise PermissionDenied
    with transaction.atomic():
        event_record(
            actor=actor,
            verb="matching.feedback_undone",
            target=feedback,
            kind_was=feedback.kind,
            opening=feedback.opening_key,
        )
        feedback.delete()


def recommendation_apply(
    *, actor: Actor, trainee: Trainee, posting: JobPosting, cover_note: str = ""
) -> Application:
    """Apply to a recommended posting (through the applications service); an open staff
    suggestion for it is marked as taken up."""
    if not policies.can_act_on_recommendations(actor, trainee):
        raise PermissionDenied
    with transaction.atomic():
        application = application_services.application_create(
            actor=actor, trainee=trainee, posting=posting, cover_note=cover_note
        )
        ApplicationSuggestion.objects.filter(
            trainee=trainee,
            opening_key=adapter.posting_key(posting.pk),
            status=ApplicationSuggestion.Status.OPEN,
        ).update(status=ApplicationSuggestion.Status.APPLIED)
    return application


# --- candidates for a posting --------------------------------------------------------------------


def candidates_refresh(
    *, actor: Actor, posting: JobPosting, force: bool = False, today: dt.date | None = None
) -> RecommendationRun:
    """The posting's top candidates among matchable trainees who consent to provision to
    companies. Kept for ``CANDIDATES_MAX_AGE`` unless the posting changed or ``force``."""
    if not policies.can_view_candidates(actor, posting):
        raise PermissionDenied
    if posting.role_id is None:
        raise ValidationError(
            _("Give the posting a role first: candidates are matched by role."), code="no_role"
        )
    today = today or _today()
    signature = adapter.digest(
        posting.pk, posting.updated_at, list(posting.skills.values_list("skill_id", "level"))
    )
    latest = posting.recommendation_runs.order_by("-created_at", "-pk").first()
    if (
        latest is not None
        and not force
        and latest.signature == signature
        and timezone.now() - latest.created_at < CANDIDATES_MAX_AGE
    ):
        return latest
    started = time.perf_counter()
    pool_qs = adapter.consenting(
        adapter.matchable_trainees(Trainee.objects.all(), today=today)
    ).order_by("pk")
    infos = adapter.load_trainees(list(pool_qs.values_list("pk", flat=True)))
    openings = adapter.load_openings(today=today, posting_ids=[posting.pk])
    run = RecommendationRun(
        subject=RecommendationRun.Subject.POSTING,
        posting=posting,
        requested_by=actor.user,
        signature=signature,
        parameters={"k": POSTING_TOP_K, "weights": asdict(_weights()), "pool": "consenting"},
        considered=len(infos),
    )
    items = []
    if infos and openings:
        problem = adapter.Problem(infos, openings, weights=_weights())
        top = problem.top_trainees(POSTING_TOP_K, openings=[0])
        for rank, t in enumerate(top.index[0].tolist(), start=1):
            if t < 0:
                break
            b = problem.explain(t, 0)
            items.append(
                Recommendation(
                    rank=rank, trainee_id=infos[t].id, **_opening_refs(openings[0]), **_parts(b)
                )
            )
    run.duration_ms = int((time.perf_counter() - started) * 1000)
    with transaction.atomic():
        run.full_clean()
        run.save()
        for item in items:
            item.run = run
        Recommendation.objects.bulk_create(items)
    return run


def candidate_viewed(*, actor: Actor, posting: JobPosting, trainee: Trainee) -> None:
    """Log that the company side looked at a recommended candidate's profile."""
    if not policies.can_view_candidate(actor, posting, trainee):
        raise PermissionDenied
    event_record(
        actor=actor,
        verb="matching.candidate_viewed",
        target=trainee,
        kind=Event.Kind.ACCESS,
        posting=posting.pk,
    )


# --- cohort plans --------------------------------------------------------------------------------


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
        raise ValidationError(errors, code="bad_parameters")
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
            {"course": ValidationError(_("The course is not in this cohort."), code="bad_course")}
        )
    if not actor.program_staff:
        if course is not None and course.operator_id not in actor.staff_operator_ids:
            raise PermissionDenied
        if len(actor.staff_operator_ids) != 1 and course is None:
            raise ValidationError(
                {"course": ValidationError(_("Choose one of your courses."), code="bad_course")}
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

    try:
        result = plan_run_task.enqueue(run.pk)
    except Exception as exc:  # the backend is down or misconfigured: say so on the run
        logger.exception("could not enqueue plan run %s", run.pk)
        PlanRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
            status=RunStatus.FAILED,
            error=_("The background task runner refused the run: %(error)s") % {"error": exc},
            finished_at=timezone.now(),
        )
        return
    PlanRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])


def _progress(run_id: int, progress: int, stage: str) -> None:
    PlanRun.objects.filter(pk=run_id).update(progress=progress, stage=stage[:100])


def plan_run_execute(*, run_id: int, today: dt.date | None = None) -> PlanRun:
    """Run a requested plan (the background task calls this). On failure the run records
    why and nothing of it is stored; earlier runs are never touched."""
    run = PlanRun.objects.select_related("cohort", "course").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run
    started = time.perf_counter()
    PlanRun.objects.filter(pk=run_id).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=1
    )
    try:
        _plan_compute_and_store(run, today=today or _today(), started=started)
    except Exception as exc:
        logger.exception("plan run %s failed", run_id)
        message = str(exc) if isinstance(exc, (ValueError, ValidationError)) else repr(exc)
        if isinstance(exc, ValidationError):
            message = "; ".join(exc.messages)
        PlanRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            error=(message or exc.__class__.__name__)[:2000],
            finished_at=timezone.now(),
            duration_ms=int((time.perf_counter() - started) * 1000),
        )
    run.refresh_from_db()
    return run


def _plan_trainees(run: PlanRun, today: dt.date):
    qs = Trainee.objects.filter(course__cohort_id=run.cohort_id)
    if run.course_id:
        qs = qs.filter(course_id=run.course_id)
    if run.operator_id:
        qs = qs.filter(course__operator_id=run.operator_id)
    return adapter.matchable_trainees(qs, today=today).order_by("pk")


def _plan_compute_and_store(run: PlanRun, *, today: dt.date, started: float) -> None:
    params = run.parameters
    _progress(run.pk, 5, _("Loading trainees and openings"))
    trainee_ids = list(_plan_trainees(run, today).values_list("pk", flat=True))
    trainees = adapter.load_trainees(trainee_ids)
    openings = adapter.load_openings(today=today, include_demand=params["include_demand"])
    if not trainees:
        raise ValidationError(_("No trainee of this cohort is waiting for a job."), code="empty")
    if not openings:
        raise ValidationError(
            _("There is no open posting or demand to plan against."), code="empty"
        )
    _progress(run.pk, 20, _("Scoring trainees against openings"))
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
                code="too_many_pins",
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
    _progress(run.pk, 55, _("Placing the most trainees, then the best fits"))
    plan = problem.plan(
        rows,
        cols,
        fit,
        pins=np.asarray(pins, dtype=np.int64).reshape(-1, 2) if pins else None,
        exclusions=np.asarray(exclusions, dtype=np.int64).reshape(-1, 2) if exclusions else None,
    )
    _progress(run.pk, 75, _("Explaining placements and gaps"))
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
    _progress(run.pk, 90, _("Saving the plan"))
    with transaction.atomic():
        for p in placements:
            p.run_id = run.pk
        PlanPlacement.objects.bulk_create(placements, batch_size=2000)
        placed = int(plan.placed)
        updated = PlanRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.SUCCEEDED,
            progress=100,
            stage="",
            finished_at=timezone.now(),
            input_snapshot=snapshot,
            trainee_count=len(trainees),
            opening_count=len(openings),
            place_count=sum(o.headcount for o in openings),
            placed_count=placed,
            total_fit=float(plan.total_fit),
            duration_ms=int((time.perf_counter() - started) * 1000),
        )
        if not updated:
            raise ValidationError(_("The run was changed while it ran."), code="stale")


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
                    _("The trainee is not in this cohort."), code="bad_trainee"
                )
            }
        )
    if kind not in PlanConstraint.Kind.values:
        raise ValidationError(
            {"kind": ValidationError(_("Choose pin or exclude."), code="bad_kind")}
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
                code="too_many_pins",
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
            _("This pair already has a pin or exclusion."), code="duplicate"
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
        raise ValidationError(_("Only a finished plan can be suggested."), code="not_finished")
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


# --- match days ----------------------------------------------------------------------------------


def match_day_create(
    *,
    actor: Actor,
    title: str,
    held_on: dt.date,
    interview_at: dt.datetime,
    interview_place: str,
    deadline: dt.datetime,
    postings: Mapping[int, int],
    trainee_ids: Sequence[int],
    cohort: Cohort | None = None,
    description: str = "",
) -> MatchDay:
    """Create a match day with its participating postings (posting id → places), eligible
    trainees and the first round's ranking deadline."""
    if not policies.can_create_match_day(actor):
        raise PermissionDenied
    errors: dict[str, list[ValidationError]] = defaultdict(list)
    now = timezone.now()
    if deadline <= now:
        errors["deadline"].append(
            ValidationError(_("The ranking deadline must be in the future."), code="deadline_past")
        )
    if interview_at < deadline:
        errors["interview_at"].append(
            ValidationError(
                _("Interviews cannot start before the rank lists are due."), code="interview_early"
            )
        )
    allowed_postings = policies.match_day_postings_for_organiser(actor)
    posting_rows = {
        p.pk: p for p in allowed_postings.filter(pk__in=list(postings)).select_related("company")
    }
    if not postings:
        errors["postings"].append(ValidationError(_("Add at least one posting."), code="required"))
    for pid, places in postings.items():
        posting = posting_rows.get(pid)
        if posting is None:
            raise PermissionDenied
        if posting.status != PostingStatus.OPEN:
            errors["postings"].append(
                ValidationError(
                    _("“%(title)s” is not open.") % {"title": posting.title},
                    code="posting_not_open",
                )
            )
        if not 1 <= int(places) <= posting.headcount:
            errors["postings"].append(
                ValidationError(
                    _("“%(title)s” can take 1 to %(n)s trainees.")
                    % {"title": posting.title, "n": posting.headcount},
                    code="bad_places",
                )
            )
    allowed = adapter.consenting(policies.match_day_trainees_for_organiser(actor))
    trainees = set(allowed.filter(pk__in=list(trainee_ids)).values_list("pk", flat=True))
    missing = set(trainee_ids) - trainees
    if missing:
        errors["trainees"].append(
            ValidationError(
                _(
                    "%(n)s of the chosen trainees cannot take part: only your own trainees who "
                    "consent to provision to companies can."
                )
                % {"n": len(missing)},
                code="not_eligible",
            )
        )
    if not trainee_ids:
        errors["trainees"].append(ValidationError(_("Add at least one trainee."), code="required"))
    if errors:
        raise ValidationError(dict(errors))
    operator_id = None
    if not actor.program_staff:
        operator_id = next(iter(sorted(actor.staff_operator_ids)))
    with transaction.atomic():
        day = MatchDay(
            title=title.strip(),
            cohort=cohort,
            operator_id=operator_id,
            held_on=held_on,
            interview_at=interview_at,
            interview_place=interview_place.strip(),
            description=description.strip(),
            created_by=actor.user,
        )
        day.full_clean()
        day.save()
        MatchDayPosting.objects.bulk_create(
            MatchDayPosting(match_day=day, posting_id=pid, places=int(n))
            for pid, n in postings.items()
        )
        MatchDayTrainee.objects.bulk_create(
            MatchDayTrainee(match_day=day, trainee_id=tid) for tid in sorted(trainees)
        )
        first = MatchRound(match_day=day, number=1, deadline=deadline)
        first.full_clean()
        first.save()
        event_record(
            actor=actor,
            verb="matching.match_day_created",
            target=day,
            postings=len(postings),
            trainees=len(trainees),
        )
    return day


def round_trainee_ids(round: MatchRound) -> list[int]:
    """Trainees who may rank in this round: the eligible ones still consenting to provision
    to companies, less those matched in an earlier published round."""
    eligible = list(
        adapter.consenting(
            Trainee.objects.filter(pk__in=round.match_day.trainees.values("trainee_id"))
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    matched = set(
        MatchResult.objects.filter(
            round__match_day=round.match_day,
            round__number__lt=round.number,
            round__status=MatchRound.Status.PUBLISHED,
            posting__isnull=False,
        ).values_list("trainee_id", flat=True)
    )
    return [t for t in eligible if t not in matched]


def round_capacities(round: MatchRound) -> dict[int, int]:
    """Places each posting still has in this round (posting id → places, zeros left out)."""
    filled = Counter(
        MatchResult.objects.filter(
            round__match_day=round.match_day,
            round__number__lt=round.number,
            round__status=MatchRound.Status.PUBLISHED,
            posting__isnull=False,
        ).values_list("posting_id", flat=True)
    )
    out = {}
    for pid, places in round.match_day.postings.order_by("posting_id").values_list(
        "posting_id", "places"
    ):
        left = places - filled.get(pid, 0)
        if left > 0:
            out[pid] = left
    return out


def _check_ranking_open(round: MatchRound, now: dt.datetime) -> None:
    if round.status != MatchRound.Status.RANKING:
        raise ValidationError(_("Rank lists for this round are closed."), code="ranking_closed")
    if now >= round.deadline:
        raise ValidationError(_("The deadline for rank lists has passed."), code="deadline_passed")


def rank_list_submit(
    *,
    actor: Actor,
    round: MatchRound,
    ordered_ids: Sequence[int],
    trainee: Trainee | None = None,
    posting: JobPosting | None = None,
) -> RankList | None:
    """Submit (or replace) one side's rank list before the deadline: a trainee's postings
    best first, or a posting's trainees best first. An empty list withdraws it."""
    if (trainee is None) == (posting is None):
        raise ValueError("give exactly one of trainee or posting")
    day = round.match_day
    if trainee is not None and not policies.can_rank_for_trainee(actor, day, trainee):
        raise PermissionDenied
    if posting is not None and not policies.can_rank_for_posting(actor, day, posting):
        raise PermissionDenied
    now = timezone.now()
    _check_ranking_open(round, now)
    ids = [int(i) for i in ordered_ids]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("Each choice may appear only once."), code="duplicate_choice")
    if trainee is not None:
        if trainee.pk not in round_trainee_ids(round):
            raise ValidationError(_("You were matched in an earlier round."), code="not_in_round")
        allowed = set(round_capacities(round))
    else:
        if posting.pk not in round_capacities(round):
            raise ValidationError(
                _("This posting has no places left in this round."), code="not_in_round"
            )
        allowed = set(round_trainee_ids(round))
    unknown = [i for i in ids if i not in allowed]
    if unknown:
        raise ValidationError(_("Some choices are not part of this round."), code="not_in_round")
    with transaction.atomic():
        # lock the round row so a run cannot start while lists are being replaced
        locked = MatchRound.objects.select_for_update().get(pk=round.pk)
        _check_ranking_open(locked, timezone.now())
        owner = {"trainee": trainee} if trainee is not None else {"posting": posting}
        RankList.objects.filter(round=round, **owner).delete()
        event_record(
            actor=actor,
            verb="matching.rank_list_submitted",
            target=round,
            side="trainee" if trainee is not None else "posting",
            owner=(trainee or posting).pk,
            length=len(ids),
        )
        if not ids:
            return None
        rank_list = RankList(round=round, submitted_by=actor.user, submitted_at=now, **owner)
        rank_list.full_clean()
        rank_list.save()
        side = "posting_id" if trainee is not None else "trainee_id"
        RankEntry.objects.bulk_create(
            RankEntry(rank_list=rank_list, position=i, **{side: value})
            for i, value in enumerate(ids, start=1)
        )
    return rank_list


def match_round_close_now(*, actor: Actor, round: MatchRound) -> MatchRound:
    """Bring the deadline forward to now (organisers only)."""
    if not policies.can_manage_match_day(actor, round.match_day):
        raise PermissionDenied
    with transaction.atomic():
        _check_ranking_open(round, timezone.now())
        round.deadline = timezone.now()
        round.save(update_fields=["deadline"])
        event_record(actor=actor, verb="matching.ranking_closed", target=round)
    return round


def match_round_run(*, actor: Actor, round: MatchRound) -> MatchRound:
    """After the deadline: trainee-proposing deferred acceptance on the submitted lists.
    The result waits for review; running again replaces it until it is published."""
    if not policies.can_manage_match_day(actor, round.match_day):
        raise PermissionDenied
    if round.status == MatchRound.Status.PUBLISHED:
        raise ValidationError(_("This round is already published."), code="published")
    if timezone.now() < round.deadline:
        raise ValidationError(
            _("Rank lists are due until the deadline; run the matching after it."),
            code="before_deadline",
        )
    with transaction.atomic():
        matched, trainees, blocking = _match_round(round, matched_by=actor.user)
        event_record(
            actor=actor,
            verb="matching.round_matched",
            target=round,
            matched=matched,
            trainees=trainees,
            blocking_pairs=blocking,
        )
    return round


def _match_round(round: MatchRound, *, matched_by) -> tuple[int, int, int]:
    """Deferred acceptance on the round's lists; stores the results (no audit event).
    Returns (matched, trainees, blocking pairs)."""
    trainee_ids = round_trainee_ids(round)
    capacities = round_capacities(round)
    postings = list(capacities)
    p_index = {p: i for i, p in enumerate(postings)}
    t_index = {t: i for i, t in enumerate(trainee_ids)}
    trainee_lists: list[list[int]] = [[] for _t in trainee_ids]
    opening_rank: dict[tuple[int, int], int] = {}
    for rl in round.rank_lists.prefetch_related("entries"):
        entries = sorted(rl.entries.all(), key=lambda e: e.position)
        if rl.trainee_id is not None and rl.trainee_id in t_index:
            trainee_lists[t_index[rl.trainee_id]] = [
                p_index[e.posting_id] for e in entries if e.posting_id in p_index
            ]
        elif rl.posting_id is not None and rl.posting_id in p_index:
            o = p_index[rl.posting_id]
            for rank, e in enumerate(e for e in entries if e.trainee_id in t_index):
                opening_rank[(o, t_index[e.trainee_id])] = rank
    assignment, blocking = adapter.deferred_acceptance(
        trainee_lists, opening_rank, [capacities[p] for p in postings]
    )
    with transaction.atomic():
        round.results.all().delete()
        results = []
        for t, a in enumerate(assignment):
            posting_id = postings[a] if a >= 0 else None
            results.append(
                MatchResult(
                    round=round,
                    trainee_id=trainee_ids[t],
                    posting_id=posting_id,
                    trainee_choice=(trainee_lists[t].index(a) + 1) if a >= 0 else None,
                    company_choice=(opening_rank[(a, t)] + 1) if a >= 0 else None,
                )
            )
        MatchResult.objects.bulk_create(results)
        round.status = MatchRound.Status.MATCHED
        round.matched_at = timezone.now()
        round.matched_by = matched_by
        round.blocking_pairs = blocking
        round.full_clean()
        round.save()
    return sum(1 for a in assignment if a >= 0), len(trainee_ids), blocking


def match_round_publish(*, actor: Actor, round: MatchRound) -> MatchRound:
    """Publish a reviewed round: every match becomes an application at the interview stage
    (through the applications service, which notifies both sides by page and email), and
    unmatched trainees are told by email. All or nothing."""
    day = round.match_day
    if not policies.can_manage_match_day(actor, day):
        raise PermissionDenied
    if round.status != MatchRound.Status.MATCHED:
        raise ValidationError(_("Run the matching before publishing it."), code="not_matched")
    today = _today()
    results = list(round.results.select_related("trainee__course", "posting__company"))
    closed = sorted(
        {
            r.posting.title
            for r in results
            if r.posting is not None
            and (r.posting.status != PostingStatus.OPEN or r.posting.deadline < today)
        }
    )
    if closed:
        raise ValidationError(
            _(
                "These postings no longer take applications; reopen them or run again without "
                "them: %(titles)s"
            )
            % {"titles": ", ".join(closed)},
            code="posting_not_open",
        )
    consent_text = _("Ranked this posting at match day “%(title)s”.") % {"title": day.title}
    unmatched_emails: list[tuple[str, str]] = []
    with transaction.atomic():
        for result in results:
            if result.posting is None:
                if result.trainee.email:
                    unmatched_emails.append((result.trainee.email, result.trainee.name))
                continue
            result.application = _application_at_interview(
                actor=actor,
                trainee=result.trainee,
                posting=result.posting,
                day=day,
                consent_text=consent_text,
            )
            result.save(update_fields=["application"])
        round.status = MatchRound.Status.PUBLISHED
        round.published_at = timezone.now()
        round.published_by = actor.user
        round.full_clean()
        round.save()
        event_record(
            actor=actor,
            verb="matching.round_published",
            target=round,
            matched=sum(1 for r in results if r.posting_id),
            unmatched=len(unmatched_emails),
        )
        transaction.on_commit(lambda: _email_unmatched(day, round.number, unmatched_emails))
    return round


def _application_at_interview(
    *, actor: Actor, trainee: Trainee, posting: JobPosting, day: MatchDay, consent_text: str
) -> Application:
    application = Application.objects.filter(
        trainee=trainee, posting=posting, status__in=ACTIVE
    ).first()
    if application is None:
        application = application_services.application_create(
            actor=actor, trainee=trainee, posting=posting, behalf_consent=consent_text
        )
    details = {"interview_at": day.interview_at, "interview_place": day.interview_place}
    if application.status == Stage.APPLIED:
        application = application_services.application_move(
            actor=actor,
            application=application,
            to_status=Stage.DOCUMENT_PASS,
            expected_version=application.version,
        )
    if application.status == Stage.DOCUMENT_PASS:
        application = application_services.application_move(
            actor=actor,
            application=application,
            to_status=Stage.INTERVIEW_SCHEDULED,
            expected_version=application.version,
            details=details,
        )
    return application


def _email_unmatched(day: MatchDay, number: int, people: Sequence[tuple[str, str]]) -> None:
    for email, name in people:
        try:
            send_mail(
                _("[careerhub] Match day results: %(title)s") % {"title": day.title},
                _(
                    "%(name)s, you were not matched in round %(round)s of %(title)s. "
                    "Your consultant will tell you about the next round."
                )
                % {"name": name, "round": number, "title": day.title},
                settings.DEFAULT_FROM_EMAIL,
                [email],
            )
        except Exception:  # delivery problems must not undo a published round
            logger.exception("match day result email to %s failed", email)


def match_round_open_next(
    *, actor: Actor, match_day: MatchDay, deadline: dt.datetime
) -> MatchRound:
    """Open another round for the trainees still unmatched and the places still unfilled."""
    if not policies.can_manage_match_day(actor, match_day):
        raise PermissionDenied
    last = match_day.rounds.order_by("-number").first()
    if last is None or last.status != MatchRound.Status.PUBLISHED:
        raise ValidationError(
            _("Publish the current round before opening the next."), code="round_open"
        )
    if deadline <= timezone.now():
        raise ValidationError(
            {
                "deadline": ValidationError(
                    _("The ranking deadline must be in the future."), code="deadline_past"
                )
            }
        )
    nxt = MatchRound(match_day=match_day, number=last.number + 1, deadline=deadline)
    if not round_trainee_ids(nxt) or not round_capacities(nxt):
        raise ValidationError(
            _("Everyone is matched or every place is filled: there is nothing left to match."),
            code="nothing_left",
        )
    with transaction.atomic():
        nxt.full_clean()
        nxt.save()
        event_record(actor=actor, verb="matching.round_opened", target=nxt, number=nxt.number)
    return nxt
