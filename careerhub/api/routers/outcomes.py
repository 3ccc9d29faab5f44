"""Outcomes: an operator's system reports its trainees' outcomes (proposed until staff verify
them), attaches evidence (private storage, careerhub.core.files through the outcomes app) and
confirms them — the same services as the pages. Outcomes are personal data: companies never
see them here, as on the pages; their hires show the outcome's status on the application."""

import datetime as dt

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, FilterSchema, Query, Router, Schema, UploadedFile
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from ninja.responses import Status

from careerhub.academy.policies import trainee_get_for
from careerhub.api import versioning
from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import ApiErrorCode, ApiProblem, problems
from careerhub.api.idempotency import idempotent
from careerhub.api.pagination import CursorPagination
from careerhub.api.schemas import Id, choices_enum, role_by_code
from careerhub.companies.models import Company
from careerhub.core.access import Action, record_access
from careerhub.outcomes import policies, services
from careerhub.outcomes.models import EmploymentType, Insurance, Outcome, OutcomeType

router = Router(tags=["outcomes"])
OutcomeStatus = choices_enum("OutcomeStatus", Outcome.Status)
OutcomeSource = choices_enum("OutcomeSource", Outcome.Source)
OutcomeEmploymentType = choices_enum("OutcomeEmploymentType", EmploymentType)
OutcomeInsurance = choices_enum("OutcomeInsurance", Insurance)
OutcomeKind = choices_enum("OutcomeType", OutcomeType)


class OutcomeOut(Schema):
    id: int
    version: int
    trainee_id: Id
    outcome_type: OutcomeKind
    status: OutcomeStatus
    source: OutcomeSource
    start_date: dt.date
    end_date: dt.date | None
    company_id: Id | None
    company_name: str
    job_role: str | None
    job_title: str
    employment_type: str
    insurance: OutcomeInsurance
    in_field: bool
    in_city: bool
    annual_salary: int | None
    reason: str
    evidence_reference: str
    has_evidence_file: bool
    verified_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_company_name(obj: Outcome) -> str:
        return obj.employer

    @staticmethod
    def resolve_job_role(obj: Outcome) -> str | None:
        return obj.job_role.code if obj.job_role_id else None

    @staticmethod
    def resolve_has_evidence_file(obj: Outcome) -> bool:
        return bool(obj.evidence_file)


class OutcomeIn(Schema):
    trainee_id: Id
    outcome_type: OutcomeKind = Field(..., examples=["employed"])
    start_date: dt.date = Field(..., description="First working day, registration date, …")
    end_date: dt.date | None = None
    company_id: Id | None = Field(None, description="A registered company's id, if any.")
    company_name: str = Field("", max_length=200, description="Employer, if not registered.")
    job_role: str | None = Field(None, description="Job-role code (taxonomy).")
    job_title: str = Field("", max_length=200)
    employment_type: OutcomeEmploymentType | None = None
    insurance: OutcomeInsurance = OutcomeInsurance.UNCONFIRMED
    in_field: bool = True
    in_city: bool = False
    annual_salary: int | None = Field(None, ge=0, le=2_000_000_000)
    absence_weeks: int | None = Field(None, ge=1, le=520)
    reason: str = Field("", max_length=300)
    evidence_reference: str = Field("", max_length=300)


class OutcomeFilter(FilterSchema):
    trainee_id: Id | None = None
    status: OutcomeStatus | None = None


IF_MATCH_PARAM = {
    "parameters": [
        {
            "name": "If-Match",
            "in": "header",
            "required": True,
            "schema": {"type": "string"},
            "description": "The ETag of the outcome as read (its version).",
        }
    ]
}


def _company(company_id: Id | None) -> Company | None:
    if company_id is None:
        return None
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        raise ApiProblem(
            422,
            ApiErrorCode.INVALID_REQUEST,
            _("There is no registered company with this id."),
            errors=[{"field": "company_id", "code": "unknown_company", "message": _("Unknown.")}],
        )
    return company


