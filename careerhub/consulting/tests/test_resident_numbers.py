"""A consulting note never stores a resident registration number."""

from django.urls import reverse

from careerhub.consulting.models import SessionNote
from careerhub.consulting.tests.test_consulting import book, make_slot


def test_consulting_note_with_a_resident_number_is_refused(login, world):
    booking = book(world, make_slot(world))
    client = login(world.users["consultant_a"])
    response = client.post(
        reverse("consulting:note_add", args=[booking.pk]),
        {"body": "본인확인: 880808 - 2123456, 면접 불안감이 큼"},
    )
    assert response.status_code == 400
    assert "주민등록번호" in response.content.decode()
    assert not SessionNote.objects.exists()


def test_consulting_note_without_one_is_saved(login, world):
    booking = book(world, make_slot(world))
    client = login(world.users["consultant_a"])
    response = client.post(
        reverse("consulting:note_add", args=[booking.pk]),
        {"body": "접수번호 2026-01-00001, 연락처 010-1234-5678"},
    )
    assert response.status_code == 302
    assert SessionNote.objects.get().body.startswith("접수번호")
