"""Reads on hiring demand and postings, scoped by who asks."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.core.policy import PermissionDenied
from careerhub.hiring import policies
from careerhub.hiring.models import (
    DemandLine,
    DemandResponse,
    JobPosting,
    PostingStatus,
    SurveyRound,
)


@dataclass(frozen=True)
class SummaryRow:
    role_code: str
    role_name: str
    by_month: dict[dt.date, int]  # first month of the hiring window -> headcount
    total: int
    companies: int
    preferential: int  # headcount offered with preferential screening for trainees


@dataclass(frozen=True)
class DemandSummary:
    """Submitted demand as role × month × headcount: no company names, no people."""

    round: SurveyRound
    months: tuple[dt.date, ...]
    rows: tuple[SummaryRow, ...]
    month_totals: dict[dt.date, int] = field(default_factory=dict)
    responses_submitted: int = 0
    responses_total: int = 0

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)


def demand_summary(*, actor: Actor, survey_round: SurveyRound) -> DemandSummary:
    if not policies.can_view_demand_summary(actor):
        raise PermissionDenied
    lines = DemandLine.objects.filter(
        response__round=survey_round, response__status=DemandResponse.Status.SUBMITTED
    ).values_list(
        "role__code",
        "role__name_ko",
        "earliest_month",
        "headcount",
        "response__company_id",
        "preferential_screening",
    )
    cells: dict[tuple[str, str], dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    companies: dict[tuple[str, str], set[int]] = defaultdict(set)
    preferential: dict[tuple[str, str], int] = defaultdict(int)
    months: set[dt.date] = set()
    for code, name, month, headcount, company_id, pref in lines:
        key = (code, name)
        cells[key][month] += headcount
        companies[key].add(company_id)
        if pref:
            preferential[key] += headcount
        months.add(month)
    rows = sorted(
        (
            SummaryRow(
                role_code=code,
                role_name=name,
                by_month=dict(cells[(code, name)]),
                total=sum(cells[(code, name)].values()),
                companies=len(companies[(code, name)]),
                preferential=preferential[(code, name)],
            )
            for code, name in cells
        ),
        key=lambda r: (-r.total, r.role_name),
    )
    month_totals: dict[dt.date, int] = defaultdict(int)
    for row in rows:
        for month, n in row.by_month.items():
            month_totals[month] += n
    counts = DemandResponse.objects.filter(round=survey_round).aggregate(
        total=Count("pk"), submitted=Count("pk", filter=Q(status=DemandResponse.Status.SUBMITTED))
    )
    return DemandSummary(
        round=survey_round,
        months=tuple(sorted(months)),
        rows=tuple(rows),
        month_totals=dict(month_totals),
        responses_submitted=counts["submitted"],
        responses_total=counts["total"],
    )


def responses_for_round(*, actor: Actor, survey_round: SurveyRound) -> QuerySet[DemandResponse]:
    """The answers the actor may open, with their line counts and headcount."""
    return (
        policies.responses_visible_to(actor)
        .filter(round=survey_round)
        .annotate(line_count=Count("lines"), headcount=Sum("lines__headcount"))
        .order_by("company__name")
    )


def response_lines(*, response: DemandResponse) -> QuerySet[DemandLine]:
    return response.lines.select_related("role").prefetch_related("skills__skill")


def open_round_for_company(*, actor: Actor, company_id: int, now: dt.datetime):
    """The round a recruiter should answer now, with the company's response (or None)."""
    survey_round = (
        SurveyRound.objects.filter(opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at")
        .first()
    )
    if survey_round is None:
        return None, None
    response = (
        policies.responses_visible_to(actor)
        .filter(round=survey_round, company_id=company_id)
        .first()
    )
    return survey_round, response


def posting_list_for(
    *, actor: Actor, status: str = "", company_id: int | None = None, query: str = ""
) -> QuerySet[JobPosting]:
    qs = policies.postings_visible_to(actor)
    if status in PostingStatus.values:
        qs = qs.filter(status=status)
    if company_id is not None:
        qs = qs.filter(company_id=company_id)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(company__name__icontains=query))
    return qs.order_by("-created_at", "-pk")


def home_recruiter_figures(
    *, actor: Actor, company_id: int, now: dt.datetime
) -> list[tuple[str, int | str, str]]:
    """(label, value, url) for a recruiter's home: the open survey and the company's postings."""
    figures: list[tuple[str, int | str, str]] = []
    survey_round, response = open_round_for_company(actor=actor, company_id=company_id, now=now)
    if survey_round is not None:
        url = reverse("hiring:response_detail", args=[survey_round.pk, company_id])
        status = response.get_status_display() if response else _("Not started")
        figures.append(
            (
                _("Demand survey due %(date)s")
                % {"date": korean.format_datetime(survey_round.closes_at)},
                str(status),
                url,
            )
        )
    postings = policies.postings_visible_to(actor).filter(company_id=company_id)
    figures.append(
        (
            _("Open postings"),
            postings.filter(status=PostingStatus.OPEN).count(),
            reverse("hiring:posting_list") + "?status=open",
        )
    )
    return figures


def home_demand_figures(*, actor: Actor) -> list[tuple[str, int | str, str]]:
    """(label, value, url): the latest round's submitted demand, as the committee sees it."""
    if not policies.can_view_demand_summary(actor):
        return []
    survey_round = SurveyRound.objects.order_by("-closes_at").first()
    if survey_round is None:
        return []
    summary = demand_summary(actor=actor, survey_round=survey_round)
    url = reverse("hiring:round_summary", args=[survey_round.pk])
    return [
        (
            _("Demand reported in %(round)s") % {"round": survey_round.title},
            summary.total,
            url,
        ),
        (_("Companies that submitted demand"), summary.responses_submitted, url),
    ]
