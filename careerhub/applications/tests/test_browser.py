"""End to end in Debian's Chromium: a trainee books a consulting session and applies; the
recruiter moves the application to hired; staff confirm the outcome; the cohort's rate moves.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from careerhub.academy.models import Trainee
from careerhub.accounts.models import Role
from careerhub.consulting.models import Booking, Slot
from careerhub.core.tests import factories as f
from careerhub.core.tests.browser import chromium_available, chromium_page
from careerhub.hiring.models import JobPosting
from careerhub.outcomes.models import Outcome, RuleSet

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]
PASSWORD = "pw-for-tests-123"


def _rule_sets_ensure() -> None:
    """A transactional test flushes tables after itself, the migrated rule sets included."""
    shipped = importlib.import_module("careerhub.outcomes.migrations.0002_rule_sets").RULE_SETS
    for row in shipped:
        RuleSet.objects.get_or_create(code=row["code"], version=row["version"], defaults=row)


@pytest.fixture
def story(transactional_db):
    _rule_sets_ensure()
    today = timezone.localdate()
    operator = f.OperatorFactory(name="빛고을AI교육원")
    cohort = f.CohortFactory(
        number=1,
        year=today.year,
        training_start=today - dt.timedelta(days=200),
        training_end=today - dt.timedelta(days=60),
        employment_target=Decimal("0.750"),
    )
    course = f.CourseFactory(
        operator=operator,
        cohort=cohort,
        name="AI 서비스 개발",
        start_date=cohort.training_start,
        end_date=cohort.training_end,
    )
    users = {
        key: f.UserFactory(email=f"{key}@example.kr", name=name)
        for key, name in [
            ("trainee", "김가영"),
            ("consultant", "이상담"),
            ("recruiter", "강채용"),
            ("staff", "박교육"),
        ]
    }
    f.grant(users["trainee"], Role.TRAINEE)
    f.grant(users["consultant"], Role.CONSULTANT, operator=operator)
    f.grant(users["staff"], Role.OPERATOR_STAFF, operator=operator)
    company = f.CompanyFactory(name="광주에이아이", has_city_office=True)
    f.grant(users["recruiter"], Role.RECRUITER, company=company)
    done = {
        "status": Trainee.Status.COMPLETED,
        "completed_on": cohort.training_end,
        "enrolled_on": cohort.training_start,
    }
    trainee = f.TraineeFactory(
        course=course, name="김가영", user=users["trainee"], consultant=users["consultant"], **done
    )
    f.TraineeFactory(course=course, name="이나래", **done)  # a second completer, not placed
    start = timezone.now() + dt.timedelta(days=2)
    Slot.objects.create(
        consultant=users["consultant"],
        operator=operator,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=50),
        location="상담실 2",
    )
    JobPosting.objects.create(
        company=company,
        title="AI 서비스 개발자",
        deadline=today + dt.timedelta(days=14),
        status="open",
        region="gwangju",
    )
    return trainee


def login(page, base, email):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{base}/")


def move(page, stage, **fields):
    page.get_by_label("새 단계").select_option(label=stage)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="단계 저장").click()
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text().startswith("지원 단계를")


def cohort_target_rate(page, base):
    page.goto(f"{base}/outcomes/rates/")
    row = page.locator("table").first.locator("tbody tr").first
    return row.locator("td").nth(2).inner_text()  # program-target: rate cell


def test_booking_applying_hiring_and_confirming_moves_the_rate(live_server, story):
    base = live_server.url
    with chromium_page() as page:
        # The trainee books a consulting session.
        login(page, base, "trainee@example.kr")
        page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="컨설팅").click()
        page.get_by_label("상담 유형").select_option(label="모의 면접")
        page.get_by_label("상담하고 싶은 내용").fill("AI 서비스 기업 기술 면접 준비")
        page.get_by_role("button", name="예약", exact=True).click()
        page.wait_for_load_state()
        assert "상담을 예약했습니다" in page.locator(".messages").inner_text()
        assert Booking.objects.get().session_type == "interview"

        # … and applies to the open posting.
        page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="입사 지원").click()
        page.get_by_label("기업에 전할 말").fill("광주에서 일하고 싶습니다.")
        page.get_by_role("button", name="지원하기").click()
        page.wait_for_load_state()
        assert "지원했습니다" in page.locator(".messages").inner_text()
        application_url = page.url

        # The recruiter moves it through the pipeline.
        login(page, base, "recruiter@example.kr")
        page.goto(application_url)
        move(page, "서류 합격")
        when = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT14:00")
        move(page, "면접 예정", **{"면접 일시": when, "면접 장소": "본사 5층 회의실"})
        move(page, "면접 완료")
        move(page, "채용 제안", **{"제안 연봉 (원)": "36000000"})

        # The trainee accepts the offer.
        login(page, base, "trainee@example.kr")
        page.goto(application_url)
        move(page, "제안 수락")

        # The recruiter records the hire with the first working day.
        login(page, base, "recruiter@example.kr")
        page.goto(application_url)
        first_day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
        move(page, "입사", **{"첫 출근일": first_day})
        assert "입사" in page.get_by_role("heading", level=1).inner_text()
        outcome = Outcome.objects.get()
        assert outcome.status == Outcome.Status.PROPOSED

        # Staff see the rate before confirming, then confirm with evidence.
        login(page, base, "staff@example.kr")
        assert cohort_target_rate(page, base).startswith("0.0%")
        page.goto(f"{base}/outcomes/trainees/{story.pk}/")
        page.get_by_role("link", name="수정").click()
        page.get_by_label("증빙 근거").fill("고용보험 피보험자격 취득 확인")
        page.get_by_role("button", name="저장").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="성과 확인").click()
        page.wait_for_load_state()
        assert "이제 취업률에 집계됩니다" in page.locator(".messages").inner_text()
        assert re.match(r"50\.0%", cohort_target_rate(page, base))
        outcome.refresh_from_db()
        assert outcome.status == Outcome.Status.CONFIRMED
        assert outcome.verified_by.email == "staff@example.kr"
