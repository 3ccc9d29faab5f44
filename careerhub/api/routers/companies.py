"""Companies and their attraction pipeline stage (read). Company records as the company pages
show them: the office, operators and committee members every company, a recruiter their own.
The pipeline stage and its history are the program office's work (careerhub.companies
policies): other keys get ``stage`` null and the history as a 404."""

import datetime as dt

from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import problems
from careerhub.api.pagination import CursorPagination
from careerhub.api.schemas import choices_enum
from careerhub.companies import policies as company_policies
from careerhub.companies import selectors as company_selectors
from careerhub.companies.models import Stage
from careerhub.core.policy import require

CompanyStage = choices_enum("CompanyStage", Stage)

router = Router(tags=["companies"])


def _sees_stages(context) -> bool:
    request = (context or {}).get("request")
    return request is not None and company_policies.can_manage_attraction(api_actor(request))


class CompanyOut(Schema):
    id: int
    name: str
    business_number: str = Field(..., examples=["123-45-67890"])
    size: str
    sector: str
    hq_region: str
    has_city_office: bool
    city_office_opened_on: dt.date | None
    website: str
    stage: CompanyStage | None = Field(
        None, description="Attraction pipeline stage (program office keys only; else null)."
    )
    stage_since: dt.datetime | None = None
    updated_at: dt.datetime

    @staticmethod
    def resolve_stage(obj, context) -> str | None:
        return obj.stage if _sees_stages(context) else None

    @staticmethod
    def resolve_stage_since(obj, context) -> dt.datetime | None:
        return obj.stage_since if _sees_stages(context) else None


class CompanyFilter(FilterSchema):
    q: str | None = Field(None, max_length=100, description="Words in the name or sector.")
    city_office: bool | None = Field(None, description="Has an office in the city.")
    stage: CompanyStage | None = Field(None, description="Pipeline stage (program office only).")


class StageChangeOut(Schema):
    from_stage: CompanyStage | None
    to_stage: CompanyStage
    effective_at: dt.datetime
    recorded_at: dt.datetime
    note: str

    @staticmethod
    def resolve_from_stage(obj) -> str | None:
        return obj.from_stage or None


@router.get(
    "/companies",
    response={200: list[CompanyOut], **problems()},
    operation_id="company_list",
    summary="List companies",
    description=describe(
        "볼 수 있는 기업 목록입니다(사업단·교육운영기관·위원은 전체, 기업은 자기 기업). "
        "이름·업종, 지역 사무소 여부, 유치 단계(사업단만)로 거를 수 있습니다.",
        "The companies you may see (the office, operators and committee members all of "
        "them, a company itself), filtered by name or sector, city office, or pipeline "
        "stage (program office only).",
    ),
)
@paginate(CursorPagination, ordering="pk")
def company_list(request, filters: Query[CompanyFilter]):
    return company_selectors.company_list_for(
        actor=api_actor(request),
        query=(filters.q or "").strip(),
        city_office=filters.city_office,
        stage=filters.stage,
    )


@router.get(
    "/companies/{company_id}",
    response={200: CompanyOut, **problems(404)},
    operation_id="company_read",
    summary="Read a company",
    description=describe(
        "기업 하나입니다. 유치 단계는 사업단 키에만 보입니다.",
        "One company. Its attraction stage is shown to program office keys only.",
    ),
)
def company_read(request, company_id: int):
    return company_policies.company_get_for(api_actor(request), company_id)


@router.get(
    "/companies/{company_id}/stages",
    response={200: list[StageChangeOut], **problems(404)},
    operation_id="company_stage_history",
    summary="A company's attraction pipeline history",
    description=describe(
        "기업 유치 단계가 바뀐 이력(최근 순)입니다. 사업단만 볼 수 있습니다.",
        "How the company moved through the attraction pipeline, latest first. Program office only.",
    ),
)
def company_stage_history(request, company_id: int):
    actor = api_actor(request)
    require(company_policies.can_manage_attraction(actor))
    company = company_policies.company_get_for(actor, company_id)
    return list(company_selectors.stage_history_for(actor=actor, company=company))
