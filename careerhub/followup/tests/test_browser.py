"""A graduate answers a check-in on a phone (375 px wide) in Korean, in Debian's Chromium."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from careerhub.core.tests.browser import axe_violations, chromium_available, chromium_page
from careerhub.followup import services, tokens
from careerhub.followup.models import CheckIn
from careerhub.followup.tests.conftest import completer
from careerhub.outcomes.models import Outcome

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]

WIDTH = """() => document.scrollingElement.scrollWidth"""


def test_a_graduate_answers_a_check_in_on_a_phone_in_korean(
    transactional_db, live_server, settings, world, cohort2
):
    settings.SITE_URL = live_server.url
    today = timezone.localdate()
    trainee = completer(cohort2, "김수료", today - dt.timedelta(days=1))
    services.checkins_run(today=today)
    checkin = CheckIn.objects.get(trainee=trainee)
    url = live_server.url + "/checkin/" + tokens.answer_token(checkin) + "/"
    with chromium_page() as page:
        page.set_viewport_size({"width": 375, "height": 740})
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "ko"
        assert page.title().startswith("요즘 어떻게 지내세요?")
        assert page.evaluate(WIDTH) <= 375  # no sideways scrolling on a phone
        assert axe_violations(page) == []
        # a submit without a status: the error is shown next to the question, in Korean
        page.get_by_role("button", name="응답 보내기").click()
        assert page.locator(".errorlist").first.is_visible()
        page.get_by_label("취업", exact=True).check()
        page.get_by_label("시작일").fill((today - dt.timedelta(days=1)).isoformat())
        page.get_by_label("회사 이름").fill("광주에이아이")
        page.get_by_label("직무").fill("데이터 분석가")
        page.get_by_label("고용형태").select_option("full_time")
        page.get_by_label("예, 가입되어 있습니다").check()
        page.get_by_label("연봉").select_option("30_36")
        page.get_by_role("button", name="응답 보내기").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="응답해 주셔서 감사합니다").is_visible()
        assert page.evaluate(WIDTH) <= 375
    checkin.refresh_from_db()
    outcome = checkin.proposed
    assert outcome.status == Outcome.Status.PROPOSED
    assert (outcome.company_name, outcome.job_title) == ("광주에이아이", "데이터 분석가")
