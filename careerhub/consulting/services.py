"""Writes in 1:1 consulting: slots, bookings (race-safe), notes and action items."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careerhub.academy.models import Trainee
from careerhub.accounts.models import User
from careerhub.consulting import policies, selectors
from careerhub.consulting.errors import ConsultingErrorCode
from careerhub.consulting.models import (
    ACTIVE_BOOKING_STATUSES,
    ActionItem,
    Booking,
    SessionNote,
    SessionType,
    Slot,
    booking_cutoff,
    cancel_cutoff,
)
from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.messaging.ical import invite_attachment, reminder_day
from careerhub.messaging.links import absolute_url
from careerhub.messaging.services import Draft, messages_enqueue_bulk

MAX_UPCOMING_BOOKINGS = 3
MAX_SLOT_MINUTES = 180


def _email_both_sides(
    *, actor: Actor, booking: Booking, kind: str, subject: str, line: str
) -> None:
    """Tell the trainee and the consultant by email, through the outbox: written in the
    caller's transaction, sent after it commits, retried if the server is down. Each email
    carries the session's calendar invite (or its cancellation), so both get it, the one who
    booked or cancelled too: their calendar needs it as much as the other side's."""
    slot = booking.slot
    url = absolute_url(reverse("consulting:booking_detail", args=[booking.pk]))
    when = korean.format_datetime(slot.starts_at)
    invite = invite_attachment(selectors.booking_calendar_event(booking=booking))
    drafts = []
    for user, address in _parties(booking):
        drafts.append(
            Draft(
                kind=kind,
                to_address=address,
                recipient_id=user.pk if user is not None else None,
                operator_id=slot.operator_id,
                subjects={"trainees": [booking.trainee_id]},
                subject=subject,
                body=line % {"trainee": booking.trainee.name, "when": when}
                + "\n\n"
                + _("See the session: %(url)s") % {"url": url},
                **invite,
            )
        )
    messages_enqueue_bulk(drafts=drafts)


def _parties(booking: Booking) -> list[tuple[User | None, str]]:
    """(user, address) of the trainee and the consultant, each with an address."""
    trainee_user = booking.trainee.user
    people = [
        (trainee_user, (trainee_user.email if trainee_user else "") or booking.trainee.email),
        (booking.slot.consultant, booking.slot.consultant.email),
    ]
    return [(user, address) for user, address in people if address]


def bookings_remind(*, now: dt.datetime | None = None) -> int:
    """The day-before reminder of each session booked for tomorrow (local date), to the trainee
    and the consultant, once: the row is claimed (``reminded_at``) in the transaction that
    writes the messages, so a second run, or two at once, send nothing more. Returns how many
    sessions were reminded."""
    now = now or timezone.now()
    day = reminder_day(now)
    if day is None:
        return 0
    reminded = 0
    with translation.override(settings.LANGUAGE_CODE):
        for booking in selectors.bookings_to_remind(tomorrow=day):
            with transaction.atomic():
                claimed = Booking.objects.filter(
                    pk=booking.pk, status=Booking.Status.BOOKED, reminded_at__isnull=True
                ).update(reminded_at=now)
                if not claimed:
                    continue
                slot = booking.slot
                url = absolute_url(reverse("consulting:booking_detail", args=[booking.pk]))
                body = _(
                    "Reminder: the consulting session of %(trainee)s with %(consultant)s is "
                    "tomorrow, %(when)s."
                ) % {
                    "trainee": booking.trainee.name,
                    "consultant": slot.consultant.name,
                    "when": korean.format_datetime(slot.starts_at),
                }
                if slot.location:
                    body += "\n" + _("Place: %(place)s") % {"place": slot.location}
                body += "\n\n" + _("See the session: %(url)s") % {"url": url}
                messages_enqueue_bulk(
                    drafts=[
                        Draft(
                            kind="consulting_reminder",
                            to_address=address,
                            recipient_id=user.pk if user is not None else None,
                            operator_id=slot.operator_id,
                            subjects={"trainees": [booking.trainee_id]},
                            subject=_("[careerhub] Consulting session tomorrow"),
                            body=body,
                        )
                        for user, address in _parties(booking)
                    ]
                )
                reminded += 1
    return reminded


