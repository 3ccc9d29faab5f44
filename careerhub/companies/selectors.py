from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.companies import policies
from careerhub.companies.models import AttractionTarget, Company, Contact, Stage, StageChange
from careerhub.core.actors import Actor
from careerhub.core.policy import PermissionDenied


def company_list_for(
    *,
    actor: Actor,
    query: str = "",
    city_office: bool | None = None,
    stage: str | None = None,
) -> QuerySet[Company]:
    qs = policies.companies_visible_to(actor)
    if query:
        digits = "".join(c for c in query if c.isdigit())
        rule = Q(name__icontains=query) | Q(sector__icontains=query)
        if len(digits) >= 3:
            rule |= Q(business_number__contains=digits)
        qs = qs.filter(rule)
    if city_office is not None:
        qs = qs.filter(has_city_office=city_office)
    if stage and policies.can_manage_attraction(actor):
        qs = qs.filter(stage=None if stage == "none" else stage)
    return qs.order_by("name")


# --- attraction pipeline ----------------------------------------------------------------------

SEOUL = ZoneInfo("Asia/Seoul")

DEFAULT_STALLED_DAYS: dict[str, int] = {
    Stage.PROSPECT: 90,
    Stage.TALKS: 60,
    Stage.MOU: 180,
    Stage.OFFICE: 180,
}
"""How long a company may stay in a stage before it shows on the stalled list. Override with
the ``ATTRACTION_STALLED_DAYS`` setting (same keys). Hiring and ended talks never stall."""


def stalled_days_setting() -> dict[str, int]:
    configured = getattr(settings, "ATTRACTION_STALLED_DAYS", None) or {}
    return {stage: int(configured.get(stage, days)) for stage, days in DEFAULT_STALLED_DAYS.items()}


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 January 00:00, next 1 January 00:00) in Asia/Seoul, as aware datetimes."""
    return dt.datetime(year, 1, 1, tzinfo=SEOUL), dt.datetime(year + 1, 1, 1, tzinfo=SEOUL)


@dataclass(frozen=True)
class MonthProgress:
    month: int
    new_mous: int
    offices_opened: int
    cumulative_mous: int  # MOUs in total by the end of this month


@dataclass(frozen=True)
class AttractionProgress:
    year: int
    target_new_mous: int | None
    target_cumulative_mous: int | None
    target_offices: int | None
    new_mous: int  # MOUs signed this year (Asia/Seoul calendar year)
    cumulative_mous: int  # MOUs signed up to the end of this year (or up to now)
    offices_opened: int  # offices opened this year
    offices_total: int  # offices opened up to the end of this year
    months: tuple[MonthProgress, ...]

    @staticmethod
    def _share(done: int, target: int | None) -> float | None:
        return done / target if target else None

    @property
    def new_mous_share(self) -> float | None:
        return self._share(self.new_mous, self.target_new_mous)

    @property
    def cumulative_share(self) -> float | None:
        return self._share(self.cumulative_mous, self.target_cumulative_mous)

    @property
    def offices_share(self) -> float | None:
        return self._share(self.offices_opened, self.target_offices)

    @property
    def new_mous_remaining(self) -> int | None:
        if self.target_new_mous is None:
            return None
        return max(0, self.target_new_mous - self.new_mous)

    @property
    def cumulative_remaining(self) -> int | None:
        if self.target_cumulative_mous is None:
            return None
        return max(0, self.target_cumulative_mous - self.cumulative_mous)


def _first_times(to_stages: tuple[str, ...]) -> list[dt.datetime]:
    """Per company, the first time it reached one of ``to_stages``."""
    rows = (
        StageChange.objects.filter(to_stage__in=to_stages)
        .values("company_id")
        .annotate(first=Min("effective_at"))
        .values_list("first", flat=True)
    )
    return [timezone.localtime(at, SEOUL) for at in rows]


def attraction_progress(*, actor: Actor, year: int) -> AttractionProgress:
    """This year's new MOUs, MOUs in total and offices opened, against the year's targets,
    month by month. Years and months are counted in Asia/Seoul, whatever the server's zone."""
    if not policies.can_view_attraction_progress(actor):
        raise PermissionDenied
    start, end = year_bounds(year)
    mous = _first_times((Stage.MOU,))
    offices = _first_times((Stage.OFFICE,))
    target = AttractionTarget.objects.filter(year=year).first()
    before = sum(1 for at in mous if at < start)
    months = []
    running = before
    for month in range(1, 13):
        new = sum(1 for at in mous if at.year == year and at.month == month)
        opened = sum(1 for at in offices if at.year == year and at.month == month)
        running += new
        months.append(MonthProgress(month, new, opened, running))
    return AttractionProgress(
        year=year,
        target_new_mous=target.new_mous if target else None,
        target_cumulative_mous=target.cumulative_mous if target else None,
        target_offices=target.offices if target else None,
        new_mous=sum(1 for at in mous if start <= at < end),
        cumulative_mous=sum(1 for at in mous if at < end),
        offices_opened=sum(1 for at in offices if start <= at < end),
        offices_total=sum(1 for at in offices if at < end),
        months=tuple(months),
    )


