"""Consulting sessions in calendars (issue 17 item 4): the booking's invite and its
cancellation parsed back (same UID, rising SEQUENCE, METHOD:CANCEL), a withdrawn slot cancels
too, and the reminder the day before goes once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from careerhub.consulting import services
from careerhub.consulting.models import Booking, Slot
from careerhub.consulting.tests.test_consulting import book
from careerhub.messaging.models import Message

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
START = dt.datetime(2027, 1, 12, 15, 0, tzinfo=SEOUL)


@pytest.fixture
def slot(world, settings):
    settings.SITE_URL = "https://careerhub.example.kr"
    return Slot.objects.create(
        consultant=world.users["consultant_a"],
        operator=world.op_a,
        starts_at=START,
        ends_at=START + dt.timedelta(minutes=50),
        location="광주 AI 창업캠프 3층 상담실",
    )


def calendars(kind: str) -> dict[str, icalendar.Calendar]:
    return {
        m.to_address: icalendar.Calendar.from_ical(m.attachment)
        for m in Message.objects.filter(kind=kind)
    }


def test_booking_and_cancelling_send_the_invite_and_its_cancellation(world, slot):
    booking = book(world, slot)
    booked = calendars("consulting_booked")
    assert set(booked) == {"trainee_a1@example.kr", "consultant_a@example.kr"}
    cal = booked["trainee_a1@example.kr"]
    [event] = cal.walk("VEVENT")
    assert cal["METHOD"] == "REQUEST" and event["SEQUENCE"] == 0
    assert str(event["UID"]) == f"consulting-booking-{booking.pk}@careerhub.example.kr"
    assert event.decoded("DTSTART") == START and event["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert event.decoded("DTEND") == START + dt.timedelta(minutes=50)
    assert str(event["LOCATION"]) == "광주 AI 창업캠프 3층 상담실"
    assert {str(a) for a in event["ATTENDEE"]} == {
        "mailto:trainee_a1@example.kr",
        "mailto:consultant_a@example.kr",
    }

    services.booking_cancel(actor=world.actor("consultant_a"), booking=booking, reason="출장")
    cancelled = calendars("consulting_cancelled")
    assert set(cancelled) == {"trainee_a1@example.kr", "consultant_a@example.kr"}
    cal = cancelled["trainee_a1@example.kr"]
    [gone] = cal.walk("VEVENT")
    assert cal["METHOD"] == "CANCEL" and gone["STATUS"] == "CANCELLED"
    assert gone["UID"] == event["UID"] and gone["SEQUENCE"] == 1
    booking.refresh_from_db()
    assert booking.calendar_sequence == 1


def test_a_withdrawn_slot_cancels_the_session_in_both_calendars(world, slot):
    book(world, slot)
    services.slot_withdraw(actor=world.actor("consultant_a"), slot=slot, reason="교육 일정 변경")
    assert {c["METHOD"] for c in calendars("consulting_cancelled").values()} == {"CANCEL"}


def test_the_reminder_goes_the_day_before_once(world, slot):
    booking = book(world, slot)
    day_before = dt.datetime(2027, 1, 11, 9, 5, tzinfo=SEOUL)
    assert services.bookings_remind(now=day_before - dt.timedelta(days=1)) == 0
    assert services.bookings_remind(now=day_before.replace(hour=22)) == 0  # too late at night
    assert services.bookings_remind(now=day_before) == 1
    assert services.bookings_remind(now=day_before + dt.timedelta(hours=5)) == 0  # once
    reminders = Message.objects.filter(kind="consulting_reminder")
    assert sorted(reminders.values_list("to_address", flat=True)) == [
        "consultant_a@example.kr",
        "trainee_a1@example.kr",
    ]
    assert all("3층 상담실" in m.body for m in reminders)
    booking.refresh_from_db()
    assert booking.reminded_at == day_before


def test_a_cancelled_session_is_not_reminded(world, slot):
    booking = book(world, slot)
    services.booking_cancel(actor=world.actor("trainee_a1"), booking=booking)
    assert services.bookings_remind(now=dt.datetime(2027, 1, 11, 10, 0, tzinfo=SEOUL)) == 0
    assert not Message.objects.filter(kind="consulting_reminder").exists()
    assert Booking.objects.get().reminded_at is None
    assert timezone.now() < START
