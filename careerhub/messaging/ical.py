"""Calendar invites (RFC 5545 events, iTIP methods of RFC 5546) and personal calendar files.

An app that has something with a time — an interview, a consulting session — describes it as
a :class:`CalendarEvent` and gets back the text of an ``.ics`` file, to attach to the outbox
message it writes in the same transaction (:func:`invite_attachment`) or to serve as a
download (:func:`calendar_text`). The rules every calendar program relies on:

- **one UID per event for its whole life** (:func:`event_uid`, e.g.
  ``consulting-booking-17@careerhub.example.kr``): an update or a cancellation with the same
  UID changes or removes the event the person already has, instead of adding another;
- **a SEQUENCE that rises** with every change the owner sends (the number is kept on the
  event's own row by the app), so a calendar ignores an older copy that arrives late;
- times in ``Asia/Seoul`` (``settings.TIME_ZONE``) with its VTIMEZONE, so a calendar set to
  another zone shows the right moment;
- ``METHOD:REQUEST`` for an invite and each update, ``METHOD:CANCEL`` with
  ``STATUS:CANCELLED`` for a cancellation; a downloaded file has no METHOD (it is imported,
  not a message).

The organizer is the platform's own address (``DEFAULT_FROM_EMAIL``), the one that sends the
email: calendars accept an invite from the address that organizes it, and every person of the
event is an attendee. Replies to it are not read (the platform records attendance itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from careerhub.messaging.links import site_url

METHOD_REQUEST = "REQUEST"
METHOD_CANCEL = "CANCEL"
PRODID = "-//careerhub//careerhub calendar//KO"
CONTENT_TYPE = "text/calendar"


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    """One event as a calendar sees it; ``sequence`` is the number stored on the app's row."""

    uid: str
    sequence: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    attendees: tuple[Person, ...] = ()
    cancelled: bool = False

    @property
    def method(self) -> str:
        return METHOD_CANCEL if self.cancelled else METHOD_REQUEST


def uid_host() -> str:
    """The host part of every UID: the installation's public host (from ``SITE_URL``), so two
    installations never hand out the same UID."""
    return urlsplit(site_url()).hostname or "careerhub"


def event_uid(kind: str, *parts: int | str) -> str:
    """``event_uid("consulting-booking", 17)`` → ``consulting-booking-17@<host>``."""
    return "-".join([kind, *(str(p) for p in parts)]) + "@" + uid_host()


def organizer() -> Person:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return Person(email=address or "noreply@" + uid_host(), name=name)


def _address(person: Person, **params: str) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress("mailto:" + person.email)
    if person.name:
        address.params["CN"] = person.name
    for key, value in params.items():
        address.params[key.upper().replace("_", "-")] = value
    return address


def _vevent(event: CalendarEvent, *, stamp: dt.datetime) -> icalendar.Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", int(event.sequence))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.starts_at.astimezone(zone))
    vevent.add("dtend", event.ends_at.astimezone(zone))
    vevent.add("summary", event.summary)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    vevent.add("organizer", _address(organizer()))
    for person in event.attendees:
        vevent.add(
            "attendee",
            _address(
                person,
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp="FALSE" if event.cancelled else "TRUE",
            ),
        )
    return vevent


def calendar_text(
    events: Iterable[CalendarEvent], *, method: str | None = None, name: str = ""
) -> str:
    """The ``.ics`` text of ``events`` (CRLF line ends, lines folded at 75 octets)."""
    events = list(events)
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        cal.add_component(_vevent(event, stamp=stamp))
    if events:
        # The zone's rules from a year before the first event to a year after the last:
        # enough for every calendar, without fifty years of history in each invite.
        first = min(e.starts_at for e in events).date() - dt.timedelta(days=366)
        last = max(e.ends_at for e in events).date() + dt.timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical().decode("utf-8")


def invite_text(event: CalendarEvent) -> str:
    """An invite or update (``METHOD:REQUEST``) or a cancellation (``METHOD:CANCEL``)."""
    return calendar_text([event], method=event.method)


def invite_attachment(event: CalendarEvent) -> dict[str, str]:
    """The outbox message's attachment fields for ``event``'s invite (``Draft(**...)``).

    The type carries the iTIP method (``text/calendar; method=REQUEST``): the email transport
    sends it as the calendar part calendar programs act on."""
    method = event.method
    return {
        "attachment_name": "cancel.ics" if method == METHOD_CANCEL else "invite.ics",
        "attachment_type": f"{CONTENT_TYPE}; method={method}",
        "attachment": invite_text(event),
    }


def method_of(content_type: str) -> str:
    """``text/calendar; method=CANCEL`` → ``CANCEL`` ('' for any other type)."""
    kind, _sep, params = content_type.partition(";")
    if kind.strip().lower() != CONTENT_TYPE:
        return ""
    for param in params.split(";"):
        key, _eq, value = param.partition("=")
        if key.strip().lower() == "method":
            return value.strip().strip('"').upper()
    return ""


# --- reminders the day before ---------------------------------------------------------------

REMINDER_HOURS = (9, 21)
"""Reminders go out between 09:00 and 21:00 local time (``CALENDAR_REMINDER_HOURS``): the run
is hourly, so an event booked in the evening for the next day is still reminded that evening,
and nobody is woken at night."""


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of ``day`` and of the next day in ``settings.TIME_ZONE``."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


def reminder_day(now: dt.datetime | None = None) -> dt.date | None:
    """The local date whose events are reminded now (tomorrow), or None outside the hours."""
    now = now or timezone.now()
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    first, last = getattr(settings, "CALENDAR_REMINDER_HOURS", REMINDER_HOURS)
    if not first <= local.hour < last:
        return None
    return local.date() + dt.timedelta(days=1)
