"""The knowledge rate, hand-computed (careerhub.outcomes.knowledge)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from careerhub.academy.models import Trainee
from careerhub.followup.tests.conftest import completer
from careerhub.outcomes import knowledge
from careerhub.outcomes.models import Outcome, OutcomeType

TODAY = dt.date(2026, 7, 20)


def _outcome(trainee, kind, start, *, confirmed, end=None, staff=None):
    extra = {}
    if kind == OutcomeType.EMPLOYED:
        extra = {"employment_type": "full_time", "company_name": "광주에이아이"}
    return Outcome.objects.create(
        trainee=trainee,
        outcome_type=kind,
        start_date=start,
        end_date=end,
        status=Outcome.Status.CONFIRMED if confirmed else Outcome.Status.PROPOSED,
        verified_by=staff if confirmed else None,
        verified_at=timezone.now() if confirmed else None,
        **extra,
    )


def test_knowledge_at_each_window(world, cohort2):
    """Four completers of 2026-01-15 (6 months reached on 2026-07-15, 12 months not):

    | trainee | ledger                                              | known at 0/1/3/6 (verified) |
    | ------- | --------------------------------------------------- | --------------------------- |
    | 가      | job from 2026-03-01, confirmed                      | –, –, ✓, ✓                  |
    | 나      | still seeking, answered 2026-07-16, confirmed       | –, –, –, ✓ (within 45 days) |
    | 다      | job from 2026-02-01 to 2026-05-31, confirmed        | –, ✓, ✓, –                  |
    | 라      | job from 2026-06-20, only proposed                  | reported at 6, not verified |
    """
    staff = world.users["staff_a"]
    done = dt.date(2026, 1, 15)
    t = {n: completer(cohort2, n, done) for n in "가나다라"}
    _outcome(t["가"], OutcomeType.EMPLOYED, dt.date(2026, 3, 1), confirmed=True, staff=staff)
    _outcome(t["나"], OutcomeType.STILL_SEEKING, dt.date(2026, 7, 16), confirmed=True, staff=staff)
    _outcome(
        t["다"],
        OutcomeType.EMPLOYED,
        dt.date(2026, 2, 1),
        end=dt.date(2026, 5, 31),
        confirmed=True,
        staff=staff,
    )
    _outcome(t["라"], OutcomeType.EMPLOYED, dt.date(2026, 6, 20), confirmed=False)
    result = knowledge.knowledge_for(
        trainees=Trainee.objects.all(), today=TODAY, groupings={"all": lambda f: 0}
    )["all"][0]
    seen = {w.months: (w.reached, w.reported, w.verified) for w in result.windows}
    assert seen == {0: (4, 0, 0), 1: (4, 1, 1), 3: (4, 2, 2), 6: (4, 3, 2), 12: (0, 0, 0)}
    assert result.at(6).rate == Decimal("0.5000")
    assert result.for_rate(6).months == 6
    assert result.for_rate(12).months == 6  # 12 not reached by anyone: the latest reached
