"""Cohort plans: start a capacitated plan of a cohort (or one course), poll its progress while
the background task computes it, and read its placements with their fit and reasons
(careerhub.matching.services.plans and the plan pages' policies). The office plans any cohort;
operator staff plan their own trainees. A ``plan.finished`` webhook tells when a run ends."""

import datetime as dt

from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from ninja.responses import Status

from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import problems
from careerhub.api.idempotency import idempotent
from careerhub.api.pagination import CursorPagination
from careerhub.api.schemas import choices_enum
from careerhub.core.policy import get_visible_or_404, require
from careerhub.core.runs import RunStatus
from careerhub.matching import policies as matching_policies
from careerhub.matching import selectors as matching_selectors
from careerhub.matching.models import UnplacedReason
from careerhub.matching.services import plans as plan_services

PlanRunStatus = choices_enum("PlanRunStatus", RunStatus)
PlanUnplacedReason = choices_enum("PlanUnplacedReason", UnplacedReason)

router = Router(tags=["plans"])


class PlanParametersIO(Schema):
    candidates_per_trainee: int = Field(
        30, ge=1, le=200, description="Openings considered per trainee."
    )
    min_fit: float = Field(0.0, ge=0, le=1, description="Lowest fit a placement may have (0–1).")
    max_months_apart: int = Field(
        3, ge=0, le=12, description="Most months between availability and hiring."
    )
    include_demand: bool = Field(
        True, description="Plan against reported demand, not only postings."
    )


class PlanRunOut(Schema):
    id: int
    cohort_id: int
    course_id: int | None
    operator_id: int | None
    status: PlanRunStatus = Field(..., description="queued, running, succeeded or failed.")
    progress: int = Field(..., description="Percent done (0–100).")
    stage: str = Field(..., description="What the run is doing now (Korean).")
    error: str = Field(..., description="Why it failed (empty unless failed).")
    parameters: dict
    trainee_count: int
    opening_count: int
    place_count: int
    placed_count: int
    total_fit: float
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class PlanRunIn(Schema):
    cohort_id: int = Field(..., examples=[3])
    course_id: int | None = Field(
        None, description="Limit the plan to one course (operator staff: one of theirs)."
    )
    parameters: PlanParametersIO = Field(default_factory=PlanParametersIO)


class PlanFilter(FilterSchema):
    cohort_id: int | None = None
    status: PlanRunStatus | None = None


class PlacementOut(Schema):
    trainee_id: int
    placed: bool
    pinned: bool
    opening_key: str = Field(..., description="p<posting id> or d<demand line id>.")
    opening_label: str
    posting_id: int | None
    demand_line_id: int | None
    company_name: str
    fit: float
    role_fit: float
    skill_fit: float
    timing_fit: float
    region_fit: float
    missing_skills: list[str]
    reason: str = Field(..., description="Why this placement (Korean).")
    unplaced_reason: PlanUnplacedReason | None = Field(
        None, description="Why the trainee has no place (null when placed)."
    )

    @staticmethod
    def resolve_fit(obj) -> float:
        return obj.total

    @staticmethod
    def resolve_unplaced_reason(obj) -> str | None:
        return obj.unplaced_reason or None


@router.get(
    "/plans",
    response={200: list[PlanRunOut], **problems()},
    operation_id="plan_list",
    summary="List cohort plan runs",
    description=describe(
        "볼 수 있는 기수 배치안 실행 목록입니다(사업단은 전체, 교육운영기관은 자기 기관의 실행). "
        "최근 요청 순이며 기수·상태로 거를 수 있습니다.",
        "The cohort plan runs you may see (the office all of them, an operator its own), "
        "newest first, filtered by cohort or status.",
    ),
)
@paginate(CursorPagination, ordering="-created_at")
def plan_list(request, filters: Query[PlanFilter]):
    qs = matching_selectors.plan_runs_for(api_actor(request))
    if filters.cohort_id is not None:
        qs = qs.filter(cohort_id=filters.cohort_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


@router.post(
    "/plans",
    response={202: PlanRunOut, **problems(404)},
    operation_id="plan_start",
    summary="Start a cohort plan",
    description=describe(
        "기수(또는 과정 하나)의 배치안 계산을 요청합니다. 계산은 백그라운드에서 진행되며, "
        "GET /plans/{id}로 진행률을 확인하고 끝나면 /plans/{id}/placements로 결과를 읽습니다. "
        "Idempotency-Key 헤더로 같은 요청을 다시 보내도 한 번만 시작됩니다.",
        "Ask for a plan of a cohort (or one course). It is computed in the background: poll "
        "GET /plans/{id} for its progress, then read /plans/{id}/placements. An "
        "Idempotency-Key header makes a retried request start it only once.",
    ),
)
@decorate_view(idempotent)
def plan_start(request, payload: PlanRunIn):
    actor = api_actor(request)
    require(matching_policies.can_plan(actor))
    cohort = get_visible_or_404(matching_policies.cohorts_plannable_by(actor), payload.cohort_id)
    course = (
        get_visible_or_404(matching_policies.plan_courses_for(actor), payload.course_id)
        if payload.course_id is not None
        else None
    )
    run = plan_services.plan_run_request(
        actor=actor, cohort=cohort, course=course, parameters=payload.parameters.dict()
    )
    return Status(202, run)


@router.get(
    "/plans/{run_id}",
    response={200: PlanRunOut, **problems(404)},
    operation_id="plan_read",
    summary="Poll a cohort plan run",
    description=describe(
        "배치안 실행의 상태와 진행률입니다. status가 succeeded나 failed가 될 때까지 몇 초 "
        "간격으로 읽으세요(또는 plan.finished 웹훅을 받으세요).",
        "A plan run's status and progress. Read it every few seconds until status is "
        "succeeded or failed (or subscribe to the plan.finished webhook).",
    ),
)
def plan_read(request, run_id: int):
    return matching_policies.plan_run_get_for(api_actor(request), run_id)


@router.get(
    "/plans/{run_id}/placements",
    response={200: list[PlacementOut], **problems(404)},
    operation_id="plan_placements",
    summary="Placements of a finished plan",
    description=describe(
        "끝난 배치안의 교육생별 배치와 적합도·이유, 또는 배치되지 않은 이유입니다. placed로 "
        "거를 수 있습니다. 조회는 개인정보 열람 기록에 남습니다.",
        "Each trainee's placement in a finished plan with its fit and reason, or why they "
        "have no place, filtered by placed. Every read is recorded in the personal-data "
        "access records.",
    ),
)
@paginate(CursorPagination, ordering="pk", records_access=True)
def plan_placements(request, run_id: int, placed: bool | None = None):
    run = matching_policies.plan_run_get_for(api_actor(request), run_id)
    placements = run.placements.all()
    return placements if placed is None else placements.filter(placed=placed)
