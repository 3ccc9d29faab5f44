"""End to end in Debian's Chromium: a match day from rank lists to published results.

A trainee and two companies submit rank lists in the browser before the deadline; the
program office closes ranking, runs deferred acceptance, reviews and publishes; the trainee
then sees their match and the application at the interview stage.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from careerhub.applications.models import Application
from careerhub.core.tests.browser import chromium_available, chromium_page
from careerhub.matching import services
from careerhub.matching.models import MatchResult, MatchRound

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


def test_match_day_from_rank_lists_to_published_results(live_server, transactional_db, world, mx):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    day = services.match_day_create(
        actor=world.actor("office"),
        title="11월 매칭데이",
        held_on=timezone.localdate() + dt.timedelta(days=7),
        interview_at=now + dt.timedelta(days=7),
        interview_place="광주 AI 센터 3층",
        deadline=now + dt.timedelta(days=2),
        postings={mx.p1.pk: 1, mx.p3.pk: 1},
        trainee_ids=[mx.t1.pk, mx.t2.pk],
    )
    base = live_server.url
    url = f"{base}/matching/match-days/{day.pk}/"
    p1_label = f"{world.company_x.name} · {mx.p1.title}"
    p3_label = f"{world.company_y.name} · {mx.p3.title}"
    with chromium_page() as page:
        # the trainee ranks both postings, p1 first
        log_in(page, base, "trainee_a1@example.kr")
        page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="매칭데이").click()
        page.get_by_role("link", name="11월 매칭데이").click()
        page.get_by_label(p1_label).fill("1")
        page.get_by_label(p3_label).fill("2")
        page.get_by_role("button", name="순위 제출").click()
        assert page.get_by_role("status").inner_text().startswith("순위를 저장했습니다")
        page.screenshot(path=str(SCREENSHOTS / "match-day-trainee-ranks.png"), full_page=True)

        # company X ranks the other trainee first, then ours; company Y ranks ours
        log_in(page, base, "recruiter_x@example.kr")
        page.goto(url)
        form = page.get_by_test_id("rank-form")
        form.get_by_label(f"{mx.t2.name} · {mx.course.name}").fill("1")
        form.get_by_label(f"{mx.t1.name} · {mx.course.name}").fill("2")
        form.get_by_role("button", name="순위 제출").click()
        assert page.get_by_role("status").inner_text().startswith("순위를 저장했습니다")
        log_in(page, base, "recruiter_y@example.kr")
        page.goto(url)
        page.get_by_label(f"{mx.t1.name} · {mx.course.name}").fill("1")
        page.get_by_role("button", name="순위 제출").click()

        # the office closes ranking, runs the matching, reviews and publishes
        log_in(page, base, "office@example.kr")
        page.goto(url)
        assert "교육생 2명 중 1명, 공고 2개 중 2개" in page.content()
        page.get_by_role("button", name="지금 순위 접수 마감").click()
        page.get_by_role("button", name="매칭 실행").click()
        assert page.get_by_test_id("round-status").inner_text() == "매칭 완료, 검토 중"
        rows = page.get_by_test_id("result")
        assert rows.count() == 2
        ours = rows.filter(has_text=mx.t1.name)
        assert p1_label in ours.inner_text()  # t2 never proposed, so p1 keeps t1
        assert "미매칭" in rows.filter(has_text=mx.t2.name).inner_text()
        page.screenshot(path=str(SCREENSHOTS / "match-day-review.png"), full_page=True)
        page.get_by_role("button", name="결과 발표").click()
        assert page.get_by_test_id("round-status").inner_text() == "공개됨"

        # the trainee sees their match and the application at the interview stage
        log_in(page, base, "trainee_a1@example.kr")
        page.goto(url)
        result = page.get_by_test_id("result")
        assert result.count() == 1  # only their own
        assert p1_label in result.inner_text()
        assert "면접 일정 확정" in result.inner_text() or "면접" in result.inner_text()
        page.screenshot(path=str(SCREENSHOTS / "match-day-published.png"), full_page=True)

    rnd = MatchRound.objects.get(match_day=day)
    assert rnd.status == MatchRound.Status.PUBLISHED
    result = MatchResult.objects.get(round=rnd, trainee=mx.t1)
    assert result.posting_id == mx.p1.pk
    application = Application.objects.get(trainee=mx.t1, posting=mx.p1)
    assert application.status == "interview_scheduled"
    assert application.interview_place == "광주 AI 센터 3층"
