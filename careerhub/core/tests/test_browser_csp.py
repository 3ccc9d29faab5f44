"""In Debian's Chromium, with the Content-Security-Policy enforced: the app's pages and the
Django admin load without a single policy violation (issue 12)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from careerhub.accounts.models import Role, User
from careerhub.core.tests import factories as f
from careerhub.core.tests.browser import chromium_available, chromium_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def people(transactional_db):
    root = User.objects.create_superuser(email="root@example.kr", password="pw-for-tests-123")
    office = f.UserFactory(email="office@example.kr", name="사업단 담당자")
    f.grant(office, Role.PROGRAM_STAFF)
    trainee = f.TraineeFactory(name="김가영")
    return root, trainee


def _violations(page) -> list[str]:
    return page.violations  # filled by the console listener below


def _watch(page) -> None:
    page.violations = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            page.violations.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.violations.append(f"page error: {error}"))


def _log_in(page, url: str, email: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill("pw-for-tests-123")
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{url}/")


def test_pages_and_the_admin_load_without_policy_violations(live_server, people):
    root, trainee = people
    url = live_server.url
    with chromium_page(bypass_csp=False) as page:
        _watch(page)
        response = page.goto(f"{url}/login/")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        _log_in(page, url, "root@example.kr")
        for path in (
            "/",
            "/apply/",
            "/admin/",
            "/admin/academy/trainee/",
            f"/admin/academy/trainee/{trainee.pk}/change/",
            f"/admin/accounts/user/{root.pk}/change/",
            "/admin/accounts/user/add/",
            "/no-such-page/",
        ):
            page.goto(f"{url}{path}")
            page.wait_for_load_state("networkidle")
        # the admin's own scripts ran (its autocomplete widgets are built by jQuery/select2)
        page.goto(f"{url}/admin/academy/trainee/{trainee.pk}/change/")
        page.wait_for_load_state("networkidle")
        assert page.locator(".select2-container").count() > 0
        assert _violations(page) == []

        # and the policy is really enforced: an inline script is refused
        with pytest.raises(PlaywrightError, match="Content Security Policy"):
            page.add_script_tag(content="window.inlineRan = true")
        assert page.evaluate("window.inlineRan === undefined")
