"""The fixed shape of the demo program: operators, cohorts and their courses.

These are the facts the demo mirrors (see PRODUCT.md): three operators with different
strengths, three cohorts, cohort 3 with about 300 seats. Names are fictional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
DEMO_TODAY = dt.date(2026, 11, 25)
"""The day the demo story is told on; every generated date is relative to fixed dates."""

INSTITUTE, ASSOCIATION, CODING = "institute", "association", "coding"


@dataclass(frozen=True)
class OperatorSpec:
    key: str
    name: str
    short_name: str
    kind: str  # TrainingOperator.Kind value
    description: str


@dataclass(frozen=True)
class CohortSpec:
    number: int
    year: int
    training_start: dt.date
    training_end: dt.date
    application_opens_at: dt.datetime
    application_closes_at: dt.datetime
    employment_target: Decimal = Decimal("0.750")


@dataclass(frozen=True)
class CourseSpec:
    cohort: int
    operator: str  # OperatorSpec.key
    name: str
    track_role: str  # JobRole.code
    capacity: int
    start_date: dt.date
    end_date: dt.date

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.cohort, self.operator, self.name)


OPERATORS: tuple[OperatorSpec, ...] = (
    OperatorSpec(
        key=INSTITUTE,
        name="(재)빛고을인공지능교육원",
        short_name="빛고을AI교육원",
        kind="institute",
        description="31개 협력기업과 함께 기업연계 AI 프로젝트 과정을 운영하는 교육기관입니다.",
    ),
    OperatorSpec(
        key=ASSOCIATION,
        name="(사)한빛AI표준협회",
        short_name="한빛표준협회",
        kind="association",
        description="교육생 1대1 취업 컨설팅을 제공하고 회원사 4,500곳의 채용공고를 공유합니다.",
    ),
    OperatorSpec(
        key=CODING,
        name="(주)코드누리에듀",
        short_name="코드누리",
        kind="edu_company",
        description="교육·평가·채용을 잇는 개발자 채용 플랫폼을 운영하며 해마다 약 200명을 "
        "직접 채용하는 온라인 코딩교육 기업입니다.",
    ),
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL)


COHORTS: tuple[CohortSpec, ...] = (
    CohortSpec(
        number=1,
        year=2020,
        training_start=dt.date(2020, 7, 20),
        training_end=dt.date(2020, 12, 23),
        application_opens_at=_at(dt.date(2020, 5, 18), 9),
        application_closes_at=_at(dt.date(2020, 6, 12), 18),
    ),
    CohortSpec(
        number=2,
        year=2022,
        training_start=dt.date(2022, 3, 21),
        training_end=dt.date(2022, 9, 30),
        application_opens_at=_at(dt.date(2022, 1, 10), 9),
        application_closes_at=_at(dt.date(2022, 2, 11), 18),
    ),
    CohortSpec(
        number=3,
        year=2026,
        training_start=dt.date(2026, 6, 1),
        training_end=dt.date(2026, 12, 18),
        application_opens_at=_at(dt.date(2026, 3, 16), 9),
        application_closes_at=_at(dt.date(2026, 4, 17), 18),
    ),
)

AI_SERVICE = "AI 서비스 개발 (기업연계 프로젝트)"

# (operator, course name, track role code, capacity) per cohort number.
_COURSE_TABLE: dict[int, tuple[tuple[str, str, str, int], ...]] = {
    1: (
        (INSTITUTE, AI_SERVICE, "ai-engineer", 20),
        (ASSOCIATION, "빅데이터 분석", "data-analyst", 15),
        (CODING, "풀스택 웹 개발", "fullstack-developer", 12),
    ),
    2: (
        (INSTITUTE, AI_SERVICE, "ai-engineer", 18),
        (INSTITUTE, "컴퓨터 비전", "cv-engineer", 15),
        (ASSOCIATION, "빅데이터 분석", "data-analyst", 15),
        (CODING, "AI 백엔드 개발", "backend-developer", 15),
    ),
    3: (
        (INSTITUTE, AI_SERVICE, "ai-engineer", 40),
        (INSTITUTE, "컴퓨터 비전", "cv-engineer", 35),
        (INSTITUTE, "자연어처리", "nlp-engineer", 35),
        (INSTITUTE, "임베디드 AI", "embedded-ai-engineer", 25),
        (ASSOCIATION, "빅데이터 분석", "data-analyst", 40),
        (ASSOCIATION, "데이터 엔지니어링", "data-engineer", 30),
        (ASSOCIATION, "MLOps", "mlops-engineer", 30),
        (CODING, "풀스택 웹 개발", "fullstack-developer", 35),
        (CODING, "AI 백엔드 개발", "backend-developer", 30),
    ),
}


def courses() -> tuple[CourseSpec, ...]:
    by_number = {c.number: c for c in COHORTS}
    return tuple(
        CourseSpec(
            cohort=number,
            operator=operator,
            name=name,
            track_role=role,
            capacity=capacity,
            start_date=by_number[number].training_start,
            end_date=by_number[number].training_end,
        )
        for number, rows in sorted(_COURSE_TABLE.items())
        for operator, name, role, capacity in rows
    )


# Roles a trainee of a track also asks for (all codes exist in the curated taxonomy).
RELATED_ROLES: dict[str, tuple[str, ...]] = {
    "ai-engineer": ("ml-engineer", "backend-developer", "mlops-engineer", "data-scientist"),
    "cv-engineer": ("ai-engineer", "ml-engineer", "embedded-ai-engineer"),
    "nlp-engineer": ("ai-engineer", "ml-engineer", "data-scientist"),
    "embedded-ai-engineer": ("cv-engineer", "ai-engineer", "mobile-developer"),
    "data-analyst": ("data-scientist", "data-engineer", "ai-product-manager"),
    "data-engineer": ("data-analyst", "backend-developer", "cloud-engineer"),
    "mlops-engineer": ("devops-engineer", "cloud-engineer", "ml-engineer"),
    "fullstack-developer": ("frontend-developer", "backend-developer", "mobile-developer"),
    "backend-developer": ("fullstack-developer", "cloud-engineer", "ai-engineer", "qa-engineer"),
}

# A project name per track, for portfolio addresses.
TRACK_PROJECTS: dict[str, tuple[str, ...]] = {
    "ai-engineer": ("ai-service-capstone", "chatbot-for-citizens", "smart-parking-ai"),
    "cv-engineer": ("defect-detection", "traffic-vision", "ocr-receipts"),
    "nlp-engineer": ("korean-review-sentiment", "legal-doc-summary", "rag-faq-bot"),
    "embedded-ai-engineer": ("edge-ai-camera", "jetson-fall-detection", "tinyml-sensor"),
    "data-analyst": ("sales-dashboard", "public-bike-analysis", "tourism-trend-report"),
    "data-engineer": ("data-pipeline", "airflow-etl", "streaming-logs"),
    "mlops-engineer": ("mlops-platform", "model-serving-k8s", "feature-store-demo"),
    "fullstack-developer": ("fullstack-job-board", "study-group-app", "market-place"),
    "backend-developer": ("recommendation-api", "booking-server", "ai-api-gateway"),
}
