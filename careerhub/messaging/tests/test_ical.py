"""Calendar invites (messaging.ical) parsed back with ``icalendar``, and the email that carries
one read back as a mail program reads it (the iTIP part Gmail, Outlook and Apple Mail act on)."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from careerhub.messaging import ical, services

SEOUL = ZoneInfo("Asia/Seoul")


def event(**changes) -> ical.CalendarEvent:
    values = {
        "uid": ical.event_uid("application", 7, "interview", 1),
        "sequence": 0,
        "starts_at": dt.datetime(2027, 1, 12, 14, 0, tzinfo=SEOUL),
        "ends_at": dt.datetime(2027, 1, 12, 15, 0, tzinfo=SEOUL),
        "summary": "면접: 기업X · AI 서비스 개발자 (김가영)",
        "description": "회사: 기업X\n지원서 보기: https://careerhub.example.kr/applications/7/",
        "location": "광주 북구 첨단과기로 123, 5층 회의실",
        "attendees": (ical.Person("trainee@example.kr", "김가영"), ical.Person("hr@x.kr", "채용")),
    }
    values.update(changes)
    return ical.CalendarEvent(**values)


def parse(text: str) -> tuple[icalendar.Calendar, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(text)
    [vevent] = cal.walk("VEVENT")
    return cal, vevent


def test_an_invite_is_a_request_with_its_uid_sequence_and_seoul_times(settings):
    settings.SITE_URL = "https://careerhub.example.kr"
    settings.DEFAULT_FROM_EMAIL = "careerhub <noreply@careerhub.example.kr>"
    text = ical.invite_text(event(starts_at=dt.datetime(2027, 1, 12, 5, 0, tzinfo=dt.UTC)))
    assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cal, vevent = parse(text)
    assert cal["METHOD"] == "REQUEST" and cal["VERSION"] == "2.0"
    assert str(vevent["UID"]) == "application-7-interview-1@careerhub.example.kr"
    assert vevent["SEQUENCE"] == 0 and vevent["STATUS"] == "CONFIRMED"
    start = vevent.decoded("DTSTART")
    assert start == dt.datetime(2027, 1, 12, 14, 0, tzinfo=SEOUL)  # 05:00 UTC is 14:00 in Seoul
    assert str(start.tzinfo) == "Asia/Seoul" and vevent["DTSTART"].params["TZID"] == "Asia/Seoul"
    [zone] = cal.walk("VTIMEZONE")
    assert zone["TZID"] == "Asia/Seoul"
    assert str(vevent["SUMMARY"]) == "면접: 기업X · AI 서비스 개발자 (김가영)"
    assert str(vevent["LOCATION"]).startswith("광주 북구")
    assert str(vevent["ORGANIZER"]) == "mailto:noreply@careerhub.example.kr"
    attendees = vevent["ATTENDEE"]
    assert [str(a) for a in attendees] == ["mailto:trainee@example.kr", "mailto:hr@x.kr"]
    assert attendees[0].params["CN"] == "김가영" and attendees[0].params["RSVP"] == "TRUE"


def test_a_cancellation_is_method_cancel_and_status_cancelled():
    cal, vevent = parse(ical.invite_text(event(sequence=2, cancelled=True)))
    assert cal["METHOD"] == "CANCEL"
    assert vevent["STATUS"] == "CANCELLED" and vevent["SEQUENCE"] == 2
    assert ical.invite_attachment(event(cancelled=True))["attachment_type"] == (
        "text/calendar; method=CANCEL"
    )


def test_a_downloaded_calendar_has_no_method_and_every_event():
    text = ical.calendar_text(
        [event(), event(uid="consulting-booking-3@x", summary="1:1 취업 컨설팅")], name="내 일정"
    )
    cal = icalendar.Calendar.from_ical(text)
    assert "METHOD" not in cal
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [
        event().uid,
        "consulting-booking-3@x",
    ]
    assert ical.calendar_text([]).startswith("BEGIN:VCALENDAR")  # nothing upcoming: still valid


@pytest.mark.parametrize(
    ("content_type", "method"),
    [
        ("text/calendar; method=REQUEST", "REQUEST"),
        ('Text/Calendar; charset=utf-8; METHOD="cancel"', "CANCEL"),
        ("text/calendar", ""),
        ("text/plain; method=REQUEST", ""),
    ],
)
def test_method_of_a_content_type(content_type, method):
    assert ical.method_of(content_type) == method


def test_the_day_before_reminder_hours_and_the_local_day(settings):
    settings.CALENDAR_REMINDER_HOURS = (9, 21)
    at = dt.datetime(2027, 1, 11, 8, 59, tzinfo=SEOUL)
    assert ical.reminder_day(at) is None  # before 09:00 in Seoul
    assert ical.reminder_day(at + dt.timedelta(minutes=1)) == dt.date(2027, 1, 12)
    # 15:30 UTC is 00:30 the next day in Seoul: too late at night
    assert ical.reminder_day(dt.datetime(2027, 1, 11, 15, 30, tzinfo=dt.UTC)) is None
    start, end = ical.local_day_bounds(dt.date(2027, 1, 12))
    assert start == dt.datetime(2027, 1, 11, 15, 0, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(days=1)


@pytest.mark.django_db
def test_the_email_carries_the_itip_part_and_the_file():
    services.message_enqueue(
        kind="application_update",
        to_address="trainee@example.kr",
        subject="면접 안내",
        body="면접이 잡혔습니다.",
        **ical.invite_attachment(event(sequence=1)),
    )
    services.messages_deliver_due()
    [sent] = mail.outbox
    parsed = email.message_from_bytes(sent.message().as_bytes(), policy=policy.default)
    assert parsed.get_content_type() == "multipart/mixed"
    alternative, attachment = parsed.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    text, calendar = alternative.iter_parts()
    assert text.get_content_type() == "text/plain"
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content_disposition() is None  # inline: the part a calendar acts on
    cal, vevent = parse(calendar.get_content())
    assert cal["METHOD"] == "REQUEST" and vevent["SEQUENCE"] == 1
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_type() == "application/ics"
    assert parse(attachment.get_content().decode())[1]["UID"] == vevent["UID"]
