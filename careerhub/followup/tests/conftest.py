"""Completers on fixed dates around one ``TODAY`` (2026-07-15), on top of the shared world."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest

from careerhub.academy.models import Trainee
from careerhub.core.tests import factories as f
from careerhub.outcomes.models import RuleSet

TODAY = dt.date(2026, 7, 15)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CHECKIN_MONTHS = [0, 1, 3, 6, 12]
    settings.RETENTION_MONTHS = [1, 3, 6]
    settings.CHECKIN_CATCH_UP_DAYS = 7
    settings.CHECKIN_REMINDER_DAYS = 7
    settings.CHECKIN_LINK_MAX_AGE_DAYS = 30


@pytest.fixture
def rule_sets(db) -> None:
    """The shipped rule sets, even after a transactional test flushed the migrated rows."""
    shipped = importlib.import_module("careerhub.outcomes.migrations.0002_rule_sets").RULE_SETS
    for row in shipped:
        RuleSet.objects.get_or_create(code=row["code"], version=row["version"], defaults=row)


@pytest.fixture
def cohort2(world):
    cohort = f.CohortFactory(
        number=2,
        year=2025,
        training_start=dt.date(2025, 3, 2),
        training_end=dt.date(2026, 1, 15),
        employment_target=Decimal("0.750"),
    )
    return f.CourseFactory(
        operator=world.op_a,
        cohort=cohort,
        name="2기 과정A",
        start_date=dt.date(2025, 3, 2),
        end_date=dt.date(2026, 1, 15),
    )


def completer(course, name: str, completed_on: dt.date, **extra) -> Trainee:
    return f.TraineeFactory(
        course=course,
        name=name,
        enrolled_on=dt.date(2025, 3, 2),
        status=Trainee.Status.COMPLETED,
        completed_on=completed_on,
        **extra,
    )
