"""A trainee's recommended openings (postings and reported demand) with the reasons of each
fit (careerhub.matching: the same refresh and policies as the recommendation pages): the
trainee themselves, their operator's staff, their consultant and the office."""

import datetime as dt

from ninja import Field, Router, Schema

from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import problems
from careerhub.core.access import Action, record_access
from careerhub.matching import policies as matching_policies
from careerhub.matching import selectors as matching_selectors
from careerhub.matching.services import recommendations_refresh

router = Router(tags=["recommendations"])


class RecommendationOut(Schema):
    rank: int
    opening_key: str = Field(..., description="p<posting id> or d<demand line id>.")
    opening_label: str
    posting_id: int | None
    demand_line_id: int | None
    company_name: str
    fit: float = Field(..., description="Total fit 0–1.")
    role_fit: float
    skill_fit: float
    timing_fit: float
    region_fit: float
    months_apart: int
    matched_skills: list[str]
    missing_skills: list[str]
    reason: str = Field(..., description="Why it fits (Korean).")
    reason_en: str = Field(..., description="Why it fits (English).")

    @staticmethod
    def resolve_fit(obj) -> float:
        return obj.total

    @staticmethod
    def resolve_matched_skills(obj) -> list[str]:
        return list(obj.matched_skills or [])

    @staticmethod
    def resolve_missing_skills(obj) -> list[str]:
        return list(obj.missing_skills or [])


class RecommendationsOut(Schema):
    trainee_id: int
    computed_at: dt.datetime
    considered: int = Field(..., description="Openings the engine looked at.")
    items: list[RecommendationOut]


@router.get(
    "/trainees/{trainee_id}/recommendations",
    response={200: RecommendationsOut, **problems(404)},
    operation_id="recommendation_list",
    summary="A trainee's recommended openings, with reasons",
    description=describe(
        "교육생에게 맞는 채용공고·채용 수요를 적합도 순으로, 직무·기술·시기·지역 적합도와 그 "
        "이유와 함께 돌려줍니다. 입력이 바뀌었으면 새로 계산합니다. 교육생 본인, 소속 "
        "교육운영기관, 담당 컨설턴트와 사업단만 볼 수 있으며 조회는 개인정보 열람 기록에 "
        "남습니다.",
        "The openings (postings and reported demand) that fit a trainee best, with role, "
        "skill, timing and region fit and the reasons; recomputed when their inputs changed. "
        "Only the trainee, their operator's staff, their consultant and the office may read "
        "them; every read is recorded in the personal-data access records.",
    ),
)
def recommendation_list(request, trainee_id: int):
    actor = api_actor(request)
    trainee = matching_policies.recommendation_trainee_get_for(actor, trainee_id)
    run = recommendations_refresh(actor=actor, trainee=trainee)
    record_access(request, Action.VIEW, trainees=trainee)
    return {
        "trainee_id": trainee.pk,
        "computed_at": run.created_at,
        "considered": run.considered,
        "items": list(matching_selectors.recommendation_items(run)),
    }
