"""A person's own calendar: their upcoming interviews and consulting sessions in one ``.ics``.

Interviews live in ``applications`` and sessions in ``consulting``, two apps of one layer that
do not import each other; home, above both, puts them together. Each event has the same UID
and SEQUENCE as the invite its emails carried, so importing the file updates the events a
calendar already has instead of doubling them."""

from __future__ import annotations

from dataclasses import dataclass

from careerhub.applications.selectors import (
    interview_calendar_event,
    upcoming_interviews_of_person,
)
from careerhub.consulting.selectors import booking_calendar_event, upcoming_bookings_of_person
from careerhub.core.actors import Actor
from careerhub.messaging.ical import CalendarEvent


@dataclass(frozen=True)
class OwnCalendar:
    events: list[CalendarEvent]
    trainee_ids: list[int]  # whose data the file shows (for the access record)


def own_calendar_for(*, actor: Actor) -> OwnCalendar:
    """The actor's upcoming events, soonest first: interviews where they are the candidate or
    a recruiter of the company, sessions where they are the trainee or the consultant."""
    bookings = list(upcoming_bookings_of_person(actor=actor))
    interviews = list(upcoming_interviews_of_person(actor=actor))
    events = [booking_calendar_event(booking=b) for b in bookings]
    events += [interview_calendar_event(application=a) for a in interviews]
    events.sort(key=lambda e: (e.starts_at, e.uid))
    trainee_ids = sorted({b.trainee_id for b in bookings} | {a.trainee_id for a in interviews})
    return OwnCalendar(events=events, trainee_ids=trainee_ids)
