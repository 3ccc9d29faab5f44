"""Employment rates: per cohort, per operator within it and per course, and per fiscal and
calendar year of completion, under every rule set in force (careerhub.outcomes selectors and
policies, the same as the rates page): the office and committee members see every operator,
operator staff and consultants their own; companies and trainees none. Aggregates only."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from careerhub.api.auth import api_actor
from careerhub.api.docs import describe
from careerhub.api.errors import problems
from careerhub.api.schemas import choices_enum
from careerhub.core.policy import require
from careerhub.outcomes import policies as outcome_policies
from careerhub.outcomes import selectors as outcome_selectors
from careerhub.outcomes.models import RuleSet

RuleSetKind = choices_enum("RuleSetKind", RuleSet.Kind)

router = Router(tags=["rates"])


class RateQuery(Schema):
    as_of: dt.date | None = Field(
        None,
        ge=dt.date(2000, 1, 1),
        le=dt.date(2100, 12, 31),
        description="The day the rates are computed for (default: today).",
    )
    operator_id: int | None = Field(None, description="One operator's rows only.")


class RuleOut(Schema):
    code: str = Field(..., examples=["kr-training"])
    version: int
    kind: RuleSetKind
    name: str
    effective_from: dt.date


class RuleSetOut(RuleOut):
    description: str
    parameters: dict


class WindowOut(Schema):
    months: int
    insured: int
    non_insured: int


class FigureOut(Schema):
    rule: str = Field(..., description="The rule set's code (see `rules`).")
    completers: int
    denominator: int
    numerator: int
    rate: Decimal | None = Field(None, description="numerator ÷ denominator (0–1, 4 places).")
    target: Decimal | None = Field(None, description="The target rate (e.g. 0.75), if any.")
    hires_needed: int | None = Field(None, description="Successes still needed for the target.")
    still_open: int = Field(..., description="Completers still inside their window.")
    reachable: bool
    categories: dict[str, int]
    windows: list[WindowOut]


class RowOut(Schema):
    level: str = Field(..., description="cohort, operator, course, fiscal_year or calendar_year.")
    label: str
    cohort_number: int | None
    figures: list[FigureOut]


class RateTableOut(Schema):
    as_of: dt.date
    rules: list[RuleOut]
    rows: list[RowOut]
    fiscal_years: list[RowOut]
    calendar_years: list[RowOut]


def _row(row, rules, level: str | None = None) -> dict:
    return {
        "level": level or row.level,
        "label": row.label,
        "cohort_number": row.cohort_number,
        "figures": [
            {
                "rule": rule.code,
                "completers": f.completers,
                "denominator": f.denominator,
                "numerator": f.numerator,
                "rate": f.rate,
                "target": f.target,
                "hires_needed": f.hires_needed,
                "still_open": f.still_open,
                "reachable": f.reachable,
                "categories": dict(f.categories),
                "windows": [
                    {"months": w.months, "insured": w.insured, "non_insured": w.non_insured}
                    for w in f.windows
                ],
            }
            for rule, f in zip(rules, row.figures, strict=True)
        ],
    }


@router.get(
    "/rates",
    response={200: RateTableOut, **problems(404)},
    operation_id="rate_table",
    summary="Employment rates under every rule set",
    description=describe(
        "기수별·기수 안 교육운영기관별·과정별, 그리고 수료 회계연도·연도별 취업률입니다. 기준일"
        "(as_of)에 시행 중인 모든 산정 기준으로 계산하며, 목표까지 더 필요한 취업자 수와 아직 "
        "기간 안에 있는 수료생 수를 함께 돌려줍니다. 집계만 있고 개인정보는 없습니다.",
        "Employment rates per cohort, per operator within it and per course, then per fiscal "
        "and calendar year of completion, under every rule set in force on as_of, with the "
        "hires still needed for the target and the completers still inside their window. "
        "Aggregates only, no personal data.",
    ),
)
def rate_table(request, params: Query[RateQuery]):
    actor = api_actor(request)
    require(outcome_policies.can_view_rates(actor))
    table = outcome_selectors.rate_table_for(
        actor=actor, as_of=params.as_of, operator_id=params.operator_id
    )
    return {
        "as_of": table.as_of,
        "rules": [
            {
                "code": r.code,
                "version": r.version,
                "kind": r.kind,
                "name": r.name,
                "effective_from": r.effective_from,
            }
            for r in table.rules
        ],
        "rows": [_row(row, table.rules) for row in table.rows],
        "fiscal_years": [_row(row, table.rules, "fiscal_year") for row in table.fiscal_rows],
        "calendar_years": [_row(row, table.rules, "calendar_year") for row in table.calendar_rows],
    }


@router.get(
    "/rule-sets",
    response={200: list[RuleSetOut], **problems(404)},
    operation_id="rule_set_list",
    summary="Rule sets of the employment rate",
    description=describe(
        "취업률 산정 기준(버전별)과 그 매개변수입니다. 같은 코드의 기준은 시행일이 가장 늦은 "
        "버전이 적용됩니다.",
        "The rule sets of the employment rate, every version with its parameters; for each "
        "code the latest version in force applies.",
    ),
)
def rule_set_list(request):
    require(outcome_policies.can_view_rates(api_actor(request)))
    return list(outcome_selectors.rule_set_list())