def slot_publish(
    *,
    actor: Actor,
    operator_id: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    mode: str,
    location: str = "",
) -> Slot:
    """A consultant offers one time slot; it may not overlap another of their slots."""
    if not policies.can_publish_slots(actor, operator_id):
        raise PermissionDenied
    if starts_at <= timezone.now():
        raise ValidationError(
            {"starts_at": _("A slot must start in the future.")}, code=ConsultingErrorCode.PAST
        )
    if mode == Slot.Mode.IN_PERSON and not location.strip():
        raise ValidationError(
            {
                "location": ValidationError(
                    _("Give the place of an in-person session."),
                    code=ConsultingErrorCode.PLACE_REQUIRED,
                )
            }
        )
    if ends_at > starts_at and (ends_at - starts_at) > dt.timedelta(minutes=MAX_SLOT_MINUTES):
        raise ValidationError(
            {"ends_at": _("A slot may last at most three hours.")},
            code=ConsultingErrorCode.TOO_LONG,
        )
    slot = Slot(
        consultant=actor.user,
        operator_id=operator_id,
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        location=location.strip(),
    )
    with transaction.atomic():
        slot.full_clean(validate_constraints=False)
        overlapping = Slot.objects.select_for_update().filter(
            consultant=actor.user,
            withdrawn_at__isnull=True,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        if overlapping.exists():
            raise ValidationError(
                _("This slot overlaps another of your slots."),
                code=ConsultingErrorCode.SLOT_OVERLAP,
            )
        try:
            with transaction.atomic():
                slot.save()
        except IntegrityError:
            raise ValidationError(
                _("This slot overlaps another of your slots."),
                code=ConsultingErrorCode.SLOT_OVERLAP,
            ) from None
        event_record(actor=actor, verb="consulting.slot_published", target=slot)
    return slot


def slot_withdraw(*, actor: Actor, slot: Slot, reason: str) -> Slot:
    """Take a slot back; a booking on it is cancelled (the trainee sees why)."""
    if not policies.can_manage_slot(actor, slot):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")}, code=ConsultingErrorCode.REQUIRED)
    now = timezone.now()
    with transaction.atomic():
        slot = Slot.objects.select_for_update().get(pk=slot.pk)
        if slot.withdrawn_at is not None:
            raise ValidationError(
                _("This slot was already withdrawn."), code=ConsultingErrorCode.WITHDRAWN
            )
        slot.withdrawn_at = now
        slot.save(update_fields=["withdrawn_at", "updated_at"])
        for booking in slot.bookings.filter(status=Booking.Status.BOOKED):
            _cancel(actor=actor, booking=booking, reason=reason.strip(), now=now)
        event_record(actor=actor, verb="consulting.slot_withdrawn", target=slot, reason=reason)
    return slot


def booking_create(
    *,
    actor: Actor,
    slot: Slot,
    trainee: Trainee,
    session_type: str,
    topic: str = "",
    startup_team_id: int | None = None,
) -> Booking:
    """Book a slot. Two people booking the same slot at once: the database keeps one."""
    if not policies.can_book_for(actor, trainee):
        if policies.is_own_or_operator_trainee(actor, trainee):
            # Allowed in principle, refused because the trainee withdrew consent to
            # provision to the operator: say so instead of a bare "not found".
            raise ValidationError(
                _(
                    "Consulting needs your consent to provide your data to the training "
                    "operator. Give it again on 'My personal data' to book a session."
                ),
                code=ConsultingErrorCode.OPERATOR_CONSENT_WITHDRAWN,
            )
        raise PermissionDenied
    if session_type not in SessionType.values:
        raise ValidationError(
            {"session_type": _("Choose a session type.")}, code=ConsultingErrorCode.INVALID
        )
    if trainee.course.operator_id != slot.operator_id:
        raise PermissionDenied
    if trainee.status == Trainee.Status.DROPPED:
        raise ValidationError(
            _("Consulting is for trainees in training or after completion."),
            code=ConsultingErrorCode.DROPPED,
        )
    now = timezone.now()
    if slot.withdrawn_at is not None:
        raise ValidationError(
            _("This slot is no longer offered."), code=ConsultingErrorCode.SLOT_WITHDRAWN
        )
    if now > slot.starts_at - booking_cutoff():
        raise ValidationError(
            _("Booking for this slot closed %(hours)d hours before it starts.")
            % {"hours": booking_cutoff().total_seconds() // 3600},
            code=ConsultingErrorCode.BOOKING_CUTOFF,
        )
    if session_type == SessionType.STARTUP:
        if (
            startup_team_id is None
            or not trainee.startup_memberships.filter(team_id=startup_team_id).exists()
        ):
            raise ValidationError(
                {"startup_team": _("Start-up mentoring is booked for a team you belong to.")},
                code=ConsultingErrorCode.STARTUP_TEAM,
            )
    else:
        startup_team_id = None
    mine = Booking.objects.filter(trainee=trainee, status=Booking.Status.BOOKED)
    if mine.filter(slot__starts_at__lt=slot.ends_at, slot__ends_at__gt=slot.starts_at).exists():
        raise ValidationError(
            _("You already have a session at this time."), code=ConsultingErrorCode.TRAINEE_OVERLAP
        )
    if mine.filter(slot__starts_at__gt=now).count() >= MAX_UPCOMING_BOOKINGS:
        raise ValidationError(
            _("You can hold at most %(n)d upcoming sessions at a time.")
            % {"n": MAX_UPCOMING_BOOKINGS},
            code=ConsultingErrorCode.TOO_MANY,
        )
    booking = Booking(
        slot=slot,
        trainee=trainee,
        session_type=session_type,
        topic=topic.strip(),
        startup_team_id=startup_team_id,
        booked_by=actor.user,
    )
    taken = ValidationError(
        _("Someone else has just booked this slot. Choose another time."),
        code=ConsultingErrorCode.SLOT_TAKEN,
    )
    try:
        with transaction.atomic():
            locked = Slot.objects.select_for_update().get(pk=slot.pk)
            if locked.withdrawn_at is not None:
                raise ValidationError(
                    _("This slot is no longer offered."), code=ConsultingErrorCode.SLOT_WITHDRAWN
                )
            if locked.bookings.filter(status__in=ACTIVE_BOOKING_STATUSES).exists():
                raise taken
            booking.full_clean(validate_constraints=False)
            booking.save()
            event_record(
                actor=actor,
                verb="consulting.booked",
                target=booking,
                trainee=trainee.pk,
                on_behalf=trainee.pk not in actor.trainee_ids,
            )
            _email_both_sides(
                actor=actor,
                booking=booking,
                kind="consulting_booked",
                subject=_("[careerhub] Consulting session booked"),
                line=_("A consulting session for %(trainee)s is booked for %(when)s."),
            )
    except IntegrityError:
        # The partial unique index refused a second live booking made at the same moment.
        raise taken from None
    return booking


def _cancel(*, actor: Actor, booking: Booking, reason: str, now: dt.datetime) -> None:
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = actor.user
    booking.cancel_reason = reason
    booking.calendar_sequence += 1  # the cancellation supersedes the invite
    booking.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancel_reason",
            "calendar_sequence",
            "updated_at",
        ]
    )
    event_record(
        actor=actor,
        verb="consulting.cancelled",
        target=booking,
        reason=reason,
        late=now > booking.slot.starts_at - cancel_cutoff(),
    )
    _email_both_sides(
        actor=actor,
        booking=booking,
        kind="consulting_cancelled",
        subject=_("[careerhub] Consulting session cancelled"),
        line=_("The consulting session for %(trainee)s on %(when)s is cancelled."),
    )


