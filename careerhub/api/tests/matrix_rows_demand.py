"""Rows of the key × operation matrix (test_matrix.py) for hiring demand: company X's line of
an open round (made on first use)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from careerhub.api.tests.test_matrix import K, Row
from careerhub.hiring.models import DemandLine, DemandResponse, SurveyRound


def round_of(o) -> SurveyRound:
    now = timezone.now()
    rnd, _ = SurveyRound.objects.get_or_create(
        title="매트릭스 수요 조사",
        defaults={"opens_at": now - dt.timedelta(days=1), "closes_at": now + dt.timedelta(days=9)},
    )
    return rnd


def line_of(o) -> DemandLine:
    response, _ = DemandResponse.objects.get_or_create(round=round_of(o), company=o.world.company_x)
    line = response.lines.first()
    if line is None:
        line = DemandLine.objects.create(
            response=response,
            role=o.posting.role,
            headcount=1,
            earliest_month=dt.date(2027, 3, 1),
            latest_month=dt.date(2027, 4, 1),
        )
    return line


ROWS: tuple[Row, ...] = (
    Row("demand_round_list", lambda o: "/demand/rounds", K("*")),
    Row(
        "demand_line_list",
        lambda o: "/demand/lines",
        K("office company_x"),
        listing=lambda o: line_of(o).pk,
    ),
    Row(
        "demand_line_create",
        lambda o: "/demand/lines",
        K("office company_x"),
        body=lambda o: {
            "round_id": round_of(o).pk,
            "company_id": o.world.company_x.pk,
            "role": o.posting.role.code,
            "headcount": 1,
            "earliest_month": "2027-03-01",
            "latest_month": "2027-03-01",
        },
    ),
    Row(
        "demand_line_update",
        lambda o: f"/demand/lines/{line_of(o).pk}",
        K("office company_x"),
        body=lambda o: {"headcount": 2},
    ),
)
