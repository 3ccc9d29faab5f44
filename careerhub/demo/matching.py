"""Demo matching (issue 7), deterministic and idempotent, with no Event rows:

- stored recommendation runs for the demo trainees and for the cohort-3 trainees of the
  demo consultants (so every caseload page opens on computed results);
- a finished cohort plan for cohort 3, requested by the program office;
- a cohort-3 match day with three open postings and ten consenting trainees whose rank
  lists (drawn from their fit, with a seeded shuffle) are in, the deadline passed and the
  first round matched and waiting for the office to review and publish — publishing it in
  the demo creates the interview-stage applications through the applications service.

Each part is written only when missing (natural keys: trainee has a run; cohort 3 has a
plan by the office; the match day's title), so a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.utils import timezone

from careerhub.academy.models import Trainee
from careerhub.accounts.models import User
from careerhub.hiring.models import JobPosting
from careerhub.matching import adapter, services
from careerhub.matching.models import (
    MatchDay,
    MatchDayPosting,
    MatchDayTrainee,
    MatchResult,
    MatchRound,
    PlanRun,
    RankEntry,
    RankList,
    RecommendationRun,
)

MATCH_DAY_TITLE = "3기 매칭데이 (2026년 12월)"


def matching_demo_ensure(
    *,
    seed: int,
    office: User,
    trainee_users: list[User],
    consultants: list[User],
    created: Counter[str],
) -> None:
    """``trainee_users``: the demo trainee logins; the first is the match day's trainee.
    Recommendations are stored for them and for every demo consultant's cohort-3 caseload."""
    today = timezone.localdate()
    logins = list(Trainee.objects.filter(user__in=trainee_users).order_by("pk"))
    trainee = next((t for t in logins if t.user_id == trainee_users[0].pk), None)
    caseload = list(
        adapter.matchable_trainees(
            Trainee.objects.filter(consultant__in=consultants, course__cohort__number=3),
            today=today,
        ).order_by("pk")
    )
    people = logins + [t for t in caseload if t not in logins]
    _recommendations_ensure(people, today, created)
    _plan_ensure(office, today, created)
    _match_day_ensure(seed, office, trainee, today, created)


def _recommendations_ensure(trainees: list[Trainee], today: dt.date, created: Counter[str]):
    have = set(
        RecommendationRun.objects.filter(trainee__in=trainees).values_list("trainee_id", flat=True)
    )
    missing = [t.pk for t in trainees if t.pk not in have]
    if not missing:
        return
    runs = services._compute_for_trainees(
        actor=None, infos=adapter.load_trainees(missing), today=today
    )
    created["matching.recommendationrun"] += len(runs)


def _plan_ensure(office: User, today: dt.date, created: Counter[str]) -> None:
    from careerhub.academy.models import Cohort

    cohort = Cohort.objects.filter(number=3).first()
    if cohort is None or PlanRun.objects.filter(cohort=cohort, requested_by=office).exists():
        return
    run = PlanRun.objects.create(
        cohort=cohort,
        parameters=dict(services.DEFAULT_PLAN_PARAMETERS),
        requested_by=office,
    )
    services.plan_run_execute(run_id=run.pk, today=today)
    created["matching.planrun"] += 1


def _match_day_ensure(
    seed: int, office: User, trainee: Trainee | None, today: dt.date, created: Counter[str]
) -> None:
    if MatchDay.objects.filter(title=MATCH_DAY_TITLE).exists():
        return
    rng = random.Random(seed * 11 + 7)  # noqa: S311 - reproducible demo data
    postings = list(adapter.open_postings(today=today).select_related("company").order_by("pk")[:3])
    if not postings:
        return
    pool = adapter.consenting(
        adapter.matchable_trainees(Trainee.objects.filter(course__cohort__number=3), today=today)
    )
    ids = list(pool.order_by("pk").values_list("pk", flat=True))
    chosen = sorted(rng.sample(ids, min(10, len(ids))))
    if trainee is not None and trainee.pk in ids and trainee.pk not in chosen:
        chosen[0] = trainee.pk
        chosen.sort()
    now = timezone.now()
    day = MatchDay.objects.create(
        title=MATCH_DAY_TITLE,
        cohort_id=Trainee.objects.get(pk=chosen[0]).course.cohort_id,
        held_on=today + dt.timedelta(days=14),
        interview_at=(now + dt.timedelta(days=14)).replace(hour=1, minute=0, second=0),
        interview_place="광주 인공지능산업융합사업단 1층 상담실",
        description=(
            "참여 기업 3곳이 현장 면접을 진행합니다. "
            "순위 제출 마감 후 1라운드 결과를 검토해 발표합니다."
        ),
        created_by=office,
    )
    MatchDayPosting.objects.bulk_create(
        MatchDayPosting(match_day=day, posting=p, places=min(2, p.headcount)) for p in postings
    )
    MatchDayTrainee.objects.bulk_create(
        MatchDayTrainee(match_day=day, trainee_id=t) for t in chosen
    )
    rnd = MatchRound.objects.create(match_day=day, number=1, deadline=now - dt.timedelta(hours=2))
    _rank_lists(rng, rnd, postings, chosen, office, now)
    services._match_round(rnd, matched_by=office)  # as the office's button, minus the event
    created["matching.matchday"] += 1
    created["matching.matchresult"] += MatchResult.objects.filter(round=rnd).count()


def _rank_lists(rng, rnd, postings: list[JobPosting], chosen: list[int], office, now) -> None:
    infos = adapter.load_trainees(chosen)
    openings = adapter.load_openings(
        today=timezone.localdate(), posting_ids=[p.pk for p in postings]
    )
    problem = adapter.Problem(infos, openings)
    import numpy as np

    n_t, n_o = len(infos), len(openings)
    t_idx = np.repeat(np.arange(n_t), n_o)
    o_idx = np.tile(np.arange(n_o), n_t)
    fit = problem.score(t_idx, o_idx).total.reshape(n_t, n_o)
    noise = np.asarray([[rng.random() * 0.15 for _o in range(n_o)] for _t in range(n_t)])
    score = fit + noise
    for t, info in enumerate(infos):
        order = [int(o) for o in np.argsort(-score[t])][: 2 + (t % 2)]
        rl = RankList.objects.create(
            round=rnd, trainee_id=info.id, submitted_by=office, submitted_at=now
        )
        RankEntry.objects.bulk_create(
            RankEntry(rank_list=rl, position=i, posting_id=openings[o].posting_id)
            for i, o in enumerate(order, start=1)
        )
    for o, opening in enumerate(openings):
        order = [int(t) for t in np.argsort(-score[:, o])][:7]
        rl = RankList.objects.create(
            round=rnd, posting_id=opening.posting_id, submitted_by=office, submitted_at=now
        )
        RankEntry.objects.bulk_create(
            RankEntry(rank_list=rl, position=i, trainee_id=infos[t].id)
            for i, t in enumerate(order, start=1)
        )
