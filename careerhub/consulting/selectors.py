"""Reads in 1:1 consulting, scoped by who asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy.models import Trainee
from careerhub.consulting import policies
from careerhub.consulting.models import (
    ACTIVE_BOOKING_STATUSES,
    ActionItem,
    Booking,
    SessionNote,
    Slot,
    booking_cutoff,
)
from careerhub.core.actors import Actor
from careerhub.messaging.ical import CalendarEvent, Person, event_uid, local_day_bounds
from careerhub.messaging.links import absolute_url


def open_slots_for(*, trainee: Trainee) -> QuerySet[Slot]:
    """Slots of the trainee's operator that can still be booked, soonest first."""
    taken = Booking.objects.filter(slot=OuterRef("pk"), status__in=ACTIVE_BOOKING_STATUSES)
    return (
        Slot.objects.filter(
            operator_id=trainee.course.operator_id,
            withdrawn_at__isnull=True,
            starts_at__gt=timezone.now() + booking_cutoff(),
        )
        .exclude(Exists(taken))
        .select_related("consultant")
        .order_by("starts_at", "pk")
    )


def bookings_of(*, actor: Actor, trainee: Trainee) -> QuerySet[Booking]:
    return (
        policies.bookings_visible_to(actor)
        .filter(trainee=trainee)
        .prefetch_related("action_items")
        .order_by("-slot__starts_at")
    )


def consultant_slots(*, actor: Actor, upcoming_only: bool = True) -> QuerySet[Slot]:
    qs = Slot.objects.filter(consultant=actor.user_id).prefetch_related(
        Prefetch(
            "bookings",
            queryset=Booking.objects.exclude(status=Booking.Status.CANCELLED).select_related(
                "trainee__course"
            ),
            to_attr="live_bookings",
        )
    )
    if upcoming_only:
        qs = qs.filter(ends_at__gte=timezone.now())
    return qs.order_by("starts_at")


def operator_bookings(*, actor: Actor) -> QuerySet[Booking]:
    return (
        policies.bookings_visible_to(actor)
        .filter(slot__operator_id__in=actor.staff_operator_ids)
        .order_by("-slot__starts_at")
    )


def notes_for(*, actor: Actor, booking: Booking) -> list[SessionNote] | None:
    """The notes, or None when the actor may not read them (the template says so)."""
    if not policies.can_view_notes(actor, booking):
        return None
    return list(booking.notes.select_related("author"))


@dataclass(frozen=True)
class HistoryEntry:
    booking: Booking
    notes: list[SessionNote] | None
    action_items: list[ActionItem]


def trainee_history(*, actor: Actor, trainee: Trainee) -> list[HistoryEntry]:
    """Every session of the trainee the actor may see, newest first, with what was agreed."""
    return [
        HistoryEntry(b, notes_for(actor=actor, booking=b), list(b.action_items.all()))
        for b in bookings_of(actor=actor, trainee=trainee)
    ]


def open_action_items(*, trainee: Trainee) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(
        booking__trainee=trainee, status=ActionItem.Status.OPEN
    ).order_by("due_on")


def next_booking(*, trainee: Trainee) -> Booking | None:
    return (
        Booking.objects.filter(
            trainee=trainee, status=Booking.Status.BOOKED, slot__starts_at__gte=timezone.now()
        )
        .select_related("slot__consultant")
        .order_by("slot__starts_at")
        .first()
    )


# --- calendar -------------------------------------------------------------------------------


def booking_calendar_event(*, booking: Booking) -> CalendarEvent:
    """The booking as a calendar event: one UID for its life, the row's sequence, the trainee
    and the consultant as attendees. A cancelled booking is the cancellation of the event."""
    slot = booking.slot
    consultant = slot.consultant
    trainee = booking.trainee
    attendees = [
        Person((trainee.user.email if trainee.user else "") or trainee.email, trainee.name)
    ]
    if consultant is not None and consultant.email:
        attendees.append(Person(consultant.email, consultant.name))
    url = absolute_url(reverse("consulting:booking_detail", args=[booking.pk]))
    lines = [
        _("Session type: %(type)s") % {"type": booking.get_session_type_display()},
        _("Consultant: %(name)s") % {"name": consultant.name if consultant else "-"},
        _("Mode: %(mode)s") % {"mode": slot.get_mode_display()},
        _("See the session: %(url)s") % {"url": url},
    ]
    return CalendarEvent(
        uid=event_uid("consulting-booking", booking.pk),
        sequence=booking.calendar_sequence,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=_("1:1 job consulting: %(trainee)s · %(type)s")
        % {"trainee": booking.trainee.name, "type": booking.get_session_type_display()},
        description="\n".join(lines),
        location=slot.location,
        url=url,
        attendees=tuple(p for p in attendees if p.email),
        cancelled=booking.status == Booking.Status.CANCELLED,
    )


def upcoming_bookings_of_person(*, actor: Actor) -> QuerySet[Booking]:
    """Booked sessions not yet over where the actor is the trainee or the consultant: the
    person's own calendar (never their operator's or their caseload's other sessions)."""
    if not actor.is_authenticated:
        return Booking.objects.none()
    return (
        Booking.objects.filter(
            Q(trainee_id__in=actor.trainee_ids) | Q(slot__consultant=actor.user_id),
            status=Booking.Status.BOOKED,
            slot__ends_at__gte=timezone.now(),
        )
        .select_related("slot__consultant", "trainee__user")
        .order_by("slot__starts_at", "pk")
    )


def bookings_to_remind(*, tomorrow: dt.date) -> QuerySet[Booking]:
    """Booked sessions on ``tomorrow`` (local date) whose reminder has not gone out."""
    start, end = local_day_bounds(tomorrow)
    return (
        Booking.objects.filter(
            status=Booking.Status.BOOKED,
            reminded_at__isnull=True,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .select_related("slot__consultant", "trainee__user")
        .order_by("slot__starts_at", "pk")
    )
