"""A program with data on both sides of every retention period, relative to today.

| record                                              | period ended? |
| --------------------------------------------------- | ------------- |
| cohort "old results" (published 400 days ago):      |               |
|   applicant not selected, applicant who declined    | yes           |
|   applicant selected (holds a place)                | no            |
| cohort "new results" (published 100 days ago):      |               |
|   applicant not selected                            | no            |
| cohort "past" (year = this year - 4): trainee with  | yes           |
|   a login, an application and an evidence file      |               |
| cohort "boundary" (year = this year - 3): trainee   | no (next 1 Jan)|
|   with an evidence file                             |               |
| ``world``'s trainees (cohort of this year)          | no            |
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from careerhub.academy.models import Trainee
from careerhub.core.tests import factories as f
from careerhub.intake.models import Application, ApplicationChoice, SelectionRun
from careerhub.outcomes.models import Outcome, OutcomeType

Choice = ApplicationChoice.Outcome


@dataclass
class Retention:
    unselected_old: Application
    declined_old: Application
    selected_old: Application
    unselected_new: Application
    past_trainee: Trainee
    past_application: Application
    past_evidence: Outcome
    boundary_trainee: Trainee
    boundary_evidence: Outcome


def application(course, n: int, outcome: str, *, trainee=None) -> Application:
    now = timezone.now()
    app = Application.objects.create(
        cohort=course.cohort,
        receipt_seq=n,
        receipt_number=f"R-{course.cohort.number}-{n}",
        name=f"지원자{n}",
        birth_date=dt.date(1998, 1, 1),
        email=f"applicant{n}@example.kr",
        phone=f"010-5555-{n:04d}",
        region="gwangju",
        education="university",
        motivation="AI 개발자가 되고 싶습니다.",
        consent_collection_at=now,
        consent_provision_at=now,
        submitted_at=now,
        trainee=trainee,
    )
    ApplicationChoice.objects.create(application=app, course=course, rank=1, outcome=outcome)
    return app


def published(cohort, days_ago: int) -> SelectionRun:
    at = timezone.now() - dt.timedelta(days=days_ago)
    return SelectionRun.objects.create(cohort=cohort, run_at=at, published_at=at)


def evidence(trainee) -> Outcome:
    outcome = Outcome.objects.create(
        trainee=trainee, outcome_type=OutcomeType.STARTUP, start_date=dt.date(2023, 3, 2)
    )
    outcome.evidence_file.save("registration.pdf", ContentFile(b"%PDF-1.4 evidence"), save=True)
    return outcome


@pytest.fixture
def storage_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def retention(world, storage_in_tmp) -> Retention:
    year = timezone.localdate().year
    old = f.CourseFactory(cohort=f.CohortFactory(number=21, year=year - 1))
    new = f.CourseFactory(cohort=f.CohortFactory(number=22, year=year))
    published(old.cohort, 400)
    published(new.cohort, 100)
    past = f.CourseFactory(cohort=f.CohortFactory(number=11, year=year - 4))
    boundary = f.CourseFactory(cohort=f.CohortFactory(number=12, year=year - 3))
    past_trainee = f.TraineeFactory(course=past, name="최과거", user=f.UserFactory())
    boundary_trainee = f.TraineeFactory(course=boundary, name="정경계")
    return Retention(
        unselected_old=application(old, 1, Choice.NOT_SELECTED),
        declined_old=application(old, 2, Choice.DECLINED),
        selected_old=application(old, 3, Choice.SELECTED),
        unselected_new=application(new, 4, Choice.NOT_SELECTED),
        past_trainee=past_trainee,
        past_application=application(past, 5, Choice.ENROLLED, trainee=past_trainee),
        past_evidence=evidence(past_trainee),
        boundary_trainee=boundary_trainee,
        boundary_evidence=evidence(boundary_trainee),
    )
