"""Hiring-demand surveys (채용 수요 조사): the rounds, and the demand lines companies report
(role × headcount × hiring months), read by the office and by each company for itself; a
company's system adds and changes its own lines while a round is open, through the same
service as the demand pages (careerhub.hiring.services.demand_line_save: one revision per
change, the round's deadline enforced)."""

import datetime as dt
from typing import Annotated

from django.utils import timezone
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from ninja.responses import Status

from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import problems
from careerhub.api.idempotency import idempotent
from careerhub.api.pagination import CursorPagination
from careerhub.api.schemas import choices_enum, role_by_code, skill_ids_by_code
from careerhub.companies import policies as company_policies
from careerhub.core.choices import Region
from careerhub.hiring import policies as hiring_policies
from careerhub.hiring import services as hiring_services
from careerhub.hiring.models import EmploymentType, SurveyRound
from careerhub.hiring.services import SkillWant

DemandRoundStatus = choices_enum("DemandRoundStatus", SurveyRound.Status)
DemandEmploymentType = choices_enum("DemandEmploymentType", EmploymentType)
DemandRegion = choices_enum("DemandRegion", Region)

router = Router(tags=["demand"])


class SurveyRoundOut(Schema):
    id: int
    title: str
    description: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    status: DemandRoundStatus

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.status_at(timezone.now())


class DemandSkillIO(Schema):
    skill: str = Field(..., description="Skill code (taxonomy).", examples=["python"])
    required: bool = True
    level: int | None = Field(3, ge=1, le=5)


class LineOut(Schema):
    id: int
    round_id: int
    company_id: int
    role: str | None = Field(None, description="Job-role code (taxonomy).")
    headcount: int
    earliest_month: dt.date
    latest_month: dt.date
    employment_type: DemandEmploymentType
    region: DemandRegion
    salary_min: int | None
    salary_max: int | None
    preferential_screening: bool
    note: str
    skills: list[DemandSkillIO]

    @staticmethod
    def resolve_round_id(obj) -> int:
        return obj.response.round_id

    @staticmethod
    def resolve_company_id(obj) -> int:
        return obj.response.company_id

    @staticmethod
    def resolve_role(obj) -> str | None:
        return obj.role.code if obj.role_id else None

    @staticmethod
    def resolve_skills(obj) -> list[dict]:
        return [
            {"skill": s.skill.code, "required": s.required, "level": s.level}
            for s in obj.skills.select_related("skill").order_by("-required", "skill__code")
        ]


class LineFilter(FilterSchema):
    round_id: Annotated[int | None, FilterLookup("response__round_id")] = None
    company_id: Annotated[int | None, FilterLookup("response__company_id")] = None


class LineFields(Schema):
    role: str | None = Field(None, description="Job-role code.", examples=["backend"])
    headcount: int | None = Field(None, ge=1, le=500, examples=[2])
    earliest_month: dt.date | None = Field(None, description="First hiring month (any day).")
    latest_month: dt.date | None = Field(None, description="Last hiring month (any day).")
    employment_type: DemandEmploymentType | None = None
    region: DemandRegion | None = None
    salary_min: int | None = Field(None, ge=0, description="만 원 a year.")
    salary_max: int | None = Field(None, ge=0, description="만 원 a year.")
    preferential_screening: bool | None = None
    note: str | None = Field(None, max_length=300)
    skills: list[DemandSkillIO] | None = Field(None, max_length=50)


class LineIn(LineFields):
    round_id: int
    company_id: int = Field(..., description="Your company's id (a company key: its own).")
    headcount: int = Field(..., ge=1, le=500, examples=[2])
    earliest_month: dt.date
    latest_month: dt.date


def _data(payload: Schema) -> dict:
    data = payload.dict(exclude_unset=True, exclude={"skills", "round_id", "company_id"})
    if "role" in data:
        data["role"] = role_by_code(data["role"])
    return data


def _skills(items: list[DemandSkillIO]) -> list[SkillWant]:
    ids = skill_ids_by_code([s.skill for s in items])
    return [SkillWant(ids[s.skill], s.required, s.level) for s in items]


@router.get(
    "/demand/rounds",
    response={200: list[SurveyRoundOut], **problems()},
    operation_id="demand_round_list",
    summary="List demand survey rounds",
    description=describe(
        "채용 수요 조사 회차 목록과 상태(예정·진행 중·마감)입니다. 최근 회차부터 나옵니다.",
        "The hiring-demand survey rounds with their status (upcoming, open, closed), the "
        "latest first.",
    ),
)
@paginate(CursorPagination, ordering="-opens_at")
def demand_round_list(request):
    return hiring_policies.rounds_visible_to(api_actor(request))


@router.get(
    "/demand/lines",
    response={200: list[LineOut], **problems()},
    operation_id="demand_line_list",
    summary="List demand lines",
    description=describe(
        "기업이 보고한 채용 수요(직무·인원·채용 시기)입니다. 사업단은 모든 기업의 수요를, "
        "기업은 자기 수요만 봅니다. 회차·기업으로 거를 수 있습니다.",
        "The hiring demand companies reported (role, headcount, hiring months): the office "
        "sees every company's, a company its own; filtered by round or company.",
    ),
)
@paginate(CursorPagination, ordering="pk")
def demand_line_list(request, filters: Query[LineFilter]):
    return filters.filter(hiring_policies.demand_lines_visible_to(api_actor(request)))


@router.post(
    "/demand/lines",
    response={201: LineOut, **problems(404)},
    operation_id="demand_line_create",
    summary="Report a demand line",
    description=describe(
        "진행 중인 회차에 자기 기업의 채용 수요 한 줄을 더합니다. 마감이 지났거나 아직 열리지 "
        "않은 회차는 422입니다. Idempotency-Key를 받습니다.",
        "Add one line of your company's hiring demand to an open round; a round not open "
        "yet or past its deadline answers 422. Accepts an Idempotency-Key.",
    ),
)
@decorate_view(idempotent)
def demand_line_create(request, payload: LineIn):
    actor = api_actor(request)
    survey_round = hiring_policies.round_get_for(actor, payload.round_id)
    company = company_policies.company_get_for(actor, payload.company_id)
    response = hiring_services.demand_response_get_or_create(
        actor=actor, survey_round=survey_round, company=company
    )
    line = hiring_services.demand_line_save(
        actor=actor,
        response=response,
        data=_data(payload),
        skills=_skills(payload.skills or []),
    )
    return Status(201, line)


@router.patch(
    "/demand/lines/{line_id}",
    response={200: LineOut, **problems(404)},
    operation_id="demand_line_update",
    summary="Change a demand line",
    description=describe(
        "보낸 항목만 바꿉니다(skills를 보내면 기술 목록 전체를 바꿉니다). 회차가 진행 중일 "
        "때만 바꿀 수 있습니다.",
        "Change the fields you send (skills, when sent, replace the whole list), while the "
        "round is open.",
    ),
)
def demand_line_update(request, line_id: int, payload: LineFields):
    actor = api_actor(request)
    line = hiring_policies.demand_line_get_for(actor, line_id)
    skills = (
        _skills(payload.skills)
        if payload.skills is not None
        else [SkillWant(s.skill_id, s.required, s.level) for s in line.skills.all()]
    )
    return hiring_services.demand_line_save(
        actor=actor, response=line.response, line=line, data=_data(payload), skills=skills
    )