def pipeline_counts(*, actor: Actor) -> dict[str, int]:
    """Companies in each stage (every stage present, zero where empty)."""
    if not policies.can_view_attraction_progress(actor):
        raise PermissionDenied
    counts = dict(
        Company.objects.filter(stage__isnull=False)
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    return {stage: counts.get(stage, 0) for stage in Stage.values}


@dataclass(frozen=True)
class StalledCompany:
    company: Company
    stage: str
    since: dt.datetime
    days: int
    limit: int

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


def stalled_companies(
    *, actor: Actor, days: int | None = None, now: dt.datetime | None = None
) -> list[StalledCompany]:
    """Companies in a stage longer than its limit (``days`` overrides every stage's limit),
    longest first."""
    if not policies.can_manage_attraction(actor):
        raise PermissionDenied
    now = now or timezone.now()
    limits = stalled_days_setting()
    if days is not None:
        limits = dict.fromkeys(limits, days)
    rule = Q()
    for stage, limit in limits.items():
        rule |= Q(stage=stage, stage_since__lt=now - dt.timedelta(days=limit))
    stalled = [
        StalledCompany(
            company=c,
            stage=c.stage,
            since=c.stage_since,
            days=(now - c.stage_since).days,
            limit=limits[c.stage],
        )
        for c in Company.objects.filter(rule)
    ]
    return sorted(stalled, key=lambda s: (-s.days, s.company.name))


def stage_history_for(*, actor: Actor, company: Company) -> QuerySet[StageChange]:
    if not policies.can_manage_attraction(actor):
        return StageChange.objects.none()
    return company.stage_changes.select_related("recorded_by").order_by("-effective_at", "-pk")


def contacts_for(*, actor: Actor, company: Company) -> list[Contact]:
    """The company's contacts, if the actor may see them (the view records the access)."""
    if not policies.can_view_contacts(actor, company):
        return []
    return list(policies.contacts_visible_to(actor).filter(company=company))


def home_attraction_figures(*, actor: Actor) -> list[tuple[str, int | str, str]]:
    """(label, value, url) for the home page: this year's progress against the targets."""
    if not policies.can_view_attraction_progress(actor):
        return []
    progress = attraction_progress(actor=actor, year=timezone.localdate().year)
    url = reverse("companies:attraction")

    def against(done: int, target: int | None) -> str:
        return f"{done} / {target}" if target is not None else str(done)

    figures: list[tuple[str, int | str, str]] = [
        (_("New MOUs this year"), against(progress.new_mous, progress.target_new_mous), url),
        (
            _("MOUs in total"),
            against(progress.cumulative_mous, progress.target_cumulative_mous),
            url,
        ),
        (_("Offices opened this year"), progress.offices_opened, url),
    ]
    if policies.can_manage_attraction(actor):
        figures.append((_("Stalled companies"), len(stalled_companies(actor=actor)), url))
    return figures


def operator_name(operator_id: int | None) -> str | None:
    """The name of a training operator that has partners (for the "partners of" filter)."""
    if operator_id is None:
        return None
    # Read through the companies' side of the partnership (academy sits above companies).
    names = (
        Company.objects.filter(partnerships__operator_id=operator_id)
        .values_list("partnerships__operator__short_name", "partnerships__operator__name")
        .first()
    )
    return (names[0] or names[1]) if names else None
