"""Writes for a trainee's recommendations: computing and storing runs, saving and dismissing
openings, applying to a recommended posting."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict

from django.db import transaction

from careerhub.academy.models import Trainee
from careerhub.applications import services as application_services
from careerhub.applications.models import Application
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.hiring.models import JobPosting
from careerhub.matching import adapter, exclusions, policies
from careerhub.matching.models import (
    ApplicationSuggestion,
    Feedback,
    Recommendation,
    RecommendationRun,
)
from careerhub.matching.services.shared import (
    TRAINEE_TOP_K,
    _opening_info,
    _opening_refs,
    _parts,
    _today,
    _weights,
)


def _feedback_filter(trainee_id: int) -> dict[str, list]:
    """What the trainee's dismissals rule out of the next run."""
    return _feedback_filters([trainee_id])[trainee_id]


def _feedback_filters(trainee_ids: Sequence[int]) -> dict[int, dict[str, list]]:
    """``_feedback_filter`` for many trainees in one query (a caseload); each dismissal
    leaves out what its confirmed scope says (``matching.exclusions``)."""
    return exclusions.exclusion_rules(trainee_ids)


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


def _trainee_signature(
    info: adapter.TraineeInfo,
    rules: Mapping[str, list],
    openings_sig: str,
    taxonomy_sig: str | None = None,
):
    # taxonomy_sig: the caller's adapter.engine_taxonomy().signature when it signs many
    # trainees at once (reading it costs three queries)
    return adapter.digest(
        sorted(info.snapshot().items()),
        sorted(rules.items()),
        openings_sig,
        taxonomy_sig or adapter.engine_taxonomy().signature,
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
    rules_of = _feedback_filters([info.id for info in infos])
    taxonomy_sig = None if signatures else adapter.engine_taxonomy().signature
    for info in infos:
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
                    info,
                    rules,
                    openings_signature or adapter.openings_signature(today=today),
                    taxonomy_sig,
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
    for run, _items in pending:
        run.duration_ms = elapsed if len(pending) == 1 else 0
        # the trainee and the requester were just read from the database, so their
        # existence checks (one query each per run) are left to the foreign keys; the
        # subject check constraint is the database's too
        run.full_clean(exclude=["trainee", "requested_by"], validate_constraints=False)
    with transaction.atomic():
        # one INSERT for the runs and one for their items, however big the caseload
        RecommendationRun.objects.bulk_create([run for run, _items in pending])
        for run, items in pending:
            for item in items:
                item.run = run
            runs[run.trainee_id] = run
        Recommendation.objects.bulk_create(
            [item for _run, items in pending for item in items], batch_size=2000
        )
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
    rules_of = _feedback_filters([info.id for info in infos])
    taxonomy_sig = adapter.engine_taxonomy().signature
    for info in infos:
        signatures[info.id] = _trainee_signature(
            info, rules_of[info.id], openings_sig, taxonomy_sig
        )
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
