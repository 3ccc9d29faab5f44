"""In Debian's Chromium: a person applies in Korean and sees their receipt; then end to end
apply → staff score and select → office publishes → applicant confirms → enrolled trainee."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from careerhub.academy.models import Trainee
from careerhub.accounts.models import Role
from careerhub.core.tests import factories as f
from careerhub.core.tests.browser import chromium_available, chromium_page
from careerhub.intake.models import Application, ScreeningStage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture(autouse=True)
def site_url(live_server, settings):
    """Links in mail come from SITE_URL: here, the test server."""
    settings.SITE_URL = live_server.url


@pytest.fixture
def recruiting(transactional_db):
    now = timezone.now()
    cohort = f.CohortFactory(
        number=5,
        year=2027,
        training_start=dt.date(2027, 1, 4),
        training_end=dt.date(2027, 6, 30),
        application_opens_at=now - dt.timedelta(days=10),
        application_closes_at=now + dt.timedelta(days=10),
    )
    operator = f.OperatorFactory(name="빛고을AI교육원")
    course = f.CourseFactory(
        cohort=cohort,
        operator=operator,
        name="AI 서비스 개발",
        capacity=20,
        start_date=now.date() + dt.timedelta(days=30),
        end_date=now.date() + dt.timedelta(days=200),
    )
    staff = f.UserFactory(email="staff@example.kr", name="박교육")
    f.grant(staff, Role.OPERATOR_STAFF, operator=operator)
    office = f.UserFactory(email="office@example.kr", name="한지원")
    f.grant(office, Role.PROGRAM_STAFF)
    return cohort, course


def fill_application(page, base_url, cohort):
    page.goto(f"{base_url}/apply/{cohort.number}/")
    assert page.locator("html").get_attribute("lang") == "ko"
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


def login(page, base_url, email):
    page.goto(f"{base_url}/login/")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill("pw-for-tests-123")
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{base_url}/")


def test_person_applies_in_korean_and_sees_the_receipt(live_server, recruiting):
    cohort, _course = recruiting
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium_page() as page:
        fill_application(page, live_server.url, cohort)
        page.wait_for_url(re.compile(r".*/apply/\d+/received/"))  # the same for a duplicate
        assert "지원서가 접수되었습니다" in page.get_by_role("status").inner_text()
        receipt = Application.objects.get().receipt_number
        page.goto(re.search(r"http://\S+/apply/a/\S+/", mail.outbox[0].body).group(0))
        assert page.get_by_test_id("receipt-number").inner_text() == receipt
        page.screenshot(path=str(SCREENSHOTS / "apply-receipt.png"), full_page=True)
    assert receipt == "2027-05-00001"
    assert len(mail.outbox) == 1 and receipt in mail.outbox[0].subject


def test_apply_select_publish_confirm_enrolled(live_server, recruiting):
    cohort, course = recruiting
    stage = ScreeningStage.objects.create(
        course=course, kind="interview", name="면접", weight=Decimal(100), max_score=Decimal(100)
    )
    with chromium_page() as page:
        fill_application(page, live_server.url, cohort)
        page.wait_for_url(re.compile(r".*/apply/\d+/received/"))
        manage_url = re.search(r"http://\S+/apply/a/\S+/", mail.outbox[0].body).group(0)
        confirm = re.search(r"http://\S+/apply/confirm/\S+/", mail.outbox[0].body).group(0)
        page.goto(confirm)
        assert "이메일 주소가 확인되었습니다" in page.get_by_role("status").inner_text()

        cohort.application_closes_at = timezone.now() - dt.timedelta(seconds=1)
        cohort.save()  # the deadline passes
        application = Application.objects.get()

        login(page, live_server.url, "staff@example.kr")
        page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="모집").click()
        page.get_by_role("link", name=str(cohort)).click()
        page.get_by_role("link", name=re.compile("AI 서비스 개발")).click()
        page.get_by_role("link", name=application.receipt_number).click()
        page.get_by_label("면접 (/100)").fill("88")
        page.get_by_role("button", name="점수 저장").click()
        assert "점수를 저장했습니다" in page.get_by_role("status").inner_text()
        page.goto(f"{live_server.url}/intake/cohorts/{cohort.pk}/")
        page.get_by_role("button", name="선발 실행").click()
        assert "선발을 실행했습니다" in page.get_by_role("status").inner_text()
        page.get_by_role("button", name="로그아웃").click()

        login(page, live_server.url, "office@example.kr")
        page.goto(f"{live_server.url}/intake/cohorts/{cohort.pk}/")
        page.get_by_role("button", name="지원자에게 결과 공개").click()
        assert "결과를 공개" in page.get_by_role("status").inner_text()
        page.get_by_role("button", name="로그아웃").click()

        page.goto(manage_url)
        assert page.get_by_role("heading", name="선발되었습니다").is_visible()
        page.get_by_role("button", name="입과 확정").click()
        assert page.get_by_role("heading", name="입과가 확정되었습니다").is_visible()
        page.screenshot(path=str(SCREENSHOTS / "apply-enrolled.png"), full_page=True)
    trainee = Trainee.objects.get(email="hong@example.kr")
    assert trainee.course == course and trainee.status == "enrolled"
    assert trainee.application.receipt_number == application.receipt_number
    assert stage.scores.get().score == Decimal(88)
