"""A small, hand-checkable matching world on top of the shared ``world`` fixture.

Roles: backend (group sw) and data (group data). Skills: Python, SQL, Docker.

- ``t1`` (operator A, own login ``trainee_a1``): wants backend, Python 3 and SQL 2,
  available next month, wants Gwangju; consents to provision to companies.
- ``t2`` (operator A): wants backend, Python 2, available next month; consents too.
- ``p1`` (company X, backend, Gwangju, 1 place): requires Python 3 and Docker 3, prefers
  SQL 1. Fit of t1: role 1, skills (0.4 + 0 + 0.2) × 0.8 = 0.48 (declared, not verified:
  ``Weights.declared_skill_weight``), timing 1, region 1 → 0.35 + 0.35 × 0.48 + 0.2 + 0.1
  = 0.818.
- ``p2`` (company Y, data, Seoul, no skills): fit of t1: role 0, skills 1, timing 1,
  region 0 → 0.35 + 0.2 = 0.55.
- ``p3`` (company Y, backend, Gwangju, 1 place, requires Python 2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from careerhub.academy.models import Consent, TraineeSkill
from careerhub.core.tests import factories as f
from careerhub.hiring.models import JobPosting, PostingSkill
from careerhub.matching import adapter


@dataclass
class MatchWorld:
    backend: object
    data: object
    python: object
    sql: object
    docker: object
    course: object
    t1: object
    t2: object
    p1: object
    p2: object
    p3: object


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def mx(world) -> MatchWorld:
    sw = f.RoleGroupFactory(code="sw", name_ko="소프트웨어", name_en="Software")
    dg = f.RoleGroupFactory(code="data", name_ko="데이터", name_en="Data")
    backend = f.JobRoleFactory(code="backend", name_ko="백엔드 개발자", group=sw)
    data = f.JobRoleFactory(code="data-analyst", name_ko="데이터 분석가", group=dg)
    python = f.SkillFactory(code="python", name_ko="파이썬", name_en="Python")
    sql = f.SkillFactory(code="sql", name_ko="SQL", name_en="SQL")
    docker = f.SkillFactory(code="docker", name_ko="도커", name_en="Docker")
    course = world.course_a
    course.track_role = backend
    course.save()
    next_month = adapter.add_months(timezone.localdate(), 1)
    t1 = world.trainee_a1
    t2 = world.trainee_a2
    for trainee, levels in ((t1, {python: 3, sql: 2}), (t2, {python: 2})):
        trainee.available_from = next_month
        trainee.desired_regions = ["gwangju"]
        trainee.save()
        trainee.desired_roles.set([backend])
        for skill, level in levels.items():
            TraineeSkill.objects.create(trainee=trainee, skill=skill, level=level)
        f.consent(trainee, Consent.Purpose.PROVISION_COMPANIES)
    p1 = JobPosting.objects.create(
        company=world.company_x,
        title="백엔드 개발자 채용",
        role=backend,
        region="gwangju",
        headcount=1,
        deadline=timezone.localdate() + dt.timedelta(days=25),
        status="open",
    )
    PostingSkill.objects.create(posting=p1, skill=python, level=3, required=True)
    PostingSkill.objects.create(posting=p1, skill=docker, level=3, required=True)
    PostingSkill.objects.create(posting=p1, skill=sql, level=1, required=False)
    p2 = JobPosting.objects.create(
        company=world.company_y,
        title="데이터 분석가",
        role=data,
        region="seoul",
        headcount=2,
        deadline=timezone.localdate() + dt.timedelta(days=25),
        status="open",
    )
    p3 = JobPosting.objects.create(
        company=world.company_y,
        title="주니어 백엔드",
        role=backend,
        region="gwangju",
        headcount=1,
        deadline=timezone.localdate() + dt.timedelta(days=25),
        status="open",
    )
    PostingSkill.objects.create(posting=p3, skill=python, level=2, required=True)
    return MatchWorld(backend, data, python, sql, docker, course, t1, t2, p1, p2, p3)
