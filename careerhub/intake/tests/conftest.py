"""Fixtures for recruitment tests: a cohort whose window is defined in Seoul time."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from careerhub.intake import services
from careerhub.intake.models import ScreeningStage

SEOUL = ZoneInfo("Asia/Seoul")
OPENS = dt.datetime(2026, 3, 16, 9, 0, tzinfo=SEOUL)
CLOSES = dt.datetime(2026, 4, 17, 18, 0, tzinfo=SEOUL)
DURING = dt.datetime(2026, 4, 1, 12, 0, tzinfo=SEOUL)
AFTER = dt.datetime(2026, 4, 20, 10, 0, tzinfo=SEOUL)
BASE_URL = "http://testserver"


@contextmanager
def at(moment: dt.datetime):
    """Stand at ``moment`` for everything intake asks the time of."""
    with mock.patch("careerhub.intake.clock.now", return_value=moment):
        yield


def person(n: int = 1, **overrides) -> dict:
    data = {
        "name": f"지원자{n}",
        "birth_date": dt.date(1998, 1, n),
        "email": f"applicant{n}@example.kr",
        "phone": f"010-5555-{n:04d}",
        "region": "gwangju",
        "education": "university",
        "major": "컴퓨터공학",
        "experience": "",
        "motivation": "AI 개발자가 되고 싶습니다.",
        "skills_text": "파이썬, SQL",
        "portfolio_url": "",
    }
    return data | overrides


CONSENTS = ("collection", "provision_operator")


def apply(cohort, n: int = 1, courses=(), *, when=DURING, confirm=True, **overrides):
    with at(when):
        application = services.application_submit(
            cohort=cohort,
            data=person(n, **overrides),
            course_ids=[c.pk for c in courses],
            consents=CONSENTS,
            base_url=BASE_URL,
        )
    if confirm:
        services.application_confirm_email(application=application)
    return application


def one_stage(course, *, weight="100", max_score="100", min_score="0"):
    return ScreeningStage.objects.create(
        course=course,
        kind=ScreeningStage.Kind.DOCUMENTS,
        name="서류",
        weight=Decimal(weight),
        max_score=Decimal(max_score),
        min_score=Decimal(min_score),
    )


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """Tests run inside one transaction that never commits: instead of a delivery pass after
    commit, the outbox delivers at once (careerhub.messaging)."""
    from careerhub.messaging.tests.helpers import deliver_at_once

    deliver_at_once(monkeypatch)


@pytest.fixture
def cohort(world):
    cohort = world.course_a.cohort
    cohort.application_opens_at = OPENS
    cohort.application_closes_at = CLOSES
    cohort.save()
    for course in (world.course_a, world.course_b):  # training starts after selection
        course.start_date, course.end_date = dt.date(2026, 6, 1), dt.date(2026, 12, 18)
        course.save()
    return cohort