def booking_cancel(*, actor: Actor, booking: Booking, reason: str = "") -> Booking:
    """Trainees cancel up to the cut-off; the consultant and staff until the session starts."""
    if not policies.can_cancel_booking(actor, booking):
        raise PermissionDenied
    now = timezone.now()
    if booking.status != Booking.Status.BOOKED:
        raise ValidationError(
            _("Only a booked session can be cancelled."), code=ConsultingErrorCode.NOT_BOOKED
        )
    if now >= booking.slot.starts_at:
        raise ValidationError(
            _("The session has started; record attendance instead."),
            code=ConsultingErrorCode.STARTED,
        )
    staff_side = policies.is_bookings_consultant(actor, booking) or (
        booking.slot.operator_id in actor.staff_operator_ids
    )
    if not staff_side and now > booking.slot.starts_at - cancel_cutoff():
        deadline = timezone.localtime(booking.slot.starts_at - cancel_cutoff())
        raise ValidationError(
            _(
                "Sessions can be cancelled online until %(deadline)s. "
                "Contact your consultant directly."
            )
            % {"deadline": korean.format_datetime(deadline)},
            code=ConsultingErrorCode.CANCEL_CUTOFF,
        )
    if staff_side and not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")}, code=ConsultingErrorCode.REQUIRED)
    with transaction.atomic():
        _cancel(actor=actor, booking=booking, reason=reason.strip(), now=now)
    return booking


