"""The program office's monthly access review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from careerhub.audit.models import AccessReview
from careerhub.conftest import ROLE_KEYS, every_role, refused
from careerhub.core.models import AccessRecord

REVIEW = every_role({key: 200 if key == "office" else refused(key) for key in ROLE_KEYS})


def _last_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _access(user, at: dt.datetime, trainee_ids) -> AccessRecord:
    return AccessRecord.objects.create(
        at=at,
        actor=user,
        actor_user_id=user.pk,
        actor_email=user.email,
        actor_name=user.name,
        actor_roles=["operator_staff"],
        action=AccessRecord.Action.LIST,
        page="academy:trainee_list",
        subjects={"trainees": list(trainee_ids)},
        subject_count=len(trainee_ids),
    )


@pytest.fixture
def month_of_accesses(world):
    month = _last_month()
    staff, consultant = world.users["staff_a"], world.users["consultant_a"]
    for offset in range(5):  # five ordinary days: two people each, in working hours
        _access(staff, _at(month + dt.timedelta(days=offset), 10), [1, 2])
        _access(staff, _at(month + dt.timedelta(days=offset), 15), [2])  # same people again
    _access(staff, _at(month + dt.timedelta(days=6), 11), range(100, 140))  # 40: 20× the median
    _access(consultant, _at(month + dt.timedelta(days=2), 23, 30), [7])  # late at night
    _access(world.users["committee"], _at(month + dt.timedelta(days=3), 9), [8, 9])  # ordinary
    return month


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_the_review_is_open_to_the_program_office_only(as_role, world, month_of_accesses, who):
    client = as_role(who)
    month = f"?month={month_of_accesses:%Y-%m}"
    assert client.get(reverse("audit:review") + month).status_code == REVIEW[who]
    account = reverse("audit:account", args=[world.users["staff_a"].pk]) + month
    assert client.get(account).status_code == REVIEW[who]
    posted = client.post(reverse("audit:review") + month, {"note": "확인함"})
    assert posted.status_code == (302 if who == "office" else refused(who))
    assert AccessReview.objects.exists() is (who == "office")


def test_unusual_volumes_and_late_accesses_are_flagged(login, world, month_of_accesses):
    response = login(world.users["office"]).get(
        reverse("audit:review") + f"?month={month_of_accesses:%Y-%m}"
    )
    assert response.status_code == 200
    rows = {row.email: row for row in response.context["rows"]}
    staff = rows["staff_a@example.kr"]
    assert staff.records == 11 and staff.median == 2
    assert [(d.day, d.subjects) for d in staff.flagged_days] == [
        (month_of_accesses + dt.timedelta(days=6), 40)
    ]
    assert "median" in " ".join(staff.flagged_days[0].flags) or "중앙값" in " ".join(
        staff.flagged_days[0].flags
    )
    assert (
        rows["consultant_a@example.kr"].off_hours == 1 and rows["consultant_a@example.kr"].flagged
    )
    assert not rows["committee@example.kr"].flagged
    assert response.context["rows"][-1].email == "committee@example.kr"  # flagged ones first
    assert response.content.decode().count('data-testid="flagged"') == 2


def test_more_people_a_day_than_the_limit_is_flagged(login, world, settings):
    settings.ACCESS_REVIEW_DAILY_SUBJECTS = 30
    month = _last_month()
    for offset in range(3):  # the same volume every day: no median flag, only the limit
        _access(world.users["staff_a"], _at(month + dt.timedelta(days=offset), 10), range(31))
    response = login(world.users["office"]).get(reverse("audit:review") + f"?month={month:%Y-%m}")
    (row,) = response.context["rows"]
    assert len(row.flagged_days) == 3
    assert all(len(day.flags) == 1 for day in row.flagged_days)


def test_viewing_the_review_is_itself_recorded(login, world, month_of_accesses):
    client = login(world.users["office"])
    client.get(reverse("audit:review") + f"?month={month_of_accesses:%Y-%m}")
    record = AccessRecord.objects.get(page="audit:review")
    assert record.actor == world.users["office"] and record.subject_count == 3
    assert record.detail == {"month": f"{month_of_accesses:%Y-%m}"}
    drill = reverse("audit:account", args=[world.users["staff_a"].pk])
    page = client.get(drill + f"?month={month_of_accesses:%Y-%m}")
    assert page.status_code == 200 and len(page.context["records"]) == 11
    assert AccessRecord.objects.filter(page="audit:account").count() == 1


def test_the_review_confirmation_keeps_its_note_per_month(login, world, month_of_accesses):
    client = login(world.users["office"])
    url = reverse("audit:review") + f"?month={month_of_accesses:%Y-%m}"
    blank = client.post(url, {"note": "   "})
    assert blank.status_code == 400 and not AccessReview.objects.exists()
    assert client.post(url, {"note": "야간 열람 1건: 상담사 확인 완료"}).status_code == 302
    review = AccessReview.objects.get()
    assert review.month == month_of_accesses and review.reviewer_email == "office@example.kr"
    assert review.note == "야간 열람 1건: 상담사 확인 완료"
    assert "야간 열람 1건" in client.get(url).content.decode()


def test_a_month_that_has_not_begun_is_404(login, world):
    later = (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    client = login(world.users["office"])
    assert client.get(reverse("audit:review") + f"?month={later:%Y-%m}").status_code == 404
    assert client.get(reverse("audit:review") + "?month=abc").status_code == 404
