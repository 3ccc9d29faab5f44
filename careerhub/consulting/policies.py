"""Who may see and do what in 1:1 consulting.

- Slots: consultants publish their own; trainees see the open slots of their operator.
- Bookings: the trainee, the slot's consultant, the operator's staff and the program office.
- Notes are counselling records: the slot's consultant (and the trainee's assigned
  consultant) and the operator's staff only — never the trainee, a company or the committee.
- Action items: everyone who sees the booking; the trainee ticks them off, the consultant
  sets and follows them up.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from careerhub.academy.consents import operator_may_support
from careerhub.academy.models import Trainee
from careerhub.consulting.models import ActionItem, Booking, Slot
from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404


def can_publish_slots(actor: Actor, operator_id: int) -> bool:
    return operator_id in actor.consultant_operator_ids


def can_publish_any_slots(actor: Actor) -> bool:
    """The slot form: consultants, for the operators they work for."""
    return bool(actor.consultant_operator_ids)


def can_manage_slot(actor: Actor, slot: Slot) -> bool:
    return slot.consultant_id == actor.user_id and slot.operator_id in actor.consultant_operator_ids


def slots_visible_to(actor: Actor) -> QuerySet[Slot]:
    qs = Slot.objects.select_related("consultant", "operator")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    own_operators = Trainee.objects.filter(pk__in=actor.trainee_ids).values("course__operator_id")
    rule = (
        Q(consultant=actor.user_id)
        | Q(operator_id__in=actor.staff_operator_ids)
        | Q(operator_id__in=own_operators)
    )
    return qs.filter(rule)


def slot_get_for(actor: Actor, slot_id: object) -> Slot:
    return get_visible_or_404(slots_visible_to(actor), slot_id)


def is_own_or_operator_trainee(actor: Actor, trainee: Trainee) -> bool:
    """The trainee themself, or staff of the trainee's operator (whatever the consents)."""
    return trainee.pk in actor.trainee_ids or trainee.course.operator_id in actor.staff_operator_ids


def can_book_for(actor: Actor, trainee: Trainee) -> bool:
    """The trainee books for themselves; operator staff may book on a trainee's behalf —
    neither once the trainee withdrew consent to provision to the operator
    (``academy.consents``)."""
    return operator_may_support(trainee) and is_own_or_operator_trainee(actor, trainee)


def bookings_visible_to(actor: Actor) -> QuerySet[Booking]:
    qs = Booking.objects.select_related(
        "slot__consultant", "slot__operator", "trainee__course", "startup_team"
    )
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    rule = (
        Q(trainee_id__in=actor.trainee_ids)
        | Q(slot__consultant=actor.user_id)
        | Q(slot__operator_id__in=actor.staff_operator_ids)
    )
    if actor.consultant_operator_ids:
        rule |= Q(
            trainee__consultant=actor.user_id,
            trainee__course__operator_id__in=actor.consultant_operator_ids,
        )
    return qs.filter(rule)


def booking_get_for(actor: Actor, booking_id: object) -> Booking:
    return get_visible_or_404(bookings_visible_to(actor), booking_id)


def is_bookings_consultant(actor: Actor, booking: Booking) -> bool:
    return booking.slot.consultant_id == actor.user_id


def can_view_notes(actor: Actor, booking: Booking) -> bool:
    operator_id = booking.slot.operator_id
    if operator_id in actor.staff_operator_ids:
        return True
    if is_bookings_consultant(actor, booking):
        return True
    return (
        booking.trainee.consultant_id == actor.user_id
        and booking.trainee.course.operator_id in actor.consultant_operator_ids
    )


def can_write_note(actor: Actor, booking: Booking) -> bool:
    return is_bookings_consultant(actor, booking)


def can_cancel_booking(actor: Actor, booking: Booking) -> bool:
    return (
        booking.trainee_id in actor.trainee_ids
        or is_bookings_consultant(actor, booking)
        or booking.slot.operator_id in actor.staff_operator_ids
    )


def can_mark_attendance(actor: Actor, booking: Booking) -> bool:
    return is_bookings_consultant(actor, booking) or (
        booking.slot.operator_id in actor.staff_operator_ids
    )


def can_set_action_items(actor: Actor, booking: Booking) -> bool:
    return is_bookings_consultant(actor, booking)


def action_items_visible_to(actor: Actor) -> QuerySet[ActionItem]:
    return ActionItem.objects.select_related("booking__trainee", "booking__slot").filter(
        booking__in=bookings_visible_to(actor).values("pk")
    )


def action_item_get_for(actor: Actor, item_id: object) -> ActionItem:
    return get_visible_or_404(action_items_visible_to(actor), item_id)


def can_tick_action_item(actor: Actor, item: ActionItem) -> bool:
    return item.booking.trainee_id in actor.trainee_ids or can_follow_up(actor, item)


def can_follow_up(actor: Actor, item: ActionItem) -> bool:
    booking = item.booking
    return is_bookings_consultant(actor, booking) or (
        booking.trainee.consultant_id == actor.user_id
        and booking.trainee.course.operator_id in actor.consultant_operator_ids
    )


def history_trainees_visible_to(actor: Actor) -> QuerySet[Trainee]:
    """Whose consulting history the actor may open: own, the operator's, the consultees'."""
    qs = Trainee.objects.select_related("course__operator", "consultant")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    rule = Q(pk__in=actor.trainee_ids) | Q(course__operator_id__in=actor.staff_operator_ids)
    if actor.consultant_operator_ids:
        rule |= Q(
            course__operator_id__in=actor.consultant_operator_ids, consultant=actor.user_id
        ) | Q(consulting_bookings__slot__consultant=actor.user_id)
    return qs.filter(rule).distinct()


def history_trainee_get_for(actor: Actor, trainee_id: object) -> Trainee:
    return get_visible_or_404(history_trainees_visible_to(actor), trainee_id)


def can_view_consulting(actor: Actor) -> bool:
    """A trainee books; consultants run their slots; operator staff oversee."""
    return bool(actor.trainee_ids or actor.consultant_operator_ids or actor.staff_operator_ids)
