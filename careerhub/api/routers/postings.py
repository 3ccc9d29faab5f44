"""Job postings: a company's system publishes, updates and closes its own postings and reads
the consenting candidates of each with the reasons of their fit (careerhub.hiring and
careerhub.matching services, the same as the pages)."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from ninja.responses import Status

from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import ApiErrorCode, ApiProblem, problems
from careerhub.api.idempotency import idempotent
from careerhub.api.pagination import CursorPagination
from careerhub.api.schemas import Id, choices_enum, role_by_code, skill_ids_by_code
from careerhub.core.access import Action, record_access
from careerhub.core.choices import Region
from careerhub.core.policy import get_visible_or_404
from careerhub.hiring import policies as hiring_policies
from careerhub.hiring import selectors as hiring_selectors
from careerhub.hiring import services as hiring_services
from careerhub.hiring.models import EmploymentType, JobPosting, PostingStatus
from careerhub.hiring.services import SkillWant
from careerhub.matching import policies as matching_policies
from careerhub.matching import selectors as matching_selectors
from careerhub.matching.services import candidates_refresh

router = Router(tags=["postings"])
PostingEmploymentType = choices_enum("PostingEmploymentType", EmploymentType)
PostingRegion = choices_enum("Region", Region)


class PostingSkillIO(Schema):
    skill: str = Field(..., description="Skill code (taxonomy).", examples=["python"])
    required: bool = True
    level: int | None = Field(3, ge=1, le=5)


class PostingOut(Schema):
    id: int
    company_id: Id
    company_name: str
    title: str
    description: str
    role: str | None = Field(None, description="Job-role code (taxonomy).")
    employment_type: PostingEmploymentType
    region: PostingRegion
    headcount: int
    deadline: dt.date
    status: PostingStatus
    source: str
    published_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    skills: list[PostingSkillIO]

    @staticmethod
    def resolve_company_name(obj: JobPosting) -> str:
        return obj.company.name

    @staticmethod
    def resolve_role(obj: JobPosting) -> str | None:
        return obj.role.code if obj.role_id else None

    @staticmethod
    def resolve_skills(obj: JobPosting) -> list[dict]:
        return [
            {"skill": s.skill.code, "required": s.required, "level": s.level}
            for s in obj.skills.select_related("skill").order_by("-required", "skill__code")
        ]


class PostingIn(Schema):
    company_id: Id = Field(..., description="Your company's id (a company key: its own).")
    title: str = Field(..., min_length=1, max_length=200, examples=["AI 서비스 백엔드 개발자"])
    description: str = Field("", max_length=20000)
    role: str | None = Field(None, description="Job-role code; needed before publishing.")
    employment_type: PostingEmploymentType = PostingEmploymentType.REGULAR
    region: PostingRegion = PostingRegion.GWANGJU
    headcount: int = Field(1, ge=1, le=500)
    deadline: dt.date
    skills: list[PostingSkillIO] = Field(default_factory=list, max_length=50)


class PostingPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=20000)
    role: str | None = None
    employment_type: PostingEmploymentType | None = None
    region: PostingRegion | None = None
    headcount: int | None = Field(None, ge=1, le=500)
    deadline: dt.date | None = None
    skills: list[PostingSkillIO] | None = Field(None, max_length=50)


class PostingStatusIn(Schema):
    status: PostingStatus = Field(
        ..., description="open (publish), closed or filled.", examples=["open"]
    )


class PostingFilter(FilterSchema):
    status: PostingStatus | None = None
    company_id: Id | None = None
    q: str | None = Field(None, max_length=100, description="Words in the title or company.")


class CandidateOut(Schema):
    rank: int
    trainee_id: Id
    name: str
    course: str
    fit: float = Field(..., description="Total fit 0–1.")
    role_fit: float
    skill_fit: float
    timing_fit: float
    region_fit: float
    months_apart: int
    matched_skills: list[str]
    missing_skills: list[str]
    reason: str = Field(..., description="Why this candidate fits (Korean).")
    reason_en: str = Field(..., description="Why this candidate fits (English).")


def _skills(items: list[PostingSkillIO]) -> list[SkillWant]:
    ids = skill_ids_by_code([s.skill for s in items])
    return [SkillWant(ids[s.skill], s.required, s.level) for s in items]


NULLABLE = frozenset({"role"})


def _data(payload: Schema) -> dict:
    data = payload.dict(exclude_unset=True, exclude={"skills", "company_id"})
    empty = [name for name, value in data.items() if value is None and name not in NULLABLE]
    if empty:
        raise ApiProblem(
            422,
            ApiErrorCode.INVALID_REQUEST,
            _("Leave out the fields you do not change: they cannot be null."),
            errors=[
                {"field": name, "code": "null", "message": _("Cannot be null.")} for name in empty
            ],
        )
    if "role" in data:
        data["role"] = role_by_code(data["role"])
    return data


@router.get(
    "/postings",
    response={200: list[PostingOut], **problems()},
    operation_id="posting_list",
    summary="List postings",
    description=describe(
        "볼 수 있는 채용공고 목록입니다(모집 중인 공고와 자기 기업의 공고). 최근 등록 순이며 "
        "상태·기업·검색어로 거를 수 있습니다.",
        "The job postings you may see (open ones and your own company's), newest first, "
        "filtered by status, company or words.",
    ),
)
@paginate(CursorPagination, ordering="-created_at")
def posting_list(request, filters: Query[PostingFilter]):
    return hiring_selectors.posting_list_for(
        actor=api_actor(request),
        status=filters.status or "",
        company_id=filters.company_id,
        query=(filters.q or "").strip(),
    ).prefetch_related("skills__skill")


@router.get(
    "/postings/{posting_id}",
    response={200: PostingOut, **problems(404)},
    operation_id="posting_read",
    summary="Read a posting",
    description=describe(
        "채용공고 하나를 돌려줍니다. 볼 수 없는 공고는 없는 공고와 같이 404입니다.",
        "One job posting. A posting you may not see answers 404, like a missing one.",
    ),
)
def posting_read(request, posting_id: Id):
    return hiring_policies.posting_get_for(api_actor(request), posting_id)


@router.post(
    "/postings",
    response={201: PostingOut, **problems(404)},
    operation_id="posting_create",
    summary="Create a posting (draft)",
    description=describe(
        "자기 기업의 채용공고를 임시 저장 상태로 만듭니다. 공개하려면 상태를 open으로 바꾸세요. "
        "Idempotency-Key 헤더로 같은 요청을 다시 보내도 한 번만 만들어집니다.",
        "Create a draft posting for your company; publish it by changing its status to "
        "open. An Idempotency-Key header makes a retried request create it only once.",
    ),
)
@decorate_view(idempotent)
def posting_create(request, payload: PostingIn):
    actor = api_actor(request)
    company = get_visible_or_404(hiring_policies.companies_postable_by(actor), payload.company_id)
    posting = hiring_services.posting_save(
        actor=actor, company=company, data=_data(payload), skills=_skills(payload.skills)
    )
    return Status(201, posting)


@router.patch(
    "/postings/{posting_id}",
    response={200: PostingOut, **problems(404)},
    operation_id="posting_update",
    summary="Update a posting",
    description=describe(
        "보낸 항목만 바꿉니다(skills를 보내면 기술 목록 전체를 바꿉니다). 채용공고에는 버전이 "
        "없어 If-Match가 필요하지 않습니다.",
        "Change the fields you send (skills, when sent, replace the whole list). Postings "
        "carry no version, so no If-Match is needed.",
    ),
)
def posting_update(request, posting_id: Id, payload: PostingPatch):
    actor = api_actor(request)
    posting = hiring_policies.posting_get_editable_for(actor, posting_id)
    skills = (
        _skills(payload.skills)
        if payload.skills is not None
        else [SkillWant(s.skill_id, s.required, s.level) for s in posting.skills.all()]
    )
    return hiring_services.posting_save(
        actor=actor, company=posting.company, posting=posting, data=_data(payload), skills=skills
    )


@router.post(
    "/postings/{posting_id}/status",
    response={200: PostingOut, **problems(404)},
    operation_id="posting_status_change",
    summary="Publish, close or fill a posting",
    description=describe(
        "채용공고의 상태를 바꿉니다: open(공개), closed(마감), filled(채용 완료). 화면과 같은 "
        "상태 전이 규칙을 따릅니다.",
        "Change a posting's status: open (publish), closed or filled, by the same table of "
        "allowed changes as the pages.",
    ),
)
def posting_status_change(request, posting_id: Id, payload: PostingStatusIn):
    actor = api_actor(request)
    posting = hiring_policies.posting_get_editable_for(actor, posting_id)
    return hiring_services.posting_status_change(
        actor=actor, posting=posting, to_status=payload.status
    )


@router.get(
    "/postings/{posting_id}/candidates",
    response={200: list[CandidateOut], **problems(404)},
    operation_id="posting_candidates",
    summary="Candidates of a posting, with reasons",
    description=describe(
        "채용공고에 맞는 추천 후보와 적합도·이유입니다. 기업에는 기업 제공에 동의한 교육생만 "
        "보이며, 조회는 개인정보 열람 기록에 남습니다.",
        "The recommended candidates of a posting with their fit and its reasons. A company "
        "sees only trainees who consented to provision to companies; every read is recorded "
        "in the personal-data access records.",
    ),
)
def posting_candidates(request, posting_id: Id):
    actor = api_actor(request)
    posting = matching_policies.candidate_posting_get_for(actor, posting_id)
    run = candidates_refresh(actor=actor, posting=posting)
    items = list(matching_selectors.candidate_items_for(actor, run))
    record_access(request, Action.LIST, trainees=items, posting=posting.pk)
    return [
        {
            "rank": item.rank,
            "trainee_id": item.trainee_id,
            "name": item.trainee.name,
            "course": item.trainee.course.name,
            "fit": item.total,
            "role_fit": item.role_fit,
            "skill_fit": item.skill_fit,
            "timing_fit": item.timing_fit,
            "region_fit": item.region_fit,
            "months_apart": item.months_apart,
            "matched_skills": list(item.matched_skills),
            "missing_skills": list(item.missing_skills),
            "reason": item.reason,
            "reason_en": item.reason_en,
        }
        for item in items
    ]
