"""End to end in Debian's Chromium (issue 14 item 1): an application created the way the demo,
imports and match days create them — no ``applied_by`` — moves through interview to hire in
the recruiter's browser. A move that fails keeps what the recruiter typed and names the
field to fix; nothing is written by it."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest
from django.utils import timezone

from careerhub.applications.models import Application, StageChange
from careerhub.core.tests.browser import axe_violations, chromium_available, chromium_page
from careerhub.hiring.models import JobPosting
from careerhub.outcomes.models import Outcome, RuleSet

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def _rule_sets_ensure() -> None:
    """A transactional test flushes tables after itself, the migrated rule sets included."""
    shipped = importlib.import_module("careerhub.outcomes.migrations.0002_rule_sets").RULE_SETS
    for row in shipped:
        RuleSet.objects.get_or_create(code=row["code"], version=row["version"], defaults=row)


@pytest.fixture
def seeded(transactional_db, world):
    """Company X's open posting and trainee A1's application at 서류 합격, seeded like the
    demo: no applying user, no stage history."""
    _rule_sets_ensure()
    posting = JobPosting.objects.create(
        company=world.company_x,
        title="AI 서비스 개발자",
        deadline=timezone.localdate() + dt.timedelta(days=14),
        status="open",
        region="gwangju",
    )
    return Application.objects.create(
        trainee=world.trainee_a1, posting=posting, status="document_pass", applied_by=None
    )


def log_in(page, base, email):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("이메일").fill(email)
    page.get_by_label("비밀번호").fill("pw-for-tests-123")
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{base}/")


def move(page, stage, **fields):
    page.get_by_label("새 단계").select_option(label=stage)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    save(page)


def save(page):
    with page.expect_navigation():
        page.get_by_role("button", name="단계 저장").click()


def moved(page, stage: str) -> bool:
    """The page says the move succeeded and the heading's stage badge shows ``stage``."""
    messages = page.locator(".messages")
    heading = page.get_by_role("heading", level=1).inner_text()
    return messages.count() > 0 and stage in messages.inner_text() and heading.endswith(stage)


def test_a_recruiter_moves_a_seeded_application_through_interview_to_hire(
    live_server, world, seeded
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    url = f"{base}/applications/{seeded.pk}/"
    when = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT14:00")
    with chromium_page() as page:
        log_in(page, base, "recruiter_x@example.kr")
        page.goto(url)

        # A failed move: the place is typed, the date forgotten. The page keeps the stage and
        # the place, names the date field and writes nothing.
        move(page, "면접 예정", **{"면접 장소": "본사 5층 회의실"})
        assert not moved(page, "면접 예정")
        date_field = page.locator(".field", has=page.get_by_label("면접 일시", exact=True))
        assert "면접 일시" in date_field.get_by_role("alert").inner_text()
        assert page.get_by_label("면접 장소", exact=True).input_value() == "본사 5층 회의실"
        assert page.get_by_label("새 단계").input_value() == "interview_scheduled"
        assert axe_violations(page) == []
        page.screenshot(path=str(SCREENSHOTS / "seeded-move-failed.png"), full_page=True)
        seeded.refresh_from_db()
        assert seeded.status == "document_pass" and not StageChange.objects.exists()

        # Completing the date moves it; then interview done and the offer.
        page.get_by_label("면접 일시", exact=True).fill(when)
        save(page)
        assert moved(page, "면접 예정"), page.locator("[role=alert]").all_inner_texts()
        move(page, "면접 완료")
        assert moved(page, "면접 완료"), page.locator("[role=alert]").all_inner_texts()
        move(page, "채용 제안", **{"제안 연봉 (원)": "36000000"})
        assert moved(page, "채용 제안"), page.locator("[role=alert]").all_inner_texts()

        # The trainee's operator staff record the acceptance (the seeded trainee may have
        # no login of their own), then the recruiter records the hire.
        log_in(page, base, "staff_a@example.kr")
        page.goto(url)
        move(page, "제안 수락")
        assert moved(page, "제안 수락"), page.locator("[role=alert]").all_inner_texts()
        log_in(page, base, "recruiter_x@example.kr")
        page.goto(url)
        first_day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
        move(page, "입사", **{"첫 출근일": first_day})
        assert moved(page, "입사"), page.locator("[role=alert]").all_inner_texts()
        assert "입사" in page.get_by_role("heading", level=1).inner_text()
        page.screenshot(path=str(SCREENSHOTS / "seeded-move-hired.png"), full_page=True)

    seeded.refresh_from_db()
    assert seeded.status == "hired" and seeded.applied_by is None
    assert seeded.interview_place == "본사 5층 회의실"
    assert seeded.start_date == timezone.localdate() + dt.timedelta(days=10)
    assert list(seeded.stage_changes.values_list("to_status", flat=True)) == [
        "interview_scheduled",
        "interview_done",
        "offer",
        "accepted",
        "hired",
    ]
    assert Outcome.objects.get(trainee=world.trainee_a1).status == Outcome.Status.PROPOSED
