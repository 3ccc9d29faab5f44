"""The demand–supply gap table: hiring demand (open postings and reported demand, role ×
month × headcount) against the trainees who will be available (role × month), with
shortages, surpluses and timing gaps (careerhub.matching.selectors.gap_table_for, the same as
the gap page): the office and committee members see the whole program, operator staff their
own trainees as supply. Aggregates only."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import problems
from careerhub.matching import selectors as matching_selectors

router = Router(tags=["gaps"])


class GapQuery(Schema):
    cohort_id: int | None = Field(None, description="Supply of this cohort only.")
    months: int = Field(12, ge=1, le=36, description="Months from this one.")
    max_shift: int = Field(3, ge=0, le=12, description="Most months a hire may move.")


class GapCellOut(Schema):
    month: dt.date = Field(..., description="First day of the month.")
    demand: int
    supply: int
    shortage: int
    surplus: int


class GapRowOut(Schema):
    role_code: str
    role_name: str
    demand: int
    supply: int
    on_time: int
    shifted: int = Field(..., description="Matched only by moving a hire by some months.")
    shortage: int
    surplus: int
    cells: list[GapCellOut]


class TimingGapOut(Schema):
    role_code: str
    role_name: str
    demand_month: dt.date
    supply_month: dt.date
    count: int
    months: int = Field(..., description="Supply month − demand month (> 0: trainees late).")
    explanation: str = Field(..., description="The months that would close it (Korean).")


class GapTableOut(Schema):
    months: list[dt.date]
    cohort_id: int | None
    max_shift: int
    total_demand: int
    total_supply: int
    total_shortage: int
    total_surplus: int
    rows: list[GapRowOut]
    timing_gaps: list[TimingGapOut]


@router.get(
    "/gaps",
    response={200: GapTableOut, **problems(404)},
    operation_id="gap_table",
    summary="Demand–supply gap table",
    description=describe(
        "이번 달부터 months개월 동안 직무·월별 채용 수요와 교육생 공급, 부족·과잉과 시기 차이"
        "(몇 달을 당기거나 미루면 맞는지)입니다. 기수로 공급을 좁힐 수 있습니다. 집계만 있고 "
        "개인정보는 없습니다.",
        "Hiring demand against trainee supply per role and month for `months` months from "
        "this one, with shortages, surpluses and timing gaps (the months that would close "
        "them); supply can be limited to one cohort. Aggregates only, no personal data.",
    ),
)
def gap_table(request, params: Query[GapQuery]):
    table = matching_selectors.gap_table_for(
        actor=api_actor(request),
        cohort=params.cohort_id,
        months=params.months,
        max_shift=params.max_shift,
    )
    return {
        "months": list(table.months),
        "cohort_id": table.cohort_id,
        "max_shift": table.max_shift,
        "total_demand": table.total_demand,
        "total_supply": table.total_supply,
        "total_shortage": table.total_shortage,
        "total_surplus": table.total_surplus,
        "rows": list(table.rows),
        "timing_gaps": list(table.timing_gaps),
    }
