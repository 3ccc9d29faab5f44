"""A completed cohort on top of the shared ``world``: five completers, hand-computed.

Cohort 1 (target 75 %) completed on 2026-01-31; today (frozen for rates) is 2026-06-15.

| trainee | course (operator) | confirmed outcome                                   |
| ------- | ----------------- | --------------------------------------------------- |
| 가      | A                 | employed 2026-04-30, insured, full-time, evidence    |
| 나      | A                 | started a company 2026-03-02, evidence               |
| 다      | A                 | employed 2026-05-01 — only *proposed*, not confirmed |
| 라      | A                 | none                                                 |
| 마      | B                 | employed 2026-02-10, not covered, reference          |
| 바      | B                 | (still enrolled: not a completer)                    |
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from careerhub.academy.models import Trainee
from careerhub.core.tests import factories as f
from careerhub.outcomes.models import Insurance, Outcome, OutcomeType, RuleSet

DONE = dt.date(2026, 1, 31)
TODAY = dt.date(2026, 6, 15)


@dataclass
class Ledger:
    cohort: object
    course_a: object
    course_b: object
    t: dict[str, Trainee]
    proposed: Outcome


def _outcome(trainee, *, status=Outcome.Status.CONFIRMED, verifier=None, **fields):
    defaults = {
        "outcome_type": OutcomeType.EMPLOYED,
        "employment_type": "full_time",
        "company_name": "광주에이아이",
        "insurance": Insurance.CONFIRMED,
        "evidence_reference": "고용보험 피보험자격 취득 확인",
    }
    defaults.update(fields)
    if status == Outcome.Status.CONFIRMED:
        defaults.update(verified_by=verifier, verified_at=timezone.now())
    return Outcome.objects.create(trainee=trainee, status=status, **defaults)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Every test keeps its uploads (private) and old public media in its own folders."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "private"


@pytest.fixture
def ledger(world) -> Ledger:
    cohort = f.CohortFactory(
        number=1,
        year=2025,
        training_start=dt.date(2025, 8, 1),
        training_end=DONE,
        employment_target=Decimal("0.750"),
    )
    course_a = f.CourseFactory(
        operator=world.op_a,
        cohort=cohort,
        name="1기 과정A",
        start_date=dt.date(2025, 8, 1),
        end_date=DONE,
    )
    course_b = f.CourseFactory(
        operator=world.op_b,
        cohort=cohort,
        name="1기 과정B",
        start_date=dt.date(2025, 8, 1),
        end_date=DONE,
    )
    t = {}
    for name, course in [
        ("가", course_a),
        ("나", course_a),
        ("다", course_a),
        ("라", course_a),
        ("마", course_b),
    ]:
        t[name] = f.TraineeFactory(
            course=course,
            name=name,
            enrolled_on=dt.date(2025, 8, 1),
            status=Trainee.Status.COMPLETED,
            completed_on=DONE,
        )
    t["바"] = f.TraineeFactory(course=course_b, name="바", enrolled_on=dt.date(2025, 8, 1))
    staff = world.users["staff_a"]
    _outcome(t["가"], start_date=dt.date(2026, 4, 30), verifier=staff)
    _outcome(
        t["나"],
        outcome_type=OutcomeType.STARTUP,
        employment_type="",
        start_date=dt.date(2026, 3, 2),
        evidence_reference="사업자등록 123-45-67890",
        verifier=staff,
    )
    proposed = _outcome(t["다"], status=Outcome.Status.PROPOSED, start_date=dt.date(2026, 5, 1))
    _outcome(
        t["마"],
        start_date=dt.date(2026, 2, 10),
        insurance=Insurance.NOT_COVERED,
        evidence_reference="프리랜서 계약서",
        verifier=world.users["staff_b"],
    )
    return Ledger(cohort, course_a, course_b, t, proposed)


@pytest.fixture
def rule_sets(db) -> None:
    """The shipped rule sets, even after a transactional test flushed the migrated rows."""
    shipped = importlib.import_module("careerhub.outcomes.migrations.0002_rule_sets").RULE_SETS
    for row in shipped:
        RuleSet.objects.get_or_create(code=row["code"], version=row["version"], defaults=row)
