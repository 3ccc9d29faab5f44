"""End to end in Debian's Chromium: a recruiter fills in and submits the demand survey in
Korean, then revises it; every save is a revision."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from careerhub.accounts.models import Role
from careerhub.core.tests import factories as f
from careerhub.core.tests.browser import chromium_available, chromium_page
from careerhub.hiring.models import DemandLine, DemandResponse, SurveyRound

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture
def setup(transactional_db):
    company = f.CompanyFactory(name="광주에이아이랩")
    user = f.UserFactory(email="recruiter@example.kr", name="강채용")
    f.grant(user, Role.RECRUITER, company=company)
    f.JobRoleFactory(code="data-analyst", name_ko="데이터 분석가", name_en="Data Analyst")
    f.SkillFactory(code="python", name_ko="파이썬", name_en="Python")
    f.SkillFactory(code="sql", name_ko="SQL", name_en="SQL")
    now = timezone.now()
    survey_round = SurveyRound.objects.create(
        title="2027년 상반기 채용 수요 조사",
        opens_at=now - dt.timedelta(days=3),
        closes_at=now + dt.timedelta(days=20),
    )
    return company, survey_round


def test_recruiter_submits_demand_in_korean(live_server, setup):
    company, survey_round = setup
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("이메일").fill("recruiter@example.kr")
        page.get_by_label("비밀번호").fill("pw-for-tests-123")
        page.get_by_role("button", name="로그인").click()
        page.wait_for_url(f"{live_server.url}/")
        assert page.get_by_text("채용 수요 조사 마감").is_visible()  # the home page says so
        nav = page.get_by_role("navigation", name="주 메뉴")
        nav.get_by_role("link", name="채용 수요 조사").click()
        page.get_by_role("link", name="2027년 상반기 채용 수요 조사").click()
        assert page.get_by_role("heading", level=1).inner_text() == "광주에이아이랩 채용 수요"
        assert page.get_by_test_id("response-status").inner_text() == "미착수"

        page.get_by_role("link", name="직무 추가").click()
        page.get_by_label("직무", exact=True).select_option(label="인공지능 · 데이터 분석가")
        page.get_by_label("모집인원").fill("3")
        page.get_by_label("채용 시작 월").fill("2027-03")
        page.get_by_label("채용 종료 월").fill("2027-05")
        page.get_by_label("고용형태").select_option(label="채용연계형 인턴")
        page.get_by_label("근무지역").select_option(label="광주")
        page.get_by_label("연봉 하한(만 원)").fill("3200")
        page.get_by_label("연봉 상한(만 원)").fill("3800")
        page.get_by_label("사관학교 교육생 우대 전형").check()
        page.get_by_label("기술 1", exact=True).fill("Python")
        page.keyboard.press("Escape")  # close the skill-name suggestions
        page.get_by_label("수준 1", exact=True).select_option("4")
        page.get_by_label("기술 2", exact=True).fill("SQL")
        page.keyboard.press("Escape")
        page.get_by_label("필수/우대 2", exact=True).select_option(label="우대")
        page.screenshot(path=str(SCREENSHOTS / "demand-line-ko.png"), full_page=True)
        page.get_by_role("heading", level=1).click()  # leave the skill field
        with page.expect_navigation():
            page.get_by_role("button", name="저장").click()
        assert "새 수정본으로 저장했습니다" in page.get_by_role("status").inner_text()
        row = page.get_by_role("row").filter(has_text="데이터 분석가").first
        assert "2027. 3.–2027. 5." in row.inner_text()
        assert "파이썬 4" in row.inner_text() and "SQL 3 (우대)" in row.inner_text()
        page.get_by_role("button", name="수요 제출").click()
        page.wait_for_load_state()
        assert page.get_by_test_id("response-status").inner_text().startswith("제출 완료")

        # A revision before the deadline: the headcount goes from 3 to 4.
        page.get_by_role("link", name="수정 데이터 분석가").click()
        assert page.get_by_label("모집인원").input_value() == "3"
        assert page.get_by_label("기술 1", exact=True).input_value() == "파이썬"
        page.get_by_label("모집인원").fill("4")
        page.get_by_role("button", name="저장").click()
        page.wait_for_url(f"**/hiring/surveys/{survey_round.pk}/companies/{company.pk}/")
        page.get_by_role("button", name="다시 제출").click()
        page.wait_for_load_state()
        page.screenshot(path=str(SCREENSHOTS / "demand-submitted-ko.png"), full_page=True)

    response = DemandResponse.objects.get(company=company, round=survey_round)
    assert response.status == "submitted"
    line = DemandLine.objects.get(response=response)
    assert (line.headcount, line.earliest_month, line.employment_type) == (
        4,
        dt.date(2027, 3, 1),
        "intern_to_hire",
    )
    assert line.preferential_screening and (line.salary_min, line.salary_max) == (3200, 3800)
    assert sorted(line.skills.values_list("skill__code", "required", "level")) == [
        ("python", True, 4),
        ("sql", False, 3),
    ]
    assert list(response.revisions.order_by("number").values_list("action", flat=True)) == [
        "line_added",
        "submitted",
        "line_changed",
        "submitted",
    ]
    assert response.revisions.get(number=1).snapshot[0]["headcount"] == 3
