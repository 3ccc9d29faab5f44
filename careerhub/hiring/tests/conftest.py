from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from careerhub.core.tests import factories as f
from careerhub.hiring.models import SurveyRound


@pytest.fixture
def roles(db):
    return {
        "data": f.JobRoleFactory(
            code="data-analyst", name_ko="데이터 분석가", name_en="Data Analyst"
        ),
        "ai": f.JobRoleFactory(code="ai-engineer", name_ko="AI 엔지니어", name_en="AI Engineer"),
    }


@pytest.fixture
def skills(db):
    return {
        "python": f.SkillFactory(code="python", name_ko="파이썬", name_en="Python"),
        "sql": f.SkillFactory(code="sql", name_ko="SQL", name_en="SQL"),
    }


@pytest.fixture
def open_round(db):
    now = timezone.now()
    return SurveyRound.objects.create(
        title="2027년 상반기 채용 수요 조사",
        opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=10),
    )


@pytest.fixture
def closed_round(db):
    now = timezone.now()
    return SurveyRound.objects.create(
        title="2026년 하반기 채용 수요 조사",
        opens_at=now - dt.timedelta(days=120),
        closes_at=now - dt.timedelta(days=90),
    )
