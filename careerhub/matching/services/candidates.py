"""Writes for a posting's recommended candidates: computing the list and logging each look
at a candidate's profile."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy.models import Trainee
from careerhub.core.actors import Actor
from careerhub.core.policy import PermissionDenied
from careerhub.hiring.models import JobPosting
from careerhub.matching import adapter, policies, selectors
from careerhub.matching.errors import MatchingErrorCode
from careerhub.matching.models import Recommendation, RecommendationRun
from careerhub.matching.services.shared import (
    CANDIDATES_MAX_AGE,
    POSTING_TOP_K,
    _opening_refs,
    _parts,
    _today,
    _weights,
)


def candidates_refresh(
    *, actor: Actor, posting: JobPosting, force: bool = False, today: dt.date | None = None
) -> RecommendationRun:
    """The posting's top candidates among matchable trainees who consent to provision to
    companies. Kept for ``CANDIDATES_MAX_AGE`` unless the posting changed or ``force``."""
    if not policies.can_view_candidates(actor, posting):
        raise PermissionDenied
    if posting.role_id is None:
        raise ValidationError(
            _("Give the posting a role first: candidates are matched by role."),
            code=MatchingErrorCode.NO_ROLE,
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
    pool_qs = selectors.talent_pool(today=today).order_by("pk")
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
    """Check the company side may look at a recommended candidate's profile (the view records
    the access through core.access.record_access)."""
    if not policies.can_view_candidate(actor, posting, trainee):
        raise PermissionDenied
