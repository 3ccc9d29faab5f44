"""Consulting: slots, bookings (read), and booking or cancelling a session as the consulting
pages allow (careerhub.consulting services and policies): a trainee books their operator's
slots for themselves, operator staff on a trainee's behalf; the trainee, the consultant and
the operator's staff cancel. Session notes stay on the pages."""

import datetime as dt
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from ninja.responses import Status

from careerhub.academy import policies as academy_policies
from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import problems
from careerhub.api.idempotency import idempotent
from careerhub.api.pagination import CursorPagination
from careerhub.api.schemas import choices_enum
from careerhub.consulting import policies as consulting_policies
from careerhub.consulting import services as consulting_services
from careerhub.consulting.models import Booking, SessionType, Slot
from careerhub.core.access import Action, record_access

SlotMode = choices_enum("SlotMode", Slot.Mode)
BookingStatus = choices_enum("BookingStatus", Booking.Status)
ConsultingSessionType = choices_enum("ConsultingSessionType", SessionType)

router = Router(tags=["consulting"])


class SlotOut(Schema):
    id: int
    operator_id: int
    consultant_id: int
    consultant_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: SlotMode
    location: str
    withdrawn: bool

    @staticmethod
    def resolve_consultant_name(obj) -> str:
        return obj.consultant.name

    @staticmethod
    def resolve_withdrawn(obj) -> bool:
        return obj.withdrawn_at is not None


class SlotFilter(FilterSchema):
    starts_after: Annotated[dt.datetime | None, FilterLookup("starts_at__gte")] = None
    operator_id: int | None = None


class BookingOut(Schema):
    id: int
    slot_id: int
    trainee_id: int
    session_type: ConsultingSessionType
    topic: str
    status: BookingStatus
    starts_at: dt.datetime
    cancelled_at: dt.datetime | None

    @staticmethod
    def resolve_starts_at(obj) -> dt.datetime:
        return obj.slot.starts_at


class BookingFilter(FilterSchema):
    trainee_id: int | None = None
    status: BookingStatus | None = None


class BookingIn(Schema):
    slot_id: int
    trainee_id: int = Field(..., description="The trainee (yourself, or one of your operator's).")
    session_type: ConsultingSessionType = Field(..., examples=["resume"])
    topic: str = Field("", max_length=200, examples=["포트폴리오 점검"])


class CancelIn(Schema):
    reason: str = Field("", max_length=500)


@router.get(
    "/consulting/slots",
    response={200: list[SlotOut], **problems()},
    operation_id="slot_list",
    summary="List consulting slots",
    description=describe(
        "볼 수 있는 컨설팅 시간대입니다(교육생은 소속 교육운영기관의 시간대, 컨설턴트는 자기 "
        "시간대, 교육운영기관은 자기 기관의 시간대). 시작 시각·기관으로 거를 수 있습니다.",
        "The consulting slots you may see (a trainee their operator's, a consultant their "
        "own, an operator its own), filtered by start time or operator.",
    ),
)
@paginate(CursorPagination, ordering="starts_at")
def slot_list(request, filters: Query[SlotFilter]):
    return filters.filter(consulting_policies.slots_visible_to(api_actor(request)))


@router.get(
    "/consulting/bookings",
    response={200: list[BookingOut], **problems()},
    operation_id="booking_list",
    summary="List consulting bookings",
    description=describe(
        "볼 수 있는 컨설팅 예약입니다. 교육생·상태로 거를 수 있으며 조회는 개인정보 열람 "
        "기록에 남습니다.",
        "The consulting bookings you may see, filtered by trainee or status; every read is "
        "recorded in the personal-data access records.",
    ),
)
@paginate(CursorPagination, ordering="pk", records_access=True)
def booking_list(request, filters: Query[BookingFilter]):
    return filters.filter(consulting_policies.bookings_visible_to(api_actor(request)))


@router.get(
    "/consulting/bookings/{booking_id}",
    response={200: BookingOut, **problems(404)},
    operation_id="booking_read",
    summary="Read a booking",
    description=describe(
        "컨설팅 예약 하나입니다. 조회는 개인정보 열람 기록에 남습니다.",
        "One consulting booking; the read is recorded in the personal-data access records.",
    ),
)
def booking_read(request, booking_id: int):
    booking = consulting_policies.booking_get_for(api_actor(request), booking_id)
    record_access(request, Action.VIEW, trainees=[booking.trainee_id], booking=booking.pk)
    return booking


@router.post(
    "/consulting/bookings",
    response={201: BookingOut, **problems(404)},
    operation_id="booking_create",
    summary="Book a consulting session",
    description=describe(
        "교육생의 컨설팅 세션을 예약합니다(교육생 본인, 또는 소속 교육운영기관이 대신). 화면과 "
        "같은 규칙(예약 마감 시각, 다가오는 예약 수 제한, 운영기관 제공 동의)을 따르며, 같은 "
        "시간대를 두 사람이 동시에 예약하면 한 사람만 됩니다. Idempotency-Key를 받습니다.",
        "Book a consulting session for a trainee (the trainee, or their operator on their "
        "behalf) by the same rules as the pages (booking cut-off, upcoming bookings limit, "
        "consent to provision to the operator); of two bookings of one slot at once only "
        "one is kept. Accepts an Idempotency-Key.",
    ),
)
@decorate_view(idempotent)
def booking_create(request, payload: BookingIn):
    actor = api_actor(request)
    slot = consulting_policies.slot_get_for(actor, payload.slot_id)
    trainee = academy_policies.trainee_get_for(actor, payload.trainee_id)
    booking = consulting_services.booking_create(
        actor=actor,
        slot=slot,
        trainee=trainee,
        session_type=payload.session_type,
        topic=payload.topic,
    )
    return Status(201, booking)


@router.post(
    "/consulting/bookings/{booking_id}/cancel",
    response={200: BookingOut, **problems(404)},
    operation_id="booking_cancel",
    summary="Cancel a booking",
    description=describe(
        "컨설팅 예약을 취소합니다. 교육생은 취소 마감 전까지, 컨설턴트와 교육운영기관은 "
        "세션 시작 전까지 취소할 수 있습니다.",
        "Cancel a consulting booking: the trainee until the cut-off, the consultant and the "
        "operator's staff until the session starts.",
    ),
)
def booking_cancel(request, booking_id: int, payload: CancelIn):
    actor = api_actor(request)
    booking = consulting_policies.booking_get_for(actor, booking_id)
    return consulting_services.booking_cancel(actor=actor, booking=booking, reason=payload.reason)