def booking_mark_attendance(*, actor: Actor, booking: Booking, attended: bool) -> Booking:
    if not policies.can_mark_attendance(actor, booking):
        raise PermissionDenied
    if booking.status not in (
        Booking.Status.BOOKED,
        Booking.Status.ATTENDED,
        Booking.Status.NO_SHOW,
    ):
        raise ValidationError(
            _("A cancelled session has no attendance."), code=ConsultingErrorCode.CANCELLED
        )
    if timezone.now() < booking.slot.starts_at:
        raise ValidationError(
            _("Attendance is recorded once the session has started."),
            code=ConsultingErrorCode.NOT_STARTED,
        )
    booking.status = Booking.Status.ATTENDED if attended else Booking.Status.NO_SHOW
    with transaction.atomic():
        booking.save(update_fields=["status", "updated_at"])
        event_record(
            actor=actor, verb="consulting.attendance", target=booking, status=booking.status
        )
    return booking


NOTE_MAX_LENGTH = 8000
"""A session note's limit in characters (about four pages)."""


def note_add(*, actor: Actor, booking: Booking, body: str) -> SessionNote:
    if not policies.can_write_note(actor, booking):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": _("Write the note.")}, code=ConsultingErrorCode.REQUIRED)
    if len(body.strip()) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "body": ValidationError(
                    _("A note may be at most %(limit)d characters; this one has %(n)d.")
                    % {"limit": NOTE_MAX_LENGTH, "n": len(body.strip())},
                    code=ConsultingErrorCode.TOO_LONG,
                )
            }
        )
    note = SessionNote(booking=booking, author=actor.user, body=body.strip())
    with transaction.atomic():
        note.full_clean()
        note.save()
        event_record(actor=actor, verb="consulting.note_added", target=booking)
    return note


def action_item_add(*, actor: Actor, booking: Booking, title: str, due_on: dt.date) -> ActionItem:
    if not policies.can_set_action_items(actor, booking):
        raise PermissionDenied
    if booking.status == Booking.Status.CANCELLED:
        raise ValidationError(
            _("A cancelled session has no action items."), code=ConsultingErrorCode.CANCELLED
        )
    if due_on < timezone.localdate():
        raise ValidationError(
            {
                "due_on": ValidationError(
                    _("The due date cannot be in the past."), code=ConsultingErrorCode.PAST
                )
            }
        )
    item = ActionItem(booking=booking, title=title.strip(), due_on=due_on, created_by=actor.user)
    with transaction.atomic():
        item.full_clean()
        item.save()
        event_record(actor=actor, verb="consulting.action_added", target=item, due_on=due_on)
    return item


def action_item_set_status(*, actor: Actor, item: ActionItem, status: str) -> ActionItem:
    if not policies.can_tick_action_item(actor, item):
        raise PermissionDenied
    if status not in ActionItem.Status.values:
        raise ValidationError(_("Unknown status."), code=ConsultingErrorCode.INVALID_STATUS)
    if status == ActionItem.Status.DROPPED and not policies.can_follow_up(actor, item):
        raise PermissionDenied
    item.status = status
    item.done_at = timezone.now() if status == ActionItem.Status.DONE else None
    with transaction.atomic():
        item.full_clean()
        item.save()
        event_record(actor=actor, verb="consulting.action_status", target=item, status=status)
    return item


def action_item_follow_up(*, actor: Actor, item: ActionItem, note: str) -> ActionItem:
    if not policies.can_follow_up(actor, item):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError(
            {"follow_up": _("Write what was followed up.")}, code=ConsultingErrorCode.REQUIRED
        )
    item.follow_up = note.strip()
    item.follow_up_on = timezone.localdate()
    with transaction.atomic():
        item.full_clean()
        item.save()
        event_record(actor=actor, verb="consulting.action_followed_up", target=item)
    return item
