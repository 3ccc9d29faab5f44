"""Cohorts and courses (read): the office every cohort, operator staff the cohorts of their
courses; courses as the course pages show them (staff, consultants and committee members,
trainees their own), with the number of trainees enrolled, completed and dropped out."""

import datetime as dt
from decimal import Decimal

from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from careerhub.academy import policies as academy_policies
from careerhub.academy import selectors as academy_selectors
from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import problems
from careerhub.api.pagination import CursorPagination

router = Router(tags=["cohorts and courses"])


class CohortOut(Schema):
    id: int
    number: int = Field(..., examples=[3])
    year: int
    training_start: dt.date
    training_end: dt.date
    application_opens_at: dt.datetime | None
    application_closes_at: dt.datetime | None
    employment_target: Decimal = Field(..., description="Target rate, e.g. 0.750 for 75 %.")
    capacity: int | None = Field(None, description="Planned seats of the whole cohort.")


class CourseOut(Schema):
    id: int
    cohort_id: int
    cohort_number: int
    operator_id: int
    operator_name: str
    name: str
    track_role: str | None = Field(None, description="Job-role code the course trains for.")
    capacity: int
    start_date: dt.date
    end_date: dt.date
    enrolled: int | None = None
    completed: int | None = None
    dropped: int | None = None

    @staticmethod
    def resolve_cohort_number(obj) -> int:
        return obj.cohort.number

    @staticmethod
    def resolve_operator_name(obj) -> str:
        return obj.operator.name

    @staticmethod
    def resolve_track_role(obj) -> str | None:
        return obj.track_role.code if obj.track_role_id else None


class CourseFilter(FilterSchema):
    cohort_id: int | None = None


@router.get(
    "/cohorts",
    response={200: list[CohortOut], **problems()},
    operation_id="cohort_list",
    summary="List cohorts",
    description=describe(
        "볼 수 있는 기수 목록입니다(사업단은 전체, 교육운영기관은 자기 과정이 있는 기수). "
        "최근 기수부터 나옵니다.",
        "The cohorts you may see (the office all of them, an operator those with its "
        "courses), the latest first.",
    ),
)
@paginate(CursorPagination, ordering="-number")
def cohort_list(request):
    return academy_policies.cohorts_visible_to(api_actor(request))


@router.get(
    "/cohorts/{cohort_id}",
    response={200: CohortOut, **problems(404)},
    operation_id="cohort_read",
    summary="Read a cohort",
    description=describe(
        "기수 하나입니다: 교육 기간, 모집 기간, 취업률 목표, 정원.",
        "One cohort: its training dates, recruitment window, employment-rate target and seats.",
    ),
)
def cohort_read(request, cohort_id: int):
    return academy_policies.cohort_get_for(api_actor(request), cohort_id)


@router.get(
    "/courses",
    response={200: list[CourseOut], **problems()},
    operation_id="course_list",
    summary="List courses",
    description=describe(
        "볼 수 있는 교육과정 목록과 재학·수료·중도탈락 인원입니다. 기수로 거를 수 있습니다.",
        "The courses you may see with the number of trainees enrolled, completed and "
        "dropped out, filtered by cohort.",
    ),
)
@paginate(CursorPagination, ordering="pk")
def course_list(request, filters: Query[CourseFilter]):
    return academy_selectors.course_list_for(actor=api_actor(request), cohort_id=filters.cohort_id)


@router.get(
    "/courses/{course_id}",
    response={200: CourseOut, **problems(404)},
    operation_id="course_read",
    summary="Read a course",
    description=describe(
        "교육과정 하나입니다. 볼 수 없는 과정은 없는 과정과 같이 404입니다.",
        "One course. A course you may not see answers 404, like a missing one.",
    ),
)
def course_read(request, course_id: int):
    return academy_policies.course_get_for(api_actor(request), course_id)
