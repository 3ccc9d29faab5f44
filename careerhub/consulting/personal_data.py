"""What consulting holds about a trainee and shows them (bookings and agreed actions; the
consultant's notes are counselling records the trainee does not see), for the trainee's own
download; registered with ``academy.hooks.personal_data_register``."""

from __future__ import annotations

from careerhub.consulting.models import Booking


def bookings_of(*, trainee_id: int) -> list[dict]:
    return [
        {
            "starts_at": b.slot.starts_at.isoformat(),
            "consultant": b.slot.consultant.name,
            "session_type": b.get_session_type_display(),
            "topic": b.topic,
            "status": b.get_status_display(),
            "cancel_reason": b.cancel_reason,
            "action_items": [
                {
                    "action": i.title,
                    "due_on": i.due_on.isoformat(),
                    "status": i.get_status_display(),
                    "follow_up": i.follow_up,
                }
                for i in b.action_items.order_by("due_on", "pk")
            ],
        }
        for b in Booking.objects.filter(trainee_id=trainee_id)
        .select_related("slot__consultant")
        .order_by("slot__starts_at", "pk")
    ]


def trainee_anonymised_receive(*, actor, anonymised) -> None:
    """An erased trainee's bookings keep their slot, type and status (counts); the topic they
    wrote, the consultant's notes about them and the follow-ups on their actions go."""
    from careerhub.consulting.models import ActionItem, SessionNote

    bookings = Booking.objects.filter(trainee_id=anonymised.trainee_id)
    bookings.update(topic="", cancel_reason="")
    SessionNote.objects.filter(booking__in=bookings).delete()
    ActionItem.objects.filter(booking__in=bookings).update(follow_up="")
