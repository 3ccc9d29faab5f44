"""1:1 consulting: cut-offs, double booking (constraint), notes policy, pages.

The two-connection race for one slot is in ``test_booking_race.py`` (PostgreSQL only).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from careerhub.academy.models import Trainee
from careerhub.conftest import ROLE_KEYS, every_role, refused, roles_except
from careerhub.consulting import policies, selectors, services
from careerhub.consulting.models import ActionItem, Booking, SessionNote, Slot
from careerhub.core.models import Event
from careerhub.core.policy import PermissionDenied
from careerhub.core.tests import factories as f

pytestmark = pytest.mark.django_db


def make_slot(world, *, hours_ahead=48, minutes=50):
    starts = timezone.now() + dt.timedelta(hours=hours_ahead)
    return Slot.objects.create(
        consultant=world.users["consultant_a"],
        operator=world.op_a,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=minutes),
        location="광주 AI 창업캠프 3층 상담실",
    )


def book(world, slot, trainee=None, who="trainee_a1"):
    return services.booking_create(
        actor=world.actor(who),
        slot=slot,
        trainee=trainee or world.trainee_a1,
        session_type="resume",
        topic="자기소개서 첨삭",
    )


# --- slots -----------------------------------------------------------------------------------


def test_consultant_publishes_slots_but_not_overlapping_ones(world):
    actor = world.actor("consultant_a")
    start = timezone.now() + dt.timedelta(days=2)
    services.slot_publish(
        actor=actor,
        operator_id=world.op_a.pk,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=50),
        mode="video",
        location="https://meet.example.kr/a",
    )
    with pytest.raises(ValidationError) as info:
        services.slot_publish(
            actor=actor,
            operator_id=world.op_a.pk,
            starts_at=start + dt.timedelta(minutes=30),
            ends_at=start + dt.timedelta(minutes=80),
            mode="video",
        )
    assert info.value.code == "slot_overlap"
    with pytest.raises(PermissionDenied):
        services.slot_publish(
            actor=actor,
            operator_id=world.op_b.pk,
            starts_at=start + dt.timedelta(hours=3),
            ends_at=start + dt.timedelta(hours=4),
            mode="video",
        )
    assert Slot.objects.count() == 1


# --- booking and its cut-offs -------------------------------------------------------------


def test_trainee_books_and_the_slot_leaves_the_open_list(world):
    slot = make_slot(world)
    assert list(selectors.open_slots_for(trainee=world.trainee_a1)) == [slot]
    booking = book(world, slot)
    assert booking.status == Booking.Status.BOOKED
    assert list(selectors.open_slots_for(trainee=world.trainee_a1)) == []
    assert selectors.next_booking(trainee=world.trainee_a1) == booking


def test_booking_closes_two_hours_before_the_session(world):
    slot = make_slot(world, hours_ahead=1)
    with pytest.raises(ValidationError) as info:
        book(world, slot)
    assert info.value.code == "booking_cutoff"
    assert not Booking.objects.exists()
    assert selectors.open_slots_for(trainee=world.trainee_a1).count() == 0


def test_trainee_cancels_until_24_hours_before_but_not_after(world):
    early = book(world, make_slot(world, hours_ahead=30))
    services.booking_cancel(actor=world.actor("trainee_a1"), booking=early)
    early.refresh_from_db()
    assert early.status == Booking.Status.CANCELLED and early.cancelled_at is not None

    late = book(world, make_slot(world, hours_ahead=10))
    with pytest.raises(ValidationError) as info:
        services.booking_cancel(actor=world.actor("trainee_a1"), booking=late)
    assert info.value.code == "cancel_cutoff"
    assert "취소할 수 있습니다" in info.value.messages[0]
    late.refresh_from_db()
    assert late.status == Booking.Status.BOOKED
    # The consultant may still cancel, with a reason; the event records that it was late.
    services.booking_cancel(actor=world.actor("consultant_a"), booking=late, reason="출장")
    late.refresh_from_db()
    assert late.status == Booking.Status.CANCELLED
    event = Event.objects.filter(verb="consulting.cancelled", target_id=str(late.pk)).get()
    assert event.data["late"] is True


def test_a_cancelled_slot_can_be_booked_again(world):
    slot = make_slot(world)
    services.booking_cancel(actor=world.actor("trainee_a1"), booking=book(world, slot))
    other = book(world, slot, trainee=world.trainee_a2, who="staff_a")  # staff on behalf
    assert other.status == Booking.Status.BOOKED
    assert Booking.objects.filter(slot=slot).count() == 2


# --- double booking ----------------------------------------------------------------------


def test_second_booking_of_a_slot_is_refused(world):
    slot = make_slot(world)
    book(world, slot)
    with pytest.raises(ValidationError) as info:
        book(world, slot, trainee=world.trainee_a2, who="staff_a")
    assert info.value.code == "slot_taken"
    assert Booking.objects.filter(slot=slot).count() == 1


def test_the_database_refuses_two_live_bookings_of_one_slot(world):
    slot = make_slot(world)
    Booking.objects.create(slot=slot, trainee=world.trainee_a1, session_type="resume")
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot=slot, trainee=world.trainee_a2, session_type="interview")


def test_a_refusal_by_the_unique_index_reads_as_slot_taken_and_writes_nothing(world, monkeypatch):
    """The service's last line of defence, not a race: a live booking appears after the
    service's own check (inserted here in the same transaction), so only the partial unique
    index stops the insert. The trainee still reads that the slot was just taken, and the
    whole booking rolls back. The real two-connection race is in ``test_booking_race.py``."""
    slot = make_slot(world)
    original = Booking.full_clean

    def rival_commits_first(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if self.trainee_id == world.trainee_a1.pk:
            Booking.objects.create(slot=slot, trainee=world.trainee_a2, session_type="offer")

    monkeypatch.setattr(Booking, "full_clean", rival_commits_first)
    with pytest.raises(ValidationError) as info:
        book(world, slot)
    assert info.value.code == "slot_taken"
    assert "다른 사람이" in info.value.messages[0]
    assert list(Booking.objects.values_list("trainee_id", flat=True)) == []  # all rolled back


def test_a_trainee_cannot_hold_two_sessions_at_once(world):
    book(world, make_slot(world))
    start = timezone.now() + dt.timedelta(hours=48, minutes=20)
    clash = Slot.objects.create(
        consultant=world.users["staff_a"],
        operator=world.op_a,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=50),
    )
    with pytest.raises(ValidationError) as info:
        book(world, clash)
    assert info.value.code == "trainee_overlap"


def test_another_operators_trainee_cannot_book(world):
    slot = make_slot(world)
    with pytest.raises(PermissionDenied):
        book(world, slot, trainee=world.trainee_b1, who="trainee_b1")
    with pytest.raises(PermissionDenied):
        book(world, slot, trainee=world.trainee_a1, who="trainee_b1")
    assert not Booking.objects.exists()


# --- notes and action items ------------------------------------------------------------------

NOTES = every_role(
    {
        "anonymous": False,
        "nobody": False,
        "office": False,
        "staff_a": True,
        "staff_b": False,
        "consultant_a": True,
        "recruiter_x": False,
        "recruiter_y": False,
        "trainee_a1": False,
        "trainee_b1": False,
        "committee": False,
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_notes_reach_the_consultant_and_the_operator_only(world, who):
    booking = book(world, make_slot(world))
    services.note_add(actor=world.actor("consultant_a"), booking=booking, body="면접 불안감이 큼")
    actor = world.actor(who)
    visible = policies.bookings_visible_to(actor).filter(pk=booking.pk).exists()
    notes = selectors.notes_for(actor=actor, booking=booking) if visible else None
    assert (notes is not None) == NOTES[who]
    if notes is not None:
        assert [n.body for n in notes] == ["면접 불안감이 큼"]


@pytest.mark.parametrize("who", roles_except("consultant_a"))
def test_only_the_consultant_writes_notes(world, who):
    booking = book(world, make_slot(world))
    with pytest.raises(PermissionDenied):
        services.note_add(actor=world.actor(who), booking=booking, body="…")
    assert not SessionNote.objects.exists()


def test_action_items_are_ticked_by_the_trainee_and_followed_up_by_the_consultant(world):
    booking = book(world, make_slot(world))
    consultant = world.actor("consultant_a")
    due = timezone.localdate() + dt.timedelta(days=1)
    item = services.action_item_add(
        actor=consultant, booking=booking, title="이력서 수정본 제출", due_on=due
    )
    assert item.is_overdue(due + dt.timedelta(days=1))
    services.action_item_set_status(actor=world.actor("trainee_a1"), item=item, status="done")
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE and item.done_at is not None
    with pytest.raises(PermissionDenied):
        services.action_item_set_status(
            actor=world.actor("trainee_a1"), item=item, status="dropped"
        )
    with pytest.raises(PermissionDenied):
        services.action_item_follow_up(actor=world.actor("trainee_a1"), item=item, note="…")
    services.action_item_follow_up(actor=consultant, item=item, note="수정본 확인 완료")
    item.refresh_from_db()
    assert item.follow_up == "수정본 확인 완료" and item.follow_up_on == timezone.localdate()


# --- pages -------------------------------------------------------------------------------------

HOME = every_role(
    {
        "anonymous": 302,
        "nobody": 404,
        "office": 404,
        "staff_a": 200,
        "staff_b": 200,
        "consultant_a": 200,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 200,
        "trainee_b1": 200,  # their own (empty) consulting page
        "committee": 404,
    }
)
DETAIL = every_role(
    {  # trainee A1's booking and history
        "anonymous": 302,
        "nobody": 404,
        "office": 200,
        "staff_a": 200,
        "staff_b": 404,
        "consultant_a": 200,
        "recruiter_x": 404,
        "recruiter_y": 404,
        "trainee_a1": 200,
        "trainee_b1": 404,  # another trainee
        "committee": 404,
    }
)


@pytest.mark.parametrize("who", ROLE_KEYS)
def test_pages_matrix_and_notes_never_shown_to_others(as_role, world, who):
    booking = book(world, make_slot(world))
    services.note_add(actor=world.actor("consultant_a"), booking=booking, body="비밀 상담 기록")
    client = as_role(who)
    assert client.get(reverse("consulting:home")).status_code == HOME[who]
    response = client.get(reverse("consulting:booking_detail", args=[booking.pk]))
    assert response.status_code == DETAIL[who]
    history = client.get(reverse("consulting:trainee_history", args=[world.trainee_a1.pk]))
    assert history.status_code == DETAIL[who]
    for page in (response, history):
        assert ("비밀 상담 기록" in page.content.decode()) == NOTES[who]


def test_trainee_books_through_the_page(login, world):
    slot = make_slot(world)
    client = login(world.users["trainee_a1"])
    response = client.post(
        reverse("consulting:slot_book", args=[slot.pk]),
        {"session_type": "interview", "topic": "기술 면접"},
    )
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consulting:booking_detail", args=[booking.pk])
    assert booking.session_type == "interview"


def test_idor_booking_another_operators_slot_is_404_and_writes_nothing(login, world):
    slot = make_slot(world)
    response = login(world.users["trainee_b1"]).post(
        reverse("consulting:slot_book", args=[slot.pk]), {"session_type": "resume"}
    )
    assert response.status_code == 404
    assert not Booking.objects.exists()


@pytest.mark.parametrize("who", roles_except("office", "staff_a", "consultant_a", "trainee_a1"))
def test_idor_cancel_and_note_by_another_operator_company_or_trainee_are_404(as_role, world, who):
    booking = book(world, make_slot(world))
    client = as_role(who)
    cancel = reverse("consulting:booking_cancel", args=[booking.pk])
    assert client.post(cancel, {"reason": "x"}).status_code == refused(who)
    note_url = reverse("consulting:note_add", args=[booking.pk])
    assert client.post(note_url, {"body": "x"}).status_code == refused(who)
    booking.refresh_from_db()
    assert booking.status == "booked" and not SessionNote.objects.exists()


def test_late_cancel_on_the_page_shows_the_korean_cut_off(login, world):
    booking = book(world, make_slot(world, hours_ahead=5))
    client = login(world.users["trainee_a1"])
    response = client.post(
        reverse("consulting:booking_cancel", args=[booking.pk]), {"reason": ""}, follow=True
    )
    assert "취소할 수 있습니다" in response.content.decode()
    assert Booking.objects.get().status == "booked"
    assert Trainee.objects.count() == 3


# --- what the first week found (issue 14 item 8) ---------------------------------------------


def test_an_action_item_cannot_be_due_in_the_past(world):
    booking = book(world, make_slot(world))
    with pytest.raises(ValidationError) as info:
        services.action_item_add(
            actor=world.actor("consultant_a"),
            booking=booking,
            title="이력서 제출",
            due_on=timezone.localdate() - dt.timedelta(days=400),
        )
    assert info.value.error_dict["due_on"][0].code == "past"
    assert not ActionItem.objects.exists()


def test_an_in_person_slot_needs_its_place(world):
    start = timezone.now() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as info:
        services.slot_publish(
            actor=world.actor("consultant_a"),
            operator_id=world.op_a.pk,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=50),
            mode="in_person",
            location="  ",
        )
    assert info.value.error_dict["location"][0].code == "place_required"
    assert not Slot.objects.exists()


def test_a_note_over_the_limit_says_so_and_keeps_what_was_typed(login, world):
    booking = book(world, make_slot(world))
    body = "상담 내용 " * 1700  # over 8,000 characters
    response = login(world.users["consultant_a"]).post(
        reverse("consulting:note_add", args=[booking.pk]), {"body": body}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "8000" in page and "상담 기록을 입력하세요" not in page
    assert "상담 내용 상담 내용" in page  # the text is still in the form
    assert not SessionNote.objects.exists()


def test_a_past_due_date_on_the_page_keeps_the_action_typed(login, world):
    booking = book(world, make_slot(world))
    response = login(world.users["consultant_a"]).post(
        reverse("consulting:action_add", args=[booking.pk]),
        {"title": "포트폴리오 정리", "due_on": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "포트폴리오 정리" in response.content.decode()
    assert not ActionItem.objects.exists()


def test_a_trainee_who_withdrew_operator_consent_is_told_why_booking_fails(login, world):
    """Not a bare 404: the trainee may book in principle, and learns what to do."""
    from careerhub.academy import services as academy_services

    slot = make_slot(world)
    f.consent(world.trainee_a1, "provision_operator")
    academy_services.consent_set(
        actor=world.actor("trainee_a1"),
        trainee=world.trainee_a1,
        purpose="provision_operator",
        granted=False,
    )
    response = login(world.users["trainee_a1"]).post(
        reverse("consulting:slot_book", args=[slot.pk]),
        {"session_type": "resume", "topic": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert "교육운영기관에 개인정보를 제공하는 데 동의해야 합니다" in response.content.decode()
    assert not Booking.objects.exists()
