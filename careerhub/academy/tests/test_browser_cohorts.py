"""In Debian's Chromium (issue 14 item 10): the program office starts cohort 4 — the cohort,
a course, recruitment opened — and a person applies to it on the public form; then the
office closes recruitment and the form says so. The cohort pages pass axe."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from careerhub.academy.models import Cohort
from careerhub.accounts.models import Role
from careerhub.core.models import Event
from careerhub.core.tests import factories as f
from careerhub.core.tests.browser import axe_violations, chromium_available, chromium_page
from careerhub.intake.models import Application

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture
def office_world(transactional_db):
    operator = f.OperatorFactory(name="빛고을AI교육원")
    role = f.JobRoleFactory(name_ko="AI 엔지니어")
    office = f.UserFactory(email="office@example.kr", name="한지원")
    f.grant(office, Role.PROGRAM_STAFF)
    return operator, role


def login(page, base_url, email):
    page.goto(f"{base_url}/login/")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill("pw-for-tests-123")
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{base_url}/")


def no_axe_violations(page):
    violations = axe_violations(page)
    assert violations == [], violations


def test_the_office_starts_cohort_4_and_a_person_applies(live_server, office_world):
    operator, role = office_world
    base = live_server.url
    today = timezone.localdate()
    start, end = today + dt.timedelta(days=60), today + dt.timedelta(days=240)
    closes = today + dt.timedelta(days=30)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium_page() as page:
        login(page, base, "office@example.kr")
        page.get_by_role("navigation", name="주 메뉴").get_by_role(
            "link", name="기수", exact=True
        ).click()
        page.wait_for_url(re.compile(r".*/academy/cohorts/$"))
        no_axe_violations(page)
        page.locator("a[href$='/academy/cohorts/new/']").click()

        # a cohort whose recruitment window is not decided yet
        page.locator("#id_number").fill("4")
        page.locator("#id_training_start").fill(start.isoformat())
        page.locator("#id_training_end").fill(end.isoformat())
        page.locator("#id_capacity").fill("100")
        no_axe_violations(page)
        page.locator("form.stacked button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/academy/cohorts/\d+/$"))
        cohort = Cohort.objects.get(number=4)
        assert cohort.application_window_state(timezone.now()) == "none"
        assert page.locator("h1").inner_text() == "4기"

        # its first course
        page.locator(f"a[href$='/academy/cohorts/{cohort.pk}/courses/new/']").click()
        page.locator("#id_operator").select_option(label=str(operator))
        page.locator("#id_name").fill("AI 서비스 개발")
        page.locator("#id_track_role").select_option(label=str(role))
        page.locator("#id_capacity").fill("20")
        page.locator("form.stacked button[type=submit]").click()
        page.wait_for_url(re.compile(rf".*/academy/cohorts/{cohort.pk}/$"))
        assert cohort.courses.get().capacity == 20

        # recruitment opens now, until 18:00 in 30 days
        page.locator("#id_closes_at").fill(f"{closes.isoformat()}T18:00")
        page.locator("#recruitment-open").click()
        page.wait_for_url(re.compile(rf".*/academy/cohorts/{cohort.pk}/$"))
        page.locator("#recruitment-close").wait_for()
        page.screenshot(path=str(SCREENSHOTS / "cohort-4-open.png"), full_page=True)
        page.reload()  # axe on the page itself; base.html's message list is not checked here
        no_axe_violations(page)
        cohort.refresh_from_db()
        assert cohort.application_window_state(timezone.now()) == "open"
        assert timezone.localtime(cohort.application_closes_at).date() == closes
        assert Event.objects.filter(verb="cohort.recruitment_opened").count() == 1
        page.get_by_role("button", name="로그아웃").click()

        # a person finds cohort 4 on the public page and applies
        page.goto(f"{base}/apply/")
        page.locator(f"a[href$='/apply/{cohort.number}/']").click()
        page.get_by_label("이름").fill("홍길동")
        page.get_by_label("생년월일").fill("1999-05-05")
        page.get_by_label("이메일").fill("hong@example.kr")
        page.get_by_label("휴대전화").fill("010-1234-5678")
        page.get_by_label("학력").select_option("university")
        page.get_by_label("지원동기").fill("광주에서 AI 개발자로 일하고 싶습니다.")
        page.get_by_label("보유 기술").fill("파이썬, SQL")
        page.get_by_label("1지망").select_option(label="AI 서비스 개발 (빛고을AI교육원, 20명)")
        page.get_by_label("개인정보 수집·이용에 동의합니다.").check()
        page.get_by_label("교육운영기관에 대한 개인정보 제공에 동의합니다.").check()
        page.get_by_role("button", name="지원서 제출").click()
        page.wait_for_url(re.compile(r".*/apply/4/received/"))
        application = Application.objects.get()
        assert application.cohort == cohort
        assert [c.course.name for c in application.choices.all()] == ["AI 서비스 개발"]

        # the office closes recruitment: the form no longer takes applications
        login(page, base, "office@example.kr")
        page.goto(f"{base}/academy/cohorts/{cohort.pk}/")
        page.locator("#recruitment-close").click()
        page.locator("#recruitment-open").wait_for()
        cohort.refresh_from_db()
        assert cohort.application_window_state(timezone.now()) == "closed"
        page.get_by_role("button", name="로그아웃").click()
        page.goto(f"{base}/apply/{cohort.number}/")
        assert page.get_by_label("이름").count() == 0
    assert Application.objects.count() == 1
