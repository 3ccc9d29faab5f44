"""Consulting through the API: slots and bookings as the pages show them, booking on a
trainee's behalf and cancelling, another operator's key refused as 404."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from careerhub.consulting.models import Booking, Slot
from careerhub.core.models import AccessRecord

pytestmark = pytest.mark.django_db


def post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


@pytest.fixture
def slot(world):
    start = timezone.now() + dt.timedelta(days=3)
    return Slot.objects.create(
        consultant=world.users["consultant_a"],
        operator=world.op_a,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        mode=Slot.Mode.VIDEO,
        location="https://meet.example.com/a",
    )


def test_an_operator_books_and_cancels_for_its_trainee(api_client, world, keys, slot):
    operator = api_client(keys.operator_a)
    slots = operator.get(
        "/api/v1/consulting/slots?starts_after=2020-01-01T00:00:00%2B09:00"
    ).json()["items"]
    assert [s["id"] for s in slots] == [slot.pk]
    assert slots[0]["starts_at"].endswith("+09:00")
    assert api_client(keys.operator_b).get("/api/v1/consulting/slots").json()["items"] == []
    body = {"slot_id": slot.pk, "trainee_id": world.trainee_a1.pk, "session_type": "resume"}
    refused = post(api_client(keys.operator_b), "/api/v1/consulting/bookings", body)
    assert refused.status_code == 404 and not Booking.objects.exists()
    booked = post(operator, "/api/v1/consulting/bookings", body, **{"Idempotency-Key": "b-1"})
    assert booked.status_code == 201, booked.content
    again = post(operator, "/api/v1/consulting/bookings", body, **{"Idempotency-Key": "b-1"})
    assert again.json()["id"] == booked.json()["id"] and Booking.objects.count() == 1
    booking = booked.json()
    assert booking["status"] == "booked" and booking["trainee_id"] == world.trainee_a1.pk
    taken = post(operator, "/api/v1/consulting/bookings", {**body, "topic": "두 번째"})
    assert taken.status_code == 422  # the slot is taken
    listed = operator.get("/api/v1/consulting/bookings").json()["items"]
    assert [b["id"] for b in listed] == [booking["id"]]
    assert AccessRecord.objects.filter(page="api:booking_list").exists()
    assert api_client(keys.company_x).get("/api/v1/consulting/bookings").json()["items"] == []
    other = api_client(keys.operator_b)
    assert other.get(f"/api/v1/consulting/bookings/{booking['id']}").status_code == 404
    assert post(other, f"/api/v1/consulting/bookings/{booking['id']}/cancel", {}).status_code == 404
    cancelled = post(
        operator, f"/api/v1/consulting/bookings/{booking['id']}/cancel", {"reason": "일정 변경"}
    )
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["cancelled_at"]
