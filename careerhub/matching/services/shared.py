"""Constants and small helpers the matching services share: engine weights, today's date,
and how an opening and a score breakdown are copied onto stored rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.hiring.models import DemandLine
from careerhub.matching import adapter
from careerhub.matching.errors import MatchingErrorCode

TRAINEE_TOP_K = 20
POSTING_TOP_K = 30
CANDIDATES_MAX_AGE = dt.timedelta(hours=6)
DEFAULT_PLAN_PARAMETERS: dict[str, Any] = {
    "candidates_per_trainee": 25,
    "min_fit": 0.45,
    "max_months_apart": 3,
    "include_demand": True,
}


def _today() -> dt.date:
    return timezone.localdate()


def _weights() -> adapter.Weights:
    return adapter.Weights()


def _opening_refs(info: adapter.OpeningInfo) -> dict[str, Any]:
    return {
        "opening_key": info.key,
        "posting_id": info.posting_id,
        "demand_line_id": info.demand_line_id,
        "opening_label": info.label[:300],
        "company_name": info.company_name[:200],
    }


def _parts(b: adapter.Breakdown) -> dict[str, Any]:
    return {
        "total": b.total,
        "role_fit": b.role,
        "skill_fit": b.skill,
        "timing_fit": b.timing,
        "region_fit": b.region,
        "role_relation": b.role_relation,
        "matched_skills": list(b.matched_skills),
        "missing_skills": list(b.missing_skills),
        "verified_skills": list(b.verified_skills),
        "required_met": b.required_met,
        "required_total": b.required_total,
        "months_apart": b.months_apart,
        "reason": b.reason[:400],
        "reason_en": b.reason_en[:400],
    }


def _opening_info(key: str, *, today: dt.date) -> adapter.OpeningInfo:
    try:
        kind, pk = adapter.parse_key(key)
    except ValueError:
        raise ValidationError(
            _("This opening does not exist."), code=MatchingErrorCode.UNKNOWN_OPENING
        ) from None
    if kind == "posting":
        found = adapter.load_openings(today=today, posting_ids=[pk])
    else:
        found = [o for o in adapter.load_openings(today=today) if o.key == key]
        if not found and DemandLine.objects.filter(pk=pk).exists():
            line = DemandLine.objects.select_related("response__company", "role").get(pk=pk)
            found = [
                adapter.OpeningInfo(
                    key=key,
                    posting_id=None,
                    demand_line_id=pk,
                    company_id=line.response.company_id,
                    company_name=line.response.company.name,
                    title=str(line.role),
                    role_code=line.role.code,
                    region=line.region,
                    headcount=line.headcount,
                    window_start=line.earliest_month,
                    window_end=line.latest_month,
                )
            ]
    if not found:
        raise ValidationError(
            _("This opening does not exist."), code=MatchingErrorCode.UNKNOWN_OPENING
        )
    return found[0]
