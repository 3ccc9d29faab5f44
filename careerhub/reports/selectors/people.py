"""The people behind a figure: who is counted in a bucket, only those the actor may see.

Buckets: ``completers``, ``enrolled``, ``placed``, ``hired``, ``hired_in_city``,
``hired_in_role`` and, under one rule set, ``success``, ``counted`` and ``open``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy.models import Trainee
from careerhub.core.actors import Actor
from careerhub.core.policy import PermissionDenied
from careerhub.outcomes import selectors as outcome_selectors
from careerhub.outcomes.labels import VERDICT_LABELS
from careerhub.reports import policies
from careerhub.reports.models import Standing, TraineeSnapshot
from careerhub.reports.selectors.filters import Filters, apply_snapshot_filters
from careerhub.reports.tables import DATE, Cell, Column, ReportTable

BUCKETS = (
    "completers",
    "enrolled",
    "placed",
    "hired",
    "hired_in_city",
    "hired_in_role",
    "success",
    "counted",
    "open",
)
RULE_BUCKETS = ("success", "counted", "open")


@dataclass(frozen=True)
class PeopleRow:
    trainee: Trainee
    category: str
    deadline: dt.date | None
    first_hire_on: dt.date | None
    hire_in_city: bool | None


def bucket_label(bucket: str) -> str:
    return {
        "completers": _("Completers"),
        "enrolled": _("Enrolled in a course"),
        "placed": _("Employed or founded a company"),
        "hired": _("Hires"),
        "hired_in_city": _("Hired in the city"),
        "hired_in_role": _("Hired into the trained role"),
        "success": _("Counted as employed"),
        "counted": _("In the denominator"),
        "open": _("Not yet employed, window still open"),
    }.get(bucket, bucket)


def people_behind(
    *, actor: Actor, filters: Filters, bucket: str, today: dt.date | None = None
) -> tuple[list[PeopleRow], outcome_selectors.ActiveRule | None]:
    """The trainees behind one figure, only those the actor may see, from the standings as
    they stand (call ``services.standings_refresh`` first for up-to-date ones)."""
    if not policies.can_view_people_behind_figures(actor) or bucket not in BUCKETS:
        raise PermissionDenied
    today = today or timezone.localdate()
    visible = policies.trainees_behind_figures_for(actor).values("pk")
    snaps = apply_snapshot_filters(TraineeSnapshot.objects.filter(trainee_id__in=visible), filters)
    rule = None
    if bucket in RULE_BUCKETS:
        rule = next(
            (r for r in outcome_selectors.rule_sets_in_force(on=today) if r.code == filters.rule),
            None,
        )
        if rule is None:
            raise PermissionDenied
        standings = Standing.objects.filter(rule_code=rule.code, snapshot__in=snaps, counted=True)
        if bucket == "success":
            standings = standings.filter(success=True)
        elif bucket == "open":
            standings = standings.filter(success=False, deadline__gte=today)
        snaps = snaps.filter(pk__in=standings.values("snapshot_id"))
    elif bucket == "enrolled":
        pass
    elif bucket == "completers":
        snaps = snaps.filter(completed_on__isnull=False)
    elif bucket == "placed":
        snaps = snaps.filter(placed=True)
    elif bucket == "hired":
        snaps = snaps.filter(first_hire_on__isnull=False)
    elif bucket == "hired_in_city":
        snaps = snaps.filter(hire_in_city=True)
    elif bucket == "hired_in_role":
        snaps = snaps.filter(hire_in_role=True)
    verdicts = {}
    if rule is not None:
        verdicts = {
            sid: (category, deadline)
            for sid, category, deadline in Standing.objects.filter(
                rule_code=rule.code, snapshot__in=snaps
            ).values_list("snapshot_id", "category", "deadline")
        }
    rows = []
    for snap in snaps.select_related(
        "trainee__course__operator", "trainee__course__cohort"
    ).order_by("trainee__course__cohort__number", "trainee__name", "pk"):
        category, deadline = verdicts.get(snap.pk, ("", None))
        rows.append(
            PeopleRow(
                trainee=snap.trainee,
                category=str(VERDICT_LABELS.get(category, category)) if category else "",
                deadline=deadline,
                first_hire_on=snap.first_hire_on,
                hire_in_city=snap.hire_in_city,
            )
        )
    return rows, rule


def people_table(rows: list[PeopleRow], *, title: str) -> ReportTable:
    return ReportTable(
        "people",
        title,
        (
            Column(_("Name")),
            Column(_("Cohort")),
            Column(_("Training operator")),
            Column(_("Course")),
            Column(_("Status")),
            Column(_("Completed on"), DATE),
            Column(_("Where the rule places them")),
            Column(_("Counting deadline"), DATE),
            Column(_("First hire"), DATE),
            Column(_("Job in the city")),
        ),
        tuple(
            (
                Cell(r.trainee.name, reverse("outcomes:trainee_ledger", args=[r.trainee.pk])),
                Cell(str(r.trainee.course.cohort)),
                Cell(str(r.trainee.course.operator)),
                Cell(r.trainee.course.name),
                Cell(r.trainee.get_status_display()),
                Cell(r.trainee.completed_on),
                Cell(r.category),
                Cell(r.deadline),
                Cell(r.first_hire_on),
                Cell("" if r.hire_in_city is None else (_("Yes") if r.hire_in_city else _("No"))),
            )
            for r in rows
        ),
        personal=True,
    )
