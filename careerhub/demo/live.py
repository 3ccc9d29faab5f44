"""The parts of the demo dated from the day ``seed_demo`` runs, not from the story's day:

- cohort 4, open for applications (its window runs from a few days before the run to a few
  weeks after it, training starting after that), with courses of every operator, so the
  public application page has something to apply to;
- open consulting slots of every operator's consultant on the coming weekdays, so every
  demo trainee login can book a session with a consultant of its own operator.

Idempotent by natural keys: cohort 4 and its courses are written only when missing; a slot
only where the consultant has none starting at that moment. One exception keeps the demo
usable on a later day: a cohort 4 left exactly as an earlier run made it (nobody applied,
enrolled or changed it) whose window is over gets its dates moved to the new day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from careerhub.academy.models import Cohort, Course, TrainingOperator
from careerhub.accounts.models import Membership, Role, User
from careerhub.consulting.models import Slot
from careerhub.core.models import Event
from careerhub.demo.program import AI_SERVICE, ASSOCIATION, CODING, INSTITUTE, SEOUL
from careerhub.intake.models import Application

NEXT_COHORT = 4
OPENED_DAYS_AGO = 3
CLOSES_IN_DAYS = 25
# (operator, course name, track role code, capacity)
NEXT_COURSES: tuple[tuple[str, str, str, int], ...] = (
    (INSTITUTE, AI_SERVICE, "ai-engineer", 40),
    (INSTITUTE, "컴퓨터 비전", "cv-engineer", 30),
    (ASSOCIATION, "빅데이터 분석", "data-analyst", 30),
    (ASSOCIATION, "데이터 엔지니어링", "data-engineer", 25),
    (CODING, "풀스택 웹 개발", "fullstack-developer", 30),
    (CODING, "AI 백엔드 개발", "backend-developer", 25),
)
NEXT_COHORT_SEATS = 200
SLOT_WEEKDAYS = 8
SLOT_HOURS = ((13, "in_person"), (16, "video"))  # clear of the story's 10, 11, 14, 15 o'clock


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL)


def live_demo_ensure(
    *,
    operators: dict[str, TrainingOperator],
    roles: dict[str, int],
    consultants: list[User],
    created: Counter[str],
    today: dt.date | None = None,
) -> None:
    today = today or timezone.localdate()
    _next_cohort_ensure(operators, roles, today, created)
    _open_slots_ensure(consultants, today, created)


def next_cohort_dates(today: dt.date) -> dict[str, object]:
    """Cohort 4's dates around ``today``: applications opened a few days ago and close in a
    few weeks; training starts on the second Monday after the close and lasts 26 weeks."""
    closes = today + dt.timedelta(days=CLOSES_IN_DAYS)
    start = closes + dt.timedelta(days=7 + (7 - closes.weekday()) % 7)
    return {
        "application_opens_at": _at(today - dt.timedelta(days=OPENED_DAYS_AGO), 9),
        "application_closes_at": _at(closes, 18),
        "training_start": start,
        "training_end": start + dt.timedelta(weeks=26, days=-3),
    }


def _next_cohort_ensure(
    operators: dict[str, TrainingOperator],
    roles: dict[str, int],
    today: dt.date,
    created: Counter[str],
) -> None:
    cohort = Cohort.objects.filter(number=NEXT_COHORT).first()
    if cohort is not None and _untouched_and_past(cohort, today):
        _redate(cohort, today)
        created[f"{Cohort._meta.label_lower} (dates moved to today)"] += 1
    if cohort is None:
        dates = next_cohort_dates(today)
        cohort = Cohort(
            number=NEXT_COHORT,
            year=dates["training_start"].year,  # type: ignore[attr-defined]
            capacity=NEXT_COHORT_SEATS,
            employment_target=Decimal("0.750"),
            **dates,
        )
        cohort.full_clean()
        cohort.save()
        created[Cohort._meta.label_lower] += 1
    have = set(Course.objects.filter(cohort=cohort).values_list("operator_id", "name"))
    new = [
        Course(
            cohort=cohort,
            operator=operators[operator],
            name=name,
            track_role_id=roles[role],
            capacity=capacity,
            start_date=cohort.training_start,
            end_date=cohort.training_end,
        )
        for operator, name, role, capacity in NEXT_COURSES
        if (operators[operator].pk, name) not in have
    ]
    Course.objects.bulk_create(new)
    if new:
        created[Course._meta.label_lower] += len(new)


def _untouched_and_past(cohort: Cohort, today: dt.date) -> bool:
    """Cohort 4 as an earlier run left it, its window over: nobody applied, enrolled or
    changed it by hand (no event names it). Then a later run moves its dates to today."""
    closes = cohort.application_closes_at
    if closes is None or timezone.localdate(closes) >= today:
        return False
    touched = Event.objects.filter(
        target_type=Cohort._meta.label_lower, target_id=str(cohort.pk)
    ).exists()
    return not (
        touched
        or Application.objects.filter(cohort=cohort).exists()
        or Course.objects.filter(cohort=cohort, trainees__isnull=False).exists()
    )


def _redate(cohort: Cohort, today: dt.date) -> None:
    old = (cohort.training_start, cohort.training_end)
    for field, value in next_cohort_dates(today).items():
        setattr(cohort, field, value)
    cohort.year = cohort.training_start.year
    cohort.full_clean()
    cohort.save()
    Course.objects.filter(cohort=cohort, start_date=old[0], end_date=old[1]).update(
        start_date=cohort.training_start, end_date=cohort.training_end
    )


def _open_slots_ensure(consultants: list[User], today: dt.date, created: Counter[str]) -> None:
    days: list[dt.date] = []
    day = today
    while len(days) < SLOT_WEEKDAYS:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    starts = [(_at(d, hour), mode) for d in days for hour, mode in SLOT_HOURS]
    new = []
    for consultant in consultants:
        membership = Membership.objects.filter(user=consultant, role=Role.CONSULTANT).first()
        if membership is None or membership.operator is None:
            continue
        have = set(Slot.objects.filter(consultant=consultant).values_list("starts_at", flat=True))
        place = f"{membership.operator} 상담실"
        new += [
            Slot(
                consultant=consultant,
                operator_id=membership.operator_id,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=50),
                mode=mode,
                location=place if mode == "in_person" else "https://meet.careerhub.kr/consulting",
            )
            for start, mode in starts
            if start not in have
        ]
    Slot.objects.bulk_create(new)
    if new:
        created[Slot._meta.label_lower] += len(new)
