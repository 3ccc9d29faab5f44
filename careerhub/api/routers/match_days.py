"""Match days (매칭데이): the rounds, each side's rank list (a trainee's postings best first, a
posting's trainees best first: read and submit before the deadline) and the published
results (careerhub.matching: the same services and policies as the match-day pages). The
organisers see and act for everyone; a trainee, their operator's staff and a company for
their own side."""

import datetime as dt

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import problems
from careerhub.api.pagination import CursorPagination
from careerhub.api.schemas import choices_enum
from careerhub.core.access import Action, record_access
from careerhub.matching import policies as matching_policies
from careerhub.matching import selectors as matching_selectors
from careerhub.matching.models import MatchRound
from careerhub.matching.services import rank_list_submit

MatchRoundStatus = choices_enum("MatchRoundStatus", MatchRound.Status)

router = Router(tags=["match days"])


class MatchDayRoundOut(Schema):
    number: int
    deadline: dt.datetime = Field(..., description="Rank lists are due by then.")
    status: MatchRoundStatus
    matched_at: dt.datetime | None
    published_at: dt.datetime | None


class MatchDayOut(Schema):
    id: int
    title: str
    cohort_id: int | None
    operator_id: int | None
    held_on: dt.date
    interview_at: dt.datetime
    interview_place: str
    current_round: MatchDayRoundOut | None

    @staticmethod
    def resolve_current_round(obj):
        return matching_selectors.current_round(obj)


class RankListIn(Schema):
    ordered_ids: list[int] = Field(
        ...,
        max_length=500,
        description="Posting ids (a trainee's list) or trainee ids (a posting's), best first; "
        "an empty list withdraws it.",
        examples=[[12, 7, 31]],
    )


class RankListOut(Schema):
    round: int
    ordered_ids: list[int]


class ResultOut(Schema):
    trainee_id: int
    posting_id: int | None = Field(None, description="Null: not matched in this round.")
    trainee_choice: int | None = Field(None, description="The trainee's rank of the posting.")
    company_choice: int | None = Field(None, description="The company's rank of the trainee.")
    application_id: int | None = Field(None, description="Made when the round is published.")


def _round(day) -> MatchRound:
    current = matching_selectors.current_round(day)
    if current is None:
        raise Http404
    return current


@router.get(
    "/match-days",
    response={200: list[MatchDayOut], **problems()},
    operation_id="match_day_list",
    summary="List match days",
    description=describe(
        "볼 수 있는 매칭데이 목록과 현재 라운드입니다(주최자, 참가 교육생·기업과 그 교육운영기관).",
        "The match days you may see (organisers, and the trainees and companies taking part "
        "and their operators) with their current round.",
    ),
)
@paginate(CursorPagination, ordering="-held_on")
def match_day_list(request):
    return matching_policies.match_days_visible_to(api_actor(request))


@router.get(
    "/match-days/{match_day_id}",
    response={200: MatchDayOut, **problems(404)},
    operation_id="match_day_read",
    summary="Read a match day",
    description=describe(
        "매칭데이 하나와 현재 라운드(순위 제출 마감, 상태)입니다.",
        "One match day and its current round (rank-list deadline, status).",
    ),
)
def match_day_read(request, match_day_id: int):
    return matching_policies.match_day_get_for(api_actor(request), match_day_id)


@router.get(
    "/match-days/{match_day_id}/rank-lists/trainees/{trainee_id}",
    response={200: RankListOut, **problems(404)},
    operation_id="rank_list_trainee_read",
    summary="A trainee's rank list",
    description=describe(
        "현재 라운드에서 교육생이 제출한 채용공고 순위입니다(1순위부터). 교육생 본인, 그 "
        "교육운영기관과 주최자만 볼 수 있습니다.",
        "The postings a trainee ranked in the current round, first choice first. Only the "
        "trainee, their operator and the organisers may read it.",
    ),
)
def rank_list_trainee_read(request, match_day_id: int, trainee_id: int):
    actor = api_actor(request)
    day = matching_policies.match_day_get_for(actor, match_day_id)
    trainee = matching_policies.rank_trainee_get_for(actor, day, trainee_id)
    current = _round(day)
    record_access(request, Action.VIEW, trainees=trainee)
    return {
        "round": current.number,
        "ordered_ids": matching_selectors.rank_list_of(current, trainee=trainee),
    }


