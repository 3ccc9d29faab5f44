"""Objects of the key × operation matrix (test_matrix.py) for the areas of the
``matrix_rows_*`` modules beside this one, all on the ``a`` side (operator A, company X,
trainee A1), made on first use from the matrix's ``Objects``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from careerhub.consulting.models import Booking, Slot
from careerhub.matching.models import (
    MatchDay,
    MatchDayPosting,
    MatchDayTrainee,
    MatchRound,
    PlanRun,
)
from careerhub.matching.services.shared import DEFAULT_PLAN_PARAMETERS


def plan_of(o) -> PlanRun:
    run, _ = PlanRun.objects.get_or_create(
        cohort=o.world.course_a.cohort,
        operator=o.world.op_a,
        defaults={"parameters": dict(DEFAULT_PLAN_PARAMETERS)},
    )
    return run


def match_day_of(o) -> MatchDay:
    day = MatchDay.objects.filter(title="매트릭스 매칭데이").first()
    if day is None:
        now = timezone.now()
        day = MatchDay.objects.create(
            title="매트릭스 매칭데이",
            cohort=o.world.course_a.cohort,
            operator=o.world.op_a,
            held_on=timezone.localdate() + dt.timedelta(days=10),
            interview_at=now + dt.timedelta(days=10),
            interview_place="광주 AI 센터",
        )
        MatchDayPosting.objects.create(match_day=day, posting=o.open_posting, places=1)
        MatchDayTrainee.objects.create(match_day=day, trainee=o.world.trainee_a1)
        MatchRound.objects.create(match_day=day, number=1, deadline=now + dt.timedelta(days=5))
    return day


def _slot(o, days: int) -> Slot:
    start = (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0)
    slot, _ = Slot.objects.get_or_create(
        consultant=o.world.users["consultant_a"],
        operator=o.world.op_a,
        location=f"https://meet.example.com/{days}",
        defaults={
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=1),
            "mode": Slot.Mode.VIDEO,
        },
    )
    return slot


def free_slot_of(o) -> Slot:
    return _slot(o, 4)


def booking_of(o) -> Booking:
    slot = _slot(o, 5)
    booking, _ = Booking.objects.get_or_create(
        slot=slot,
        trainee=o.world.trainee_a1,
        defaults={"session_type": "resume", "status": Booking.Status.BOOKED},
    )
    return booking
