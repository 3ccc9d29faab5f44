"""End to end in Debian's Chromium (issue 14 item 7): a trainee who wants Gwangju dismisses a
Gwangju posting as "근무할 수 없는 지역"; the page asks how much to leave out (warning that
Gwangju is a wanted region), the wider choice removes the other Gwangju posting, and the
exclusion is listed, narrowed and undone — the recommendations come back."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerhub.core.tests.browser import axe_violations, chromium_available, chromium_page
from careerhub.matching.models import Feedback

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def log_in(page, base, email):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill("pw-for-tests-123")
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{base}/")


def recommended(page) -> list[str]:
    return [
        card.locator("h2").inner_text()
        for card in page.get_by_test_id("recommendation").all()
        if card.locator("h2").count()
    ]


def test_a_wide_dismissal_asks_its_scope_is_listed_and_can_be_undone(
    live_server, transactional_db, world, mx
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    p1 = f"{world.company_x.name} · {mx.p1.title}"
    p2 = f"{world.company_y.name} · {mx.p2.title}"
    p3 = f"{world.company_y.name} · {mx.p3.title}"

    def shown(label):
        return any(label in title for title in recommended(page))

    with chromium_page() as page:
        log_in(page, base, "trainee_a1@example.kr")
        page.goto(f"{base}/matching/trainees/{mx.t1.pk}/")
        assert all(shown(label) for label in (p1, p2, p3))

        # Dismiss the Gwangju posting p1 because of its region: the page asks the scope.
        card = page.get_by_test_id("recommendation").filter(has_text=p1)
        card.get_by_label("관심 없는 이유").select_option(label="근무할 수 없는 지역")
        card.get_by_role("button", name="관심 없음").click()
        form = page.get_by_test_id("scope-form")
        form.wait_for()
        assert not Feedback.objects.exists()  # nothing stored before the trainee confirms
        assert page.locator("#scope-region-warning").is_visible()  # t1 wants Gwangju
        assert axe_violations(page) == []
        page.screenshot(path=str(SCREENSHOTS / "dismiss-scope.png"), full_page=True)
        form.locator('input[name="scope"][value="region"]').check()
        form.get_by_role("button", name="관심 없음").click()

        # Every Gwangju posting is gone; the exclusion says so and is listed.
        page.get_by_test_id("exclusions").wait_for()
        assert shown(p2) and not shown(p1) and not shown(p3)
        exclusion = page.get_by_test_id("exclusion")
        assert exclusion.count() == 1 and "광주" in exclusion.inner_text()
        page.screenshot(path=str(SCREENSHOTS / "exclusions-listed.png"), full_page=True)

        # Narrow it to the posting alone: the other Gwangju posting comes back.
        exclusion.locator('form:has(input[name="action"][value="scope"]) button').click()
        page.get_by_test_id("exclusions").wait_for()
        assert shown(p3) and shown(p2) and not shown(p1)
        assert Feedback.objects.get().scope == Feedback.Scope.OPENING

        # Undo it: every recommendation is back and the list is gone.
        page.get_by_test_id("exclusion").get_by_role("button", name="되돌리기").click()
        page.get_by_test_id("recommendation").first.wait_for()
        assert all(shown(label) for label in (p1, p2, p3))
        assert page.get_by_test_id("exclusions").count() == 0
        assert not Feedback.objects.exists()
