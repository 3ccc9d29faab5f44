"""A caseload's recommendations: current ones at once, a large stale batch in the background.

When an opening changes, every stored run goes stale together. Computing a program office's
200 trainees again inside the page took seconds; above ``INLINE_LIMIT`` stale trainees the
page shows their last run and the task worker computes the new ones
(``careerhub.matching.tasks.recommendations_refresh_task``), asked for once per batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.cache import cache

from careerhub.academy.models import Trainee
from careerhub.core.actors import Actor
from careerhub.core.policy import PermissionDenied
from careerhub.matching import adapter, policies, selectors
from careerhub.matching.models import RecommendationRun
from careerhub.matching.services.recommendations import (
    _compute_for_trainees,
    _feedback_filters,
    _trainee_signature,
)
from careerhub.matching.services.shared import _today

INLINE_LIMIT = 25  # stale trainees computed inside the request; more go to the task worker
# The same batch is not queued again while this holds. Short, because it is also how long a
# caseload shows "being brought up to date" when the worker computing the batch was killed: a
# batch takes seconds, and one queued twice computes nothing the second time (only stale
# trainees are computed).
QUEUED_SECONDS = 2 * 60


def _stale(
    trainee_ids: Sequence[int], *, today: dt.date
) -> tuple[dict[int, RecommendationRun], list[adapter.TraineeInfo], dict[int, str], str]:
    """Each trainee's latest run, those whose run is missing or out of date, their current
    signatures and the openings' signature."""
    infos = adapter.load_trainees(list(trainee_ids))
    openings_sig = adapter.openings_signature(today=today)
    latest = selectors.latest_runs_for(trainee_ids=[i.id for i in infos])
    rules_of = _feedback_filters([info.id for info in infos])
    taxonomy_sig = adapter.engine_taxonomy().signature
    signatures = {
        info.id: _trainee_signature(info, rules_of[info.id], openings_sig, taxonomy_sig)
        for info in infos
    }
    stale = [
        info
        for info in infos
        if info.id not in latest or latest[info.id].signature != signatures[info.id]
    ]
    return latest, stale, signatures, openings_sig


def caseload_runs(
    *, actor: Actor, trainees: Sequence[Trainee], today: dt.date | None = None
) -> tuple[dict[int, RecommendationRun], int]:
    """Every trainee's current run where it is current; with more than ``INLINE_LIMIT`` stale
    ones, their last run (if any) while the task worker computes new ones. Returns the runs
    by trainee and how many are being computed in the background."""
    today = today or _today()
    ids = [t.pk for t in trainees]
    # the rule of policies.can_view_recommendations, asked once for the whole caseload
    visible = policies.recommendation_trainees_visible_to(actor).filter(pk__in=ids)
    if len(set(visible.values_list("pk", flat=True))) != len(set(ids)):
        raise PermissionDenied
    latest, stale, signatures, openings_sig = _stale(ids, today=today)
    if not stale:
        return latest, 0
    if len(stale) <= INLINE_LIMIT:
        latest.update(
            _compute_for_trainees(
                actor=actor,
                infos=stale,
                today=today,
                signatures=signatures,
                openings_signature=openings_sig,
            )
        )
        return latest, 0
    ids = sorted(info.id for info in stale)
    if cache.add(f"matching:caseload:{adapter.digest(openings_sig, ids)}", 1, QUEUED_SECONDS):
        from careerhub.matching.tasks import recommendations_refresh_task

        recommendations_refresh_task.enqueue(trainee_ids=ids)
    return latest, len(stale)


def recommendations_refresh_batch(*, trainee_ids: Sequence[int]) -> int:
    """Bring these trainees' recommendations up to date (the task worker's side of a large
    caseload). Returns how many runs it stored."""
    today = _today()
    _latest, stale, signatures, openings_sig = _stale(trainee_ids, today=today)
    if not stale:
        return 0
    return len(
        _compute_for_trainees(
            actor=None,
            infos=stale,
            today=today,
            signatures=signatures,
            openings_signature=openings_sig,
        )
    )
