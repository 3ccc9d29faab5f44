"""Chromium + axe-core: every dashboard page and the base layout pages have no serious or
critical accessibility violations (KWCAG 2.2, as far as an automated check can tell); the
charts read without JavaScript and the people list leads to a logged Excel download."""

import pytest
from django.core.cache import cache

from careerhub.core.models import AccessRecord
from careerhub.core.tests.browser import axe_violations, chromium_available, chromium_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]
PASSWORD = "pw-for-tests-123"


def _login(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{live_server.url}/")


def _assert_accessible(page, what: str) -> None:
    found = axe_violations(page)
    assert found == [], f"{what}: {found}"


@pytest.fixture
def data(transactional_db, world, ledger, rule_sets, settings):
    settings.REPORTS_REFRESH_OVERLAP_SECONDS = 0
    cache.clear()
    return world


def test_layout_pages_are_accessible(live_server, data):
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/")
        _assert_accessible(page, "login")
        _login(page, live_server, "office@example.kr")
        _assert_accessible(page, "home")


def test_dashboards_are_accessible_and_readable_without_javascript(live_server, data, ledger):
    with chromium_page() as page:
        _login(page, live_server, "office@example.kr")
        for path, heading in [
            ("/reports/office/", "사업단 대시보드"),
            (f"/reports/office/?cohort={ledger.cohort.pk}&rule=kr-training", "사업단 대시보드"),
            (f"/reports/operators/{data.op_a.pk}/", "교육운영기관 대시보드: 운영기관A"),
            ("/reports/committee/", "위원회 보기: 수요와 공급"),
            (
                f"/reports/people/?cohort={ledger.cohort.pk}&rule=program-target&bucket=success",
                "취업으로 인정 · 사업 목표 취·창업률",
            ),
            ("/reports/people/download/?bucket=completers", "이 파일이 왜 필요한가요?"),
        ]:
            page.goto(f"{live_server.url}{path}")
            assert page.get_by_role("heading", level=1).inner_text() == heading, path
            _assert_accessible(page, path)
        # A chart is an image with a name and a description, and its numbers sit beside it.
        page.goto(f"{live_server.url}/reports/office/?cohort={ledger.cohort.pk}")
        chart = page.get_by_role("img", name="기수별 취업률 (사업 목표 취·창업률)")
        assert chart.is_visible()
        numbers = page.get_by_role(
            "table", name="“기수별 취업률 (사업 목표 취·창업률)” 차트의 수치"
        )
        assert "60.0%" in numbers.inner_text()


def test_from_a_figure_to_a_logged_download(live_server, data, ledger):

    with chromium_page() as page:
        _login(page, live_server, "staff_a@example.kr")
        page.goto(f"{live_server.url}/reports/")
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading == "교육운영기관 대시보드: 운영기관A"
        _assert_accessible(page, "operator dashboard (staff)")
        rates = page.get_by_role("table", name="산정 기준별 취업률")
        rates.get_by_role("row").filter(has_text="1기 과정A").get_by_role("link").first.click()
        page.wait_for_url("**/reports/people/**")
        assert page.get_by_role("heading", level=1).inner_text() == "수료자"
        page.get_by_role("link", name="엑셀로 내려받기 (사유 필요)").click()
        page.get_by_label("내려받는 목적").select_option("consulting")
        page.get_by_label("구체적인 사유").fill("1기 미취업자 상담 일정 잡기")
        with page.expect_download() as download:
            page.get_by_role("button", name="사유를 기록하고 내려받기").click()
        assert download.value.suggested_filename.endswith(".xlsx")
    record = AccessRecord.objects.get(action=AccessRecord.Action.EXPORT)
    assert record.actor == data.users["staff_a"]
    assert record.detail["reason"] == "1기 미취업자 상담 일정 잡기"
    assert sorted(record.subjects["trainees"]) == sorted(
        ledger.t[n].pk for n in ("가", "나", "다", "라")
    )
