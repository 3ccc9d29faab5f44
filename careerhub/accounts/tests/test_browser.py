"""End to end in Debian's Chromium: office staff log in, Korean home, English, log out."""

from pathlib import Path

import pytest

from careerhub.accounts.models import Role
from careerhub.core.tests import factories as f
from careerhub.core.tests.browser import chromium_available, chromium_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.fixture
def office_user(transactional_db):
    user = f.UserFactory(email="office@example.kr", name="사업단 담당자")
    f.grant(user, Role.PROGRAM_STAFF)
    f.CompanyFactory(name="광주에이아이", has_city_office=True)
    return user


def test_office_logs_in_sees_korean_home_switches_to_english_and_logs_out(live_server, office_user):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium_page() as page:
        page.goto(f"{live_server.url}/")
        assert "/login/" in page.url
        assert page.locator("html").get_attribute("lang") == "ko"
        page.get_by_label("이메일").fill("office@example.kr")
        page.get_by_label("비밀번호").fill("pw-for-tests-123")
        page.get_by_role("button", name="로그인").click()
        page.wait_for_url(f"{live_server.url}/")
        assert page.get_by_role("heading", level=1).inner_text() == "사업단 담당자님, 환영합니다"
        assert page.get_by_role("heading", name="사업단", exact=True).is_visible()
        nav = page.get_by_role("navigation", name="주 메뉴")
        assert nav.get_by_role("link", name="기업", exact=True).is_visible()
        page.screenshot(path=str(SCREENSHOTS / "home-ko.png"), full_page=True)

        page.get_by_label("언어").select_option("en")
        page.get_by_test_id("language-submit").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("heading", level=1).inner_text() == "Welcome, 사업단 담당자"
        assert (
            page.get_by_role("navigation", name="Main menu")
            .get_by_role("link", name="Companies")
            .is_visible()
        )
        page.screenshot(path=str(SCREENSHOTS / "home-en.png"), full_page=True)

        page.get_by_role("button", name="Log out").click()
        page.wait_for_url("**/login/")
        page.goto(f"{live_server.url}/")
        assert "/login/" in page.url  # the session is gone


def test_wrong_password_shows_korean_error(live_server, office_user):
    with chromium_page() as page:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("이메일").fill("office@example.kr")
        page.get_by_label("비밀번호").fill("틀린비밀번호")
        page.get_by_role("button", name="로그인").click()
        assert (
            page.get_by_role("alert")
            .inner_text()
            .startswith("이메일 또는 비밀번호가 올바르지 않습니다")
        )