@router.put(
    "/match-days/{match_day_id}/rank-lists/trainees/{trainee_id}",
    response={200: RankListOut, **problems(404)},
    operation_id="rank_list_trainee_submit",
    summary="Submit a trainee's rank list",
    description=describe(
        "교육생의 채용공고 순위를 제출하거나 바꿉니다(마감 전까지). 빈 목록은 제출을 "
        "철회합니다. 라운드에 없는 공고나 중복은 422입니다.",
        "Submit or replace a trainee's ranking of the postings before the deadline; an empty "
        "list withdraws it. Postings outside the round or repeated ones are a 422.",
    ),
)
def rank_list_trainee_submit(request, match_day_id: int, trainee_id: int, payload: RankListIn):
    actor = api_actor(request)
    day = matching_policies.match_day_get_for(actor, match_day_id)
    trainee = matching_policies.rank_trainee_get_for(actor, day, trainee_id)
    current = _round(day)
    rank_list_submit(actor=actor, round=current, trainee=trainee, ordered_ids=payload.ordered_ids)
    return {"round": current.number, "ordered_ids": payload.ordered_ids}


@router.get(
    "/match-days/{match_day_id}/rank-lists/postings/{posting_id}",
    response={200: RankListOut, **problems(404)},
    operation_id="rank_list_posting_read",
    summary="A posting's rank list",
    description=describe(
        "현재 라운드에서 기업이 채용공고별로 제출한 교육생 순위입니다. 그 기업과 주최자만 볼 수 "
        "있으며 조회는 개인정보 열람 기록에 남습니다.",
        "The trainees a company ranked for its posting in the current round. Only the "
        "company and the organisers may read it; every read is recorded in the personal-data "
        "access records.",
    ),
)
def rank_list_posting_read(request, match_day_id: int, posting_id: int):
    actor = api_actor(request)
    day = matching_policies.match_day_get_for(actor, match_day_id)
    posting = matching_policies.rank_posting_get_for(actor, day, posting_id)
    current = _round(day)
    ordered = matching_selectors.rank_list_of(current, posting=posting)
    record_access(request, Action.LIST, trainees=ordered, posting=posting.pk)
    return {"round": current.number, "ordered_ids": ordered}


@router.put(
    "/match-days/{match_day_id}/rank-lists/postings/{posting_id}",
    response={200: RankListOut, **problems(404)},
    operation_id="rank_list_posting_submit",
    summary="Submit a posting's rank list",
    description=describe(
        "채용공고의 교육생 순위를 제출하거나 바꿉니다(마감 전까지). 빈 목록은 제출을 철회합니다.",
        "Submit or replace a posting's ranking of the trainees before the deadline; an "
        "empty list withdraws it.",
    ),
)
def rank_list_posting_submit(request, match_day_id: int, posting_id: int, payload: RankListIn):
    actor = api_actor(request)
    day = matching_policies.match_day_get_for(actor, match_day_id)
    posting = matching_policies.rank_posting_get_for(actor, day, posting_id)
    current = _round(day)
    rank_list_submit(actor=actor, round=current, posting=posting, ordered_ids=payload.ordered_ids)
    return {"round": current.number, "ordered_ids": payload.ordered_ids}


@router.get(
    "/match-days/{match_day_id}/results",
    response={200: list[ResultOut], **problems(404)},
    operation_id="match_day_results",
    summary="Results of the current round",
    description=describe(
        "현재 라운드의 매칭 결과입니다. 주최자는 검토 중에도 모두 보고, 공개 뒤에는 교육생이 "
        "자기 결과를, 기업이 자기 공고의 결과를 봅니다. 조회는 개인정보 열람 기록에 남습니다.",
        "The results of the current round: organisers see all of them, also under review; "
        "once published a trainee sees their own and a company those of its postings. Every "
        "read is recorded in the personal-data access records.",
    ),
)
@paginate(CursorPagination, ordering="pk", records_access=True)
def match_day_results(request, match_day_id: int):
    actor = api_actor(request)
    day = matching_policies.match_day_get_for(actor, match_day_id)
    return matching_selectors.results_for(actor, _round(day))
