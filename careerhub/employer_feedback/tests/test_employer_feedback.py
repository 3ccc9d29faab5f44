"""Employer feedback on hires (issue 17, item 7): the month-one request on fixed dates, the
company's answer, and the aggregate per course and skill that never shows one hire."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from careerhub.applications.models import Application
from careerhub.core.errors import error_codes
from careerhub.core.models import AccessRecord, Event
from careerhub.core.policy import PermissionDenied
from careerhub.core.scheduling import schedules_from_settings, task_resolve
from careerhub.core.tests import factories as f
from careerhub.employer_feedback import selectors, services
from careerhub.employer_feedback.models import HireFeedback, SkillRating
from careerhub.hiring.models import JobPosting, PostingSkill
from careerhub.messaging.models import Message

pytestmark = pytest.mark.django_db

START = dt.date(2026, 10, 1)
DUE = START + dt.timedelta(days=30)  # 2026. 10. 31.


@pytest.fixture
def hires(world):
    """Company X hired three trainees of course A into one posting (Python required, SQL
    preferred), all starting on START; a fourth application is still at the offer."""
    python = f.SkillFactory(code="python", name_ko="파이썬", name_en="Python")
    sql = f.SkillFactory(code="sql", name_ko="SQL", name_en="SQL")
    posting = JobPosting.objects.create(
        company=world.company_x,
        title="백엔드 개발자",
        role=world.course_a.track_role,
        region="gwangju",
        headcount=3,
        deadline=dt.date(2026, 9, 1),
        status="closed",
    )
    PostingSkill.objects.create(posting=posting, skill=python, level=3, required=True)
    PostingSkill.objects.create(posting=posting, skill=sql, level=2, required=False)
    trainees = [world.trainee_a1, world.trainee_a2, f.TraineeFactory(course=world.course_a)]
    apps = [
        Application.objects.create(trainee=t, posting=posting, status="hired", start_date=START)
        for t in trainees
    ]
    offer = Application.objects.create(
        trainee=f.TraineeFactory(course=world.course_a), posting=posting, status="offer"
    )
    return type(
        "Hires",
        (),
        {"python": python, "sql": sql, "posting": posting, "apps": apps, "offer": offer},
    )


def ask(today: dt.date) -> int:
    return services.feedback_requests_send(today=today)


# --- the request, on fixed dates --------------------------------------------------------------


def test_asked_exactly_a_month_after_the_start_once_with_a_message_to_the_recruiters(world, hires):
    assert ask(DUE - dt.timedelta(days=1)) == 0
    assert not HireFeedback.objects.exists() and not Message.objects.exists()
    assert ask(DUE) == 3  # the three hires; not the offer
    assert ask(DUE) == 0 and ask(DUE + dt.timedelta(days=1)) == 0  # never twice
    assert HireFeedback.objects.count() == 3
    fb = HireFeedback.objects.get(application=hires.apps[0])
    assert fb.due_on == DUE and fb.requested_at is not None and not fb.is_answered
    messages = Message.objects.filter(kind="hire_feedback_request")
    assert messages.count() == 3  # company X has one recruiter: one message per hire
    m = messages.get(subjects={"trainees": [world.trainee_a1.pk]})
    assert m.to_address == "recruiter_x@example.kr"
    assert m.recipient == world.users["recruiter_x"]
    assert m.operator_id == world.op_a.pk
    assert reverse("employer_feedback:answer", args=[fb.pk]) in m.body
    assert "김가영" in m.body and "2026. 10. 1." in m.body


def test_a_missed_day_is_caught_up_but_an_old_hire_is_not_asked(world, hires):
    late = DUE + dt.timedelta(days=services.catch_up_days())
    assert ask(late) == 3
    HireFeedback.objects.all().delete()
    Message.objects.all().delete()
    assert ask(late + dt.timedelta(days=1)) == 0  # too long ago to ask out of the blue


def test_the_daily_run_is_scheduled_and_its_task_asks(world, hires, monkeypatch):
    schedule = {s.name: s for s in schedules_from_settings()}["hire_feedback_requests"]
    assert schedule.daily is not None
    task = task_resolve(schedule.task_path)
    assert any(e["name"] == "hire_feedback_requests" for e in settings.PERIODIC_TASKS)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: DUE)  # the run's "today"
    assert task.call() == 3 and task.call() == 0
    assert HireFeedback.objects.count() == 3


# --- the answer ------------------------------------------------------------------------------


def feedback_of(hires, i: int = 0) -> HireFeedback:
    ask(DUE)
    return HireFeedback.objects.get(application=hires.apps[i])


def test_recruiter_rates_each_skill_and_may_change_it(world, hires):
    fb = feedback_of(hires)
    actor = world.actor("recruiter_x")
    services.feedback_answer(
        actor=actor,
        feedback=fb,
        ratings={hires.python.pk: 4, hires.sql.pk: None},
        comment="  기초가 탄탄합니다. ",
    )
    fb.refresh_from_db()
    assert fb.is_answered and fb.answered_by == world.users["recruiter_x"]
    assert fb.comment == "기초가 탄탄합니다."
    assert list(fb.ratings.values_list("skill_id", "rating")) == [(hires.python.pk, 4)]
    assert Event.objects.filter(verb="hire_feedback.answered").count() == 1
    services.feedback_answer(
        actor=actor, feedback=fb, ratings={hires.python.pk: 5, hires.sql.pk: 3}, comment=""
    )
    assert dict(fb.ratings.values_list("skill_id", "rating")) == {
        hires.python.pk: 5,
        hires.sql.pk: 3,
    }


@pytest.mark.parametrize(
    ("ratings", "code"),
    [
        (lambda h: {h.python.pk: 6}, "rating_out_of_range"),
        (lambda h: {h.python.pk: 0}, "rating_out_of_range"),
        (lambda h: {h.python.pk: None, h.sql.pk: None}, "no_rating"),
        (lambda h: {h.python.pk: 3, -1: 4}, "not_a_posting_skill"),
    ],
)
def test_bad_answers_are_refused_with_their_code_and_write_nothing(world, hires, ratings, code):
    fb = feedback_of(hires)
    with pytest.raises(ValidationError) as exc:
        services.feedback_answer(
            actor=world.actor("recruiter_x"), feedback=fb, ratings=ratings(hires), comment="x"
        )
    assert error_codes(exc.value) == {code}
    fb.refresh_from_db()
    assert not fb.is_answered and not SkillRating.objects.exists()


def test_another_company_cannot_answer_or_open_it(world, hires, client):
    fb = feedback_of(hires)
    with pytest.raises(PermissionDenied):
        services.feedback_answer(
            actor=world.actor("recruiter_y"), feedback=fb, ratings={hires.python.pk: 1}, comment=""
        )
    url = reverse("employer_feedback:answer", args=[fb.pk])
    for key in ("recruiter_y", "staff_a", "office", "trainee_a1", "consultant_a"):
        client.force_login(world.users[key])
        assert client.get(url).status_code == 404, key
    assert not SkillRating.objects.exists()


def test_answer_page_records_the_access_and_saves(world, hires, client):
    fb = feedback_of(hires)
    client.force_login(world.users["recruiter_x"])
    listing = client.get(reverse("employer_feedback:list"))
    assert listing.status_code == 200
    assert reverse("employer_feedback:answer", args=[fb.pk]) in listing.content.decode()
    url = reverse("employer_feedback:answer", args=[fb.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'name="skill-{hires.python.pk}"' in html and f'name="skill-{hires.sql.pk}"' in html
    record = AccessRecord.objects.filter(page="employer_feedback:answer").get()
    assert record.subjects == {"trainees": [world.trainee_a1.pk]}
    bad = client.post(url, {f"skill-{hires.python.pk}": "9", "comment": ""})
    assert bad.status_code == 400 and not SkillRating.objects.exists()
    done = client.post(url, {f"skill-{hires.python.pk}": "4", f"skill-{hires.sql.pk}": ""})
    assert done.status_code == 302 and done["Location"] == reverse("employer_feedback:list")
    assert dict(fb.ratings.values_list("skill_id", "rating")) == {hires.python.pk: 4}


# --- the aggregate ---------------------------------------------------------------------------


def answer_all(world, hires, python: list[int], sql: list[int | None]) -> None:
    ask(DUE)
    actor = world.actor("recruiter_x")
    for app, p, s in zip(hires.apps, python, sql, strict=True):
        services.feedback_answer(
            actor=actor,
            feedback=HireFeedback.objects.get(application=app),
            ratings={hires.python.pk: p, hires.sql.pk: s},
            comment="비공개 의견",
        )


def test_summary_shows_averages_of_three_or_more_and_hides_smaller_cells(world, hires):
    answer_all(world, hires, python=[4, 5, 3], sql=[2, 4, None])
    (course,) = selectors.feedback_summary(actor=world.actor("staff_a"))
    assert course.course == world.course_a and course.answered == 3
    cells = {c.skill: c for c in course.cells}
    assert (cells["파이썬"].answers, cells["파이썬"].average) == (3, 4.0)
    assert (cells["SQL"].answers, cells["SQL"].average) == (2, None)  # hidden: two raters
    assert [c.course for c in selectors.feedback_summary(actor=world.actor("office"))] == [
        world.course_a
    ]
    assert selectors.feedback_summary(actor=world.actor("staff_b")) == []  # not their course


def test_unanswered_requests_count_nowhere(world, hires):
    ask(DUE)
    assert selectors.feedback_summary(actor=world.actor("office")) == []


def test_summary_page_shows_no_trainee_and_no_comment(world, hires, client):
    answer_all(world, hires, python=[4, 5, 3], sql=[2, 4, None])
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("employer_feedback:summary"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="average"><strong>4.0</strong>' in html
    assert html.count('data-testid="hidden-cell"') == 1
    for name in ("김가영", "이나래", "비공개 의견", "기업X"):
        assert name not in html
    for key in ("recruiter_x", "trainee_a1", "consultant_a", "committee"):
        client.force_login(world.users[key])
        assert client.get(reverse("employer_feedback:summary")).status_code == 404, key
