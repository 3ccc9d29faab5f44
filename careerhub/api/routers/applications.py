"""Job applications: list and read them, apply (staff for a trainee, with consent), move them
along the same transition table as the pages (careerhub.applications). A move names the
version read: ``If-Match`` with the application's ``ETag``."""

import datetime as dt

from django.http import HttpResponse
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from ninja.responses import Status

from careerhub.academy.policies import trainee_get_for
from careerhub.api import versioning
from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import problems
from careerhub.api.idempotency import idempotent
from careerhub.api.pagination import CursorPagination
from careerhub.api.schemas import Id, choices_enum
from careerhub.applications import policies, selectors, services
from careerhub.applications.models import Application
from careerhub.applications.transitions import Stage
from careerhub.core.access import Action, record_access
from careerhub.hiring.policies import posting_get_for

router = Router(tags=["applications"])
ApplicationStage = choices_enum("ApplicationStage", Stage)


class OutcomeRefOut(Schema):
    id: int
    status: str = Field(..., description="proposed, confirmed (verified) or rejected.")


class ApplicationStageChangeOut(Schema):
    from_status: str
    to_status: str
    reason: str
    at: dt.datetime


class ApplicationOut(Schema):
    id: int
    version: int = Field(..., description="Optimistic version; the ETag is its value.")
    trainee_id: Id
    trainee_name: str
    posting_id: Id
    posting_title: str
    company_id: Id
    status: ApplicationStage
    on_behalf: bool
    cover_note: str
    interview_at: dt.datetime | None
    interview_place: str
    interview_link: str
    offer_salary: int | None
    start_date: dt.date | None
    reason: str
    outcome: OutcomeRefOut | None = Field(
        None, description="The employment outcome proposed when the trainee was hired."
    )
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_trainee_name(obj: Application) -> str:
        return obj.trainee.name

    @staticmethod
    def resolve_posting_title(obj: Application) -> str:
        return obj.posting.title

    @staticmethod
    def resolve_company_id(obj: Application) -> int:
        return obj.posting.company_id

    @staticmethod
    def resolve_outcome(obj: Application):
        return {"id": obj.outcome.pk, "status": obj.outcome.status} if obj.outcome_id else None


class ApplicationDetailOut(ApplicationOut):
    history: list[ApplicationStageChangeOut]

    @staticmethod
    def resolve_history(obj: Application):
        return list(obj.stage_changes.all())


class ApplicationIn(Schema):
    trainee_id: Id
    posting_id: Id
    cover_note: str = Field("", max_length=5000)
    behalf_consent: str = Field(
        "",
        max_length=300,
        description="Staff applying for a trainee: how the trainee agreed (required then).",
    )


class MoveIn(Schema):
    to_status: ApplicationStage = Field(..., examples=["hired"])
    reason: str = Field("", max_length=300, description="Needed for rejected and withdrawn.")
    interview_at: dt.datetime | None = Field(None, description="Needed for interview_scheduled.")
    interview_place: str = Field("", max_length=300)
    interview_link: str = Field("", max_length=200)
    offer_salary: int | None = Field(None, ge=0, le=2_000_000_000)
    start_date: dt.date | None = Field(None, description="Needed for hired.")


class ApplicationFilter(FilterSchema):
    status: ApplicationStage | None = None
    posting_id: Id | None = None


IF_MATCH = {"If-Match": "The ETag of the application as read (its version)."}


@router.get(
    "/applications",
    response={200: list[ApplicationOut], **problems()},
    operation_id="application_list",
    summary="List applications",
    description=describe(
        "볼 수 있는 입사 지원 목록입니다(기업은 자기 채용공고의 지원). 최근 변경 순이며 단계와 "
        "채용공고로 거를 수 있습니다. 조회는 개인정보 열람 기록에 남습니다.",
        "The job applications you may see (a company: those to its postings), most recently "
        "changed first, filtered by stage or posting. Recorded in the access records.",
    ),
)
@paginate(CursorPagination, ordering="-updated_at", records_access=True)
def application_list(request, filters: Query[ApplicationFilter]):
    qs = selectors.application_list_for(actor=api_actor(request), status=filters.status or "")
    if filters.posting_id is not None:
        qs = qs.filter(posting_id=filters.posting_id)
    return qs


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationDetailOut, **problems(404)},
    operation_id="application_read",
    summary="Read an application",
    description=describe(
        "입사 지원 하나와 단계 이력, 채용된 경우 제안된 취업 성과입니다. ETag 헤더가 버전이며 "
        "단계를 옮길 때 If-Match로 보내야 합니다.",
        "One application with its stage history and, once hired, the proposed employment "
        "outcome. The ETag header is its version: send it as If-Match to move it.",
    ),
)
def application_read(request, application_id: Id, response: HttpResponse):
    application = policies.application_get_for(api_actor(request), application_id)
    record_access(request, Action.VIEW, trainees=application)
    versioning.set_etag(response, application.version)
    return application


@router.post(
    "/applications",
    response={201: ApplicationDetailOut, **problems(404)},
    operation_id="application_create",
    summary="Apply to a posting",
    description=describe(
        "모집 중인 채용공고에 지원합니다. 사업단·교육운영기관 담당자가 교육생을 대신해 지원할 "
        "때는 교육생의 기업 제공 동의와 동의 방법(behalf_consent)이 필요합니다. "
        "Idempotency-Key 헤더를 쓸 수 있습니다.",
        "Apply to an open posting. Staff applying on a trainee's behalf need the trainee's "
        "consent to provision to companies and a record of how they agreed "
        "(behalf_consent). Accepts an Idempotency-Key header.",
    ),
)
@decorate_view(idempotent)
def application_create(request, payload: ApplicationIn, response: HttpResponse):
    actor = api_actor(request)
    application = services.application_create(
        actor=actor,
        trainee=trainee_get_for(actor, payload.trainee_id),
        posting=posting_get_for(actor, payload.posting_id),
        cover_note=payload.cover_note,
        behalf_consent=payload.behalf_consent,
    )
    versioning.set_etag(response, application.version)
    return Status(201, application)


@router.post(
    "/applications/{application_id}/moves",
    response={200: ApplicationDetailOut, **problems(404, 412, 428)},
    operation_id="application_move",
    summary="Move an application to another stage",
    description=describe(
        "입사 지원을 다음 단계로 옮깁니다. 화면과 같은 단계 전이표를 따르며, 읽은 버전을 "
        "If-Match로 보내야 합니다(없으면 428, 그사이 바뀌었으면 412).",
        "Move an application to another stage, by the same transition table as the pages. "
        "Send the version you read as If-Match (428 without it, 412 if it changed meanwhile).",
    ),
    openapi_extra={
        "parameters": [
            {
                "name": "If-Match",
                "in": "header",
                "required": True,
                "schema": {"type": "string"},
                "description": IF_MATCH["If-Match"],
            }
        ]
    },
)
def application_move(request, application_id: Id, payload: MoveIn, response: HttpResponse):
    actor = api_actor(request)
    application = policies.application_get_for(actor, application_id)
    moved = services.application_move(
        actor=actor,
        application=application,
        to_status=payload.to_status,
        expected_version=versioning.expected_version(request, application.version),
        reason=payload.reason,
        details=payload.dict(exclude={"to_status", "reason"}),
    )
    versioning.set_etag(response, moved.version)
    return moved
