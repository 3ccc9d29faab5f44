"""Trainees: an operator's system reads its trainees — profile, skills and consents — exactly
as far as the pages show them (careerhub.academy policies and selectors). Contact details only
to those who may contact the trainee, the employment profile only while its consent stands;
every list and read is recorded in the access records."""

import datetime as dt

from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from careerhub.academy import policies, selectors
from careerhub.academy.models import Trainee
from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import problems
from careerhub.api.pagination import CursorPagination
from careerhub.api.schemas import Id, choices_enum
from careerhub.core.access import Action, record_access

router = Router(tags=["trainees"])
TraineeStatus = choices_enum("TraineeStatus", Trainee.Status)


class TraineeOut(Schema):
    id: int
    name: str
    course_id: Id
    course: str
    cohort: int
    operator_id: Id
    status: TraineeStatus
    enrolled_on: dt.date
    completed_on: dt.date | None

    @staticmethod
    def resolve_course(obj: Trainee) -> str:
        return obj.course.name

    @staticmethod
    def resolve_cohort(obj: Trainee) -> int:
        return obj.course.cohort.number

    @staticmethod
    def resolve_operator_id(obj: Trainee) -> int:
        return obj.course.operator_id


class ContactOut(Schema):
    email: str
    phone: str


class SkillOut(Schema):
    skill: str = Field(..., description="Skill code (taxonomy).")
    name: str
    level: int
    verified: bool


class ProfileOut(Schema):
    desired_roles: list[str] = Field(..., description="Job-role codes.")
    desired_regions: list[str]
    available_from: dt.date | None
    introduction: str
    skills: list[SkillOut]


class ConsentOut(Schema):
    purpose: str
    label: str
    required: bool
    active: bool


class TraineeDetailOut(TraineeOut):
    contact: ContactOut | None = Field(
        None, description="Only for the program office, the operator and the consultant."
    )
    profile: ProfileOut | None = Field(
        None, description="Only while the consent that allows you to see it stands."
    )
    consents: list[ConsentOut]

    @staticmethod
    def resolve_contact(obj):
        return obj.api_contact

    @staticmethod
    def resolve_profile(obj):
        return obj.api_profile

    @staticmethod
    def resolve_consents(obj):
        return obj.api_consents


class TraineeFilter(FilterSchema):
    course_id: Id | None = None
    cohort_id: Id | None = None
    status: TraineeStatus | None = None
    q: str | None = Field(None, max_length=100, description="Words in the name.")


@router.get(
    "/trainees",
    response={200: list[TraineeOut], **problems()},
    operation_id="trainee_list",
    summary="List trainees",
    description=describe(
        "볼 수 있는 교육생 목록입니다(교육운영기관은 자기 기관의 교육생). 과정·기수·상태로 "
        "거를 수 있으며, 조회는 개인정보 열람 기록에 남습니다.",
        "The trainees you may see (an operator: its own), filtered by course, cohort or "
        "status. Every page is recorded in the personal-data access records.",
    ),
)
@paginate(CursorPagination, ordering="pk", records_access=True)
def trainee_list(request, filters: Query[TraineeFilter]):
    return selectors.trainee_list_for(
        actor=api_actor(request),
        query=(filters.q or "").strip(),
        course_id=filters.course_id,
        cohort_id=filters.cohort_id,
        status=filters.status or "",
    )


@router.get(
    "/trainees/{trainee_id}",
    response={200: TraineeDetailOut, **problems(404)},
    operation_id="trainee_read",
    summary="Read a trainee",
    description=describe(
        "교육생 한 명의 기본 정보, 동의 상태, 그리고 권한이 있을 때만 연락처와 취업 프로필(희망 "
        "직무·지역, 기술)을 돌려줍니다. 조회는 개인정보 열람 기록에 남습니다.",
        "One trainee: the basics, the consents and, only where the policies allow, contact "
        "details and the employment profile (desired roles and regions, skills). Recorded "
        "in the personal-data access records.",
    ),
)
def trainee_read(request, trainee_id: Id):
    actor = api_actor(request)
    trainee = selectors.trainee_detail_for(actor=actor, trainee_id=trainee_id)
    record_access(request, Action.VIEW, trainees=trainee)
    contact = profile = None
    if policies.can_view_trainee_contact(actor, trainee):
        contact = {"email": trainee.email, "phone": trainee.phone}
    if policies.can_view_trainee_profile(actor, trainee):
        profile = {
            "desired_roles": list(trainee.desired_roles.values_list("code", flat=True)),
            "desired_regions": list(trainee.desired_regions or []),
            "available_from": trainee.available_from,
            "introduction": trainee.introduction,
            "skills": [
                {
                    "skill": s.skill.code,
                    "name": str(s.skill),
                    "level": s.level,
                    "verified": s.verified,
                }
                for s in trainee.skills.select_related("skill").order_by("-level", "skill__code")
            ],
        }
    # what the policies allow, carried on the instance for the schema's resolvers
    trainee.api_contact, trainee.api_profile = contact, profile
    trainee.api_consents = [
        {"purpose": c.purpose, "label": c.label, "required": c.required, "active": c.active}
        for c in selectors.consent_state_for(trainee=trainee)
    ]
    return trainee
