"""Two people book the last place of a slot at the same moment, on two real connections.

Each booking runs in its own thread, so Django gives it its own database connection and its
own transaction; a barrier releases both into ``booking_create`` together. PostgreSQL then
has to arbitrate between two concurrent transactions (the service's row lock on the slot,
backed by the partial unique index on live bookings): exactly one booking is kept and the
other person reads the service's "someone else has just booked" message.

SQLite cannot show this: it lets only one writer hold the database at a time, so two
connections never reach the check-then-insert at once and the test would prove nothing.
It runs on PostgreSQL (CI and ``DATABASE_URL=postgres://…``).
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from careerhub.consulting import services
from careerhub.consulting.models import Booking, Slot

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=(
            "needs PostgreSQL: SQLite serialises writers (one write transaction at a time), "
            "so two connections can never race for the slot"
        ),
    ),
]

TIMEOUT = 30  # seconds; a deadlock or a lost thread fails the test instead of hanging it


def _book_in_own_connection(barrier, outcomes, key, **kwargs):
    """Run in a thread: wait for the rival, book through the real service, record the result."""
    try:
        barrier.wait(timeout=TIMEOUT)
        outcomes[key] = services.booking_create(**kwargs)
    except BaseException as error:
        outcomes[key] = error
    finally:
        connection.close()  # this thread's own connection


def test_two_connections_race_for_the_last_place_and_exactly_one_wins(world):
    starts = timezone.now() + dt.timedelta(hours=48)
    slot = Slot.objects.create(
        consultant=world.users["consultant_a"],
        operator=world.op_a,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=50),
        location="광주 AI 창업캠프 3층 상담실",
    )
    # Two trainees of operator A: A1 books for themself, operator staff book for A2.
    contenders = {
        "trainee_a1": {"actor": world.actor("trainee_a1"), "trainee": world.trainee_a1},
        "staff_a": {"actor": world.actor("staff_a"), "trainee": world.trainee_a2},
    }
    barrier = threading.Barrier(len(contenders))
    outcomes: dict[str, object] = {}
    threads = [
        threading.Thread(
            target=_book_in_own_connection,
            args=(barrier, outcomes, key),
            kwargs={
                "slot": slot,
                "session_type": "resume",
                "topic": f"{key}의 자기소개서",
                **who,
            },
            name=f"booking-{key}",
        )
        for key, who in contenders.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a booking thread hung"
    assert set(outcomes) == set(contenders)

    won = {key: r for key, r in outcomes.items() if isinstance(r, Booking)}
    lost = {key: r for key, r in outcomes.items() if not isinstance(r, Booking)}
    assert len(won) == 1, outcomes
    assert len(lost) == 1, outcomes
    (error,) = lost.values()
    assert isinstance(error, ValidationError), repr(error)
    assert error.code == "slot_taken"
    assert error.messages == ["방금 다른 사람이 이 일정을 예약했습니다. 다른 시간을 선택하세요."]

    (winner_key, booking) = next(iter(won.items()))
    rows = list(Booking.objects.filter(slot=slot).values_list("pk", "trainee_id", "status"))
    assert rows == [(booking.pk, contenders[winner_key]["trainee"].pk, Booking.Status.BOOKED)]
