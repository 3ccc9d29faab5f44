"""Interview invites (issue 17 item 4): the ICS round trip — invite, change, cancel — parsed
back from the outbox with ``icalendar``; a further round is its own event; the reminder the
day before goes once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from careerhub.applications import services
from careerhub.applications.tests.test_applications import move
from careerhub.hiring.models import JobPosting
from careerhub.messaging.models import Message

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
WHEN = dt.datetime(2027, 1, 12, 14, 0, tzinfo=SEOUL)


@pytest.fixture
def application(world, settings):
    settings.SITE_URL = "https://careerhub.example.kr"
    posting = JobPosting.objects.create(
        company=world.company_x,
        title="AI 서비스 개발자",
        deadline=timezone.localdate() + dt.timedelta(days=20),
        status="open",
        region="gwangju",
    )
    app = services.application_create(
        actor=world.actor("trainee_a1"), trainee=world.trainee_a1, posting=posting
    )
    move(world, app, "document_pass")
    return app


def invites(to: str) -> list[tuple[icalendar.Calendar, icalendar.Event]]:
    """The calendar attachments the outbox holds for ``to``, oldest first, parsed back."""
    found = []
    for message in Message.objects.filter(to_address=to).exclude(attachment="").order_by("pk"):
        cal = icalendar.Calendar.from_ical(message.attachment)
        [vevent] = cal.walk("VEVENT")
        assert message.attachment_type == f"text/calendar; method={cal['METHOD']}"
        found.append((cal, vevent))
    return found


def test_invite_change_and_cancel_keep_the_uid_and_raise_the_sequence(world, application):
    trainee, recruiter = "trainee_a1@example.kr", "recruiter_x@example.kr"
    move(world, application, "interview_scheduled", interview_at=WHEN, interview_place="본사 5층")
    moved = WHEN + dt.timedelta(days=1, hours=-4)  # the next day at 10:00
    move(world, application, "interview_scheduled", interview_at=moved, interview_place="본사 5층")
    move(world, application, "withdrawn", who="trainee_a1", reason="다른 회사에 입사")

    for address in (trainee, recruiter):  # the recruiter who scheduled it gets it too
        (c1, e1), (c2, e2), (c3, e3) = invites(address)
        assert [c1["METHOD"], c2["METHOD"], c3["METHOD"]] == ["REQUEST", "REQUEST", "CANCEL"]
        assert e1["UID"] == e2["UID"] == e3["UID"]
        assert str(e1["UID"]) == f"application-{application.pk}-interview-1@careerhub.example.kr"
        assert [e1["SEQUENCE"], e2["SEQUENCE"], e3["SEQUENCE"]] == [0, 1, 2]
        assert e3["STATUS"] == "CANCELLED"
        assert e1.decoded("DTSTART") == WHEN and e1["DTSTART"].params["TZID"] == "Asia/Seoul"
        assert e1.decoded("DTEND") - e1.decoded("DTSTART") == dt.timedelta(minutes=60)
        assert e2.decoded("DTSTART").astimezone(SEOUL).hour == 10
        assert str(e1["LOCATION"]) == "본사 5층"
        attendees = {str(a) for a in e1["ATTENDEE"]}
        assert attendees == {f"mailto:{trainee}", f"mailto:{recruiter}"}
    # the consultant hears of each change, without an invite (not at the interview)
    consultant = Message.objects.filter(to_address="consultant_a@example.kr")
    assert consultant.exists() and not consultant.exclude(attachment="").exists()
    application.refresh_from_db()
    assert (application.interview_round, application.interview_sequence) == (1, 2)


def test_a_further_round_is_a_new_event(world, application):
    move(world, application, "interview_scheduled", interview_at=WHEN, interview_place="본사")
    move(world, application, "interview_done")
    later = WHEN + dt.timedelta(days=7)
    move(
        world,
        application,
        "interview_scheduled",
        interview_at=later,
        interview_link="https://meet.example.kr/x",
    )
    (_c1, first), (_c2, second) = invites("trainee_a1@example.kr")
    assert str(second["UID"]).startswith(f"application-{application.pk}-interview-2@")
    assert first["UID"] != second["UID"] and second["SEQUENCE"] == 0
    assert "https://meet.example.kr/x" in str(second["DESCRIPTION"])


def test_a_rejection_after_the_interview_sends_no_cancellation(world, application, settings):
    move(world, application, "interview_scheduled", interview_at=WHEN, interview_place="본사")
    application.refresh_from_db()
    Message.objects.all().delete()
    past = timezone.now() - dt.timedelta(hours=1)
    type(application).objects.filter(pk=application.pk).update(interview_at=past)
    move(world, application, "rejected", reason="다른 지원자 선발")
    assert not Message.objects.exclude(attachment="").exists()


def test_the_reminder_goes_the_day_before_once(world, application):
    move(world, application, "interview_scheduled", interview_at=WHEN, interview_place="본사 5층")
    day_before = dt.datetime(2027, 1, 11, 10, 0, tzinfo=SEOUL)
    assert services.interviews_remind(now=day_before - dt.timedelta(days=1)) == 0  # two days
    assert services.interviews_remind(now=day_before.replace(hour=7)) == 0  # too early
    assert services.interviews_remind(now=day_before) == 1
    assert services.interviews_remind(now=day_before + dt.timedelta(hours=1)) == 0  # not twice
    reminders = Message.objects.filter(kind="interview_reminder")
    assert sorted(reminders.values_list("to_address", flat=True)) == [
        "recruiter_x@example.kr",
        "trainee_a1@example.kr",
    ]
    link = f"https://careerhub.example.kr/applications/{application.pk}/"
    assert all("본사 5층" in m.body and link in m.body for m in reminders)
    # moved to another day: reminded again the day before the new date
    move(
        world,
        application,
        "interview_scheduled",
        interview_at=WHEN + dt.timedelta(days=1),
        interview_place="본사 5층",
    )
    assert services.interviews_remind(now=day_before) == 0
    assert services.interviews_remind(now=day_before + dt.timedelta(days=1)) == 1
    assert Message.objects.filter(kind="interview_reminder").count() == 4


def test_a_withdrawn_interview_is_not_reminded(world, application):
    move(world, application, "interview_scheduled", interview_at=WHEN, interview_place="본사")
    move(world, application, "withdrawn", who="trainee_a1", reason="일정")
    assert services.interviews_remind(now=dt.datetime(2027, 1, 11, 10, 0, tzinfo=SEOUL)) == 0
