"""The dashboard filters (what the URL keeps) and the choices offered for them.

``Filters`` narrows every count; ``apply_snapshot_filters`` applies it to snapshots or
standings; ``filter_choices`` lists the cohorts, operators, courses (by id and label) and
rule sets a scope may pick from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone, translation

from careerhub.academy.models import Cohort, Course, TrainingOperator
from careerhub.core.signatures import data_signature, digest
from careerhub.outcomes import selectors as outcome_selectors
from careerhub.reports.policies import Scope


@dataclass(frozen=True)
class Filters:
    """What the URL keeps: cohort, operator, course, completion period and headline rule."""

    cohort_id: int | None = None
    operator_id: int | None = None
    course_id: int | None = None
    period_from: dt.date | None = None  # first completion day counted
    period_to: dt.date | None = None  # last completion day counted
    rule: str = ""

    def params(self, **extra: object) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.cohort_id:
            out["cohort"] = str(self.cohort_id)
        if self.operator_id:
            out["operator"] = str(self.operator_id)
        if self.course_id:
            out["course"] = str(self.course_id)
        if self.period_from:
            out["from"] = f"{self.period_from:%Y-%m}"
        if self.period_to:
            out["to"] = f"{self.period_to:%Y-%m}"
        if self.rule:
            out["rule"] = self.rule
        for key, value in extra.items():
            if value in (None, ""):
                out.pop(key, None)
            else:
                out[key] = str(value)
        return out

    def query(self, **extra: object) -> str:
        return urlencode(self.params(**extra))


def apply_snapshot_filters(qs: QuerySet, f: Filters, prefix: str = "") -> QuerySet:
    cohort, operator, course = (
        ("cohort_id_copy", "operator_id_copy", "course_id_copy")
        if prefix == "standing"
        else ("cohort_id", "operator_id", "course_id")
    )
    if f.cohort_id:
        qs = qs.filter(**{cohort: f.cohort_id})
    if f.operator_id:
        qs = qs.filter(**{operator: f.operator_id})
    if f.course_id:
        qs = qs.filter(**{course: f.course_id})
    if f.period_from:
        qs = qs.filter(completed_on__gte=f.period_from)
    if f.period_to:
        qs = qs.filter(completed_on__lte=f.period_to)
    return qs


CHOICES_CACHE_SECONDS = 24 * 3600  # keyed by the signature of what they name


def filter_choices(*, scope: Scope, today: dt.date | None = None) -> dict[str, list]:
    """What the filter form offers in ``scope``: ``cohorts``, ``operators`` and ``courses`` as
    (id, label) pairs, from the shared cache while no cohort, operator or course changed, and
    the ``rules`` in force."""
    today = today or timezone.localdate()
    key = "reports:filter-choices:" + digest(
        data_signature(
            (Cohort.objects.all(), "updated_at"),
            (TrainingOperator.objects.all(), "updated_at"),
            (Course.objects.all(), "updated_at"),
        ),
        sorted(scope.operator_ids) if scope.operator_ids is not None else "all",
        translation.get_language(),
    )

    def named() -> dict[str, list]:
        courses = Course.objects.select_related("operator", "cohort")
        operators = TrainingOperator.objects.all()
        if scope.operator_ids is not None:
            courses = courses.filter(operator_id__in=scope.operator_ids)
            operators = operators.filter(pk__in=scope.operator_ids)
        cohorts = Cohort.objects.filter(courses__in=courses).distinct().order_by("number")
        return {
            "cohorts": [(c.pk, str(c)) for c in cohorts],
            "operators": [(o.pk, str(o)) for o in operators.order_by("name")],
            "courses": [
                (c.pk, f"{c.cohort} · {c.operator} · {c.name}")
                for c in courses.order_by("cohort__number", "operator__name", "name")
            ],
        }

    return {
        **cache.get_or_set(key, named, CHOICES_CACHE_SECONDS),
        "rules": outcome_selectors.rule_sets_in_force(on=today),
    }