@router.get(
    "/outcomes",
    response={200: list[OutcomeOut], **problems()},
    operation_id="outcome_list",
    summary="List outcomes",
    description=describe(
        "볼 수 있는 취업 성과 목록입니다(교육운영기관은 자기 교육생의 성과). 교육생과 상태로 "
        "거를 수 있으며, 조회는 개인정보 열람 기록에 남습니다.",
        "The outcomes you may see (an operator: its trainees'), filtered by trainee or "
        "status. Recorded in the personal-data access records.",
    ),
)
@paginate(CursorPagination, ordering="-updated_at", records_access=True)
def outcome_list(request, filters: Query[OutcomeFilter]):
    qs = policies.outcomes_visible_to(api_actor(request)).select_related("job_role")
    if filters.trainee_id is not None:
        qs = qs.filter(trainee_id=filters.trainee_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


@router.get(
    "/outcomes/{outcome_id}",
    response={200: OutcomeOut, **problems(404)},
    operation_id="outcome_read",
    summary="Read an outcome",
    description=describe(
        "취업 성과 하나입니다. ETag 헤더가 버전이며 증빙을 올리거나 확인할 때 If-Match로 "
        "보내야 합니다.",
        "One outcome. The ETag header is its version: send it as If-Match to attach "
        "evidence or confirm it.",
    ),
)
def outcome_read(request, outcome_id: Id, response: HttpResponse):
    outcome = policies.outcome_get_for(api_actor(request), outcome_id)
    record_access(request, Action.VIEW, trainees=outcome)
    versioning.set_etag(response, outcome.version)
    return outcome


@router.post(
    "/outcomes",
    response={201: OutcomeOut, **problems(404)},
    operation_id="outcome_report",
    summary="Report an outcome",
    description=describe(
        "교육생의 취업·창업·제외 사유 등 성과를 보고합니다. 담당자가 증빙을 확인하기 전까지는 "
        "'제안됨' 상태입니다. Idempotency-Key 헤더를 쓸 수 있습니다.",
        "Report a trainee's outcome (employed, started a company, an exclusion, …). It stays "
        "proposed until staff verify it against its evidence. Accepts an Idempotency-Key.",
    ),
)
@decorate_view(idempotent)
def outcome_report(request, payload: OutcomeIn, response: HttpResponse):
    actor = api_actor(request)
    trainee = trainee_get_for(actor, payload.trainee_id)
    data = payload.dict(exclude={"trainee_id", "company_id", "job_role"})
    data["employment_type"] = data["employment_type"] or ""
    data["company"] = _company(payload.company_id)
    data["job_role"] = role_by_code(payload.job_role, field="job_role")
    outcome = services.outcome_record(actor=actor, trainee=trainee, data=data)
    versioning.set_etag(response, outcome.version)
    return Status(201, outcome)


@router.post(
    "/outcomes/{outcome_id}/evidence",
    response={200: OutcomeOut, **problems(404, 412, 428)},
    operation_id="outcome_evidence_upload",
    summary="Attach an evidence file",
    description=describe(
        "성과의 증빙 파일(PDF·이미지)을 올립니다. 파일은 비공개 저장소에 무작위 이름으로 "
        "저장됩니다. 읽은 버전을 If-Match로 보내야 합니다.",
        "Attach the outcome's evidence file (PDF or image); it is kept in private storage "
        "under a random name. Send the version you read as If-Match.",
    ),
    openapi_extra=IF_MATCH_PARAM,
)
def outcome_evidence_upload(
    request, outcome_id: Id, response: HttpResponse, evidence_file: File[UploadedFile]
):
    actor = api_actor(request)
    outcome = policies.outcome_get_for(actor, outcome_id)
    outcome = services.outcome_update(
        actor=actor,
        outcome=outcome,
        expected_version=versioning.expected_version(request, outcome.version),
        data={},
        evidence_file=evidence_file,
    )
    versioning.set_etag(response, outcome.version)
    return outcome


@router.post(
    "/outcomes/{outcome_id}/confirm",
    response={200: OutcomeOut, **problems(404, 412, 428)},
    operation_id="outcome_confirm",
    summary="Verify an outcome",
    description=describe(
        "담당자가 증빙을 확인하고 성과를 확정합니다. 확정된 성과만 취업률에 들어갑니다. 읽은 "
        "버전을 If-Match로 보내야 합니다.",
        "Staff verify the outcome against its evidence; only confirmed outcomes count in the "
        "rates. Send the version you read as If-Match.",
    ),
    openapi_extra=IF_MATCH_PARAM,
)
def outcome_confirm(request, outcome_id: Id, response: HttpResponse):
    actor = api_actor(request)
    outcome = policies.outcome_get_for(actor, outcome_id)
    outcome = services.outcome_confirm(
        actor=actor,
        outcome=outcome,
        expected_version=versioning.expected_version(request, outcome.version),
    )
    versioning.set_etag(response, outcome.version)
    return outcome
