"""Who may open which dashboard, and whose people a figure may lead to.

- The program office dashboard covers every operator: program office staff only.
- An operator dashboard covers one operator: the program office and that operator's staff.
- The committee view is aggregates only (no names, no links to people): the program office
  and committee members.
- The list behind a figure names people: the program office and operator staff, each only
  over the trainees whose outcomes they may already see (``outcomes.policies``).
- The monthly cohort report (PDF): the program office for the whole program or one operator,
  operator staff for one of their own operators; only cohorts that operator trained.

A ``Scope`` says which operators a page covers and whether its figures may link to people;
the selectors count only inside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from careerhub.academy.models import Cohort, Trainee, TrainingOperator
from careerhub.core.actors import Actor
from careerhub.core.policy import PermissionDenied, get_visible_or_404
from careerhub.outcomes import policies as outcome_policies


@dataclass(frozen=True)
class Scope:
    """Which operators a view covers and whether its figures may link to people."""

    kind: str  # "office" | "operator" | "committee"
    operator_ids: frozenset[int] | None  # None: every operator
    links: bool
    operator: TrainingOperator | None = None


def can_view_office_dashboard(actor: Actor) -> bool:
    return actor.is_authenticated and actor.program_staff


def dashboard_operators_for(actor: Actor) -> QuerySet[TrainingOperator]:
    if not actor.is_authenticated:
        return TrainingOperator.objects.none()
    if actor.program_staff:
        return TrainingOperator.objects.all()
    return TrainingOperator.objects.filter(pk__in=actor.staff_operator_ids)


def can_view_operator_dashboard(actor: Actor, operator: TrainingOperator) -> bool:
    return actor.is_authenticated and (
        actor.program_staff or operator.pk in actor.staff_operator_ids
    )


def dashboard_operator_get_for(actor: Actor, operator_id: object) -> TrainingOperator:
    return get_visible_or_404(dashboard_operators_for(actor), operator_id)


def can_view_committee_view(actor: Actor) -> bool:
    return actor.is_authenticated and (actor.program_staff or actor.committee)


def can_view_people_behind_figures(actor: Actor) -> bool:
    """Links from a figure to the people behind it: never for committee-only members."""
    return actor.is_authenticated and (actor.program_staff or bool(actor.staff_operator_ids))


def trainees_behind_figures_for(actor: Actor) -> QuerySet[Trainee]:
    if not can_view_people_behind_figures(actor):
        return Trainee.objects.none()
    qs = outcome_policies.trainees_with_outcomes_visible_to(actor)
    if actor.program_staff:
        return qs
    return qs.filter(course__operator_id__in=actor.staff_operator_ids)


def can_download_cohort_report(actor: Actor) -> bool:
    return actor.is_authenticated and (actor.program_staff or bool(actor.staff_operator_ids))


# --- scopes: which operators a page counts ----------------------------------------------------


def office_scope(actor: Actor) -> Scope:
    if not can_view_office_dashboard(actor):
        raise PermissionDenied
    return Scope("office", None, links=True)


def operator_scope(actor: Actor, operator: TrainingOperator) -> Scope:
    if not can_view_operator_dashboard(actor, operator):
        raise PermissionDenied
    return Scope("operator", frozenset({operator.pk}), links=True, operator=operator)


def committee_scope(actor: Actor) -> Scope:
    if not can_view_committee_view(actor):
        raise PermissionDenied
    return Scope("committee", None, links=False)


def people_scope(actor: Actor) -> Scope:
    """The list behind a figure: every operator for the program office, otherwise the
    operators the actor works for (the trainees are narrowed again by
    ``trainees_behind_figures_for``)."""
    if not can_view_people_behind_figures(actor):
        raise PermissionDenied
    if actor.program_staff:
        return Scope("office", None, links=True)
    return Scope("operator", frozenset(actor.staff_operator_ids), links=True)


def cohort_report_scope(actor: Actor, operator_id: object = None) -> Scope:
    """The monthly cohort report: the whole program for the program office when no operator
    is named; otherwise one operator the actor may see (the same 404 for another operator or
    none), by default the first of their own. A printed report links to nobody."""
    if not can_download_cohort_report(actor):
        raise PermissionDenied
    if actor.program_staff and not operator_id:
        return Scope("office", None, links=False)
    if not operator_id and actor.staff_operator_ids:
        operator_id = min(actor.staff_operator_ids)
    operator = dashboard_operator_get_for(actor, operator_id)
    return Scope("operator", frozenset({operator.pk}), links=False, operator=operator)


def scope_cohorts(scope: Scope) -> QuerySet[Cohort]:
    """The cohorts in which the scope's operators ran a course (every cohort: no limit)."""
    cohorts = Cohort.objects.all()
    if scope.operator_ids is not None:
        cohorts = cohorts.filter(courses__operator_id__in=scope.operator_ids).distinct()
    return cohorts


def scope_cohort_get_for(scope: Scope, cohort_id: object) -> Cohort:
    """A cohort within ``scope`` (e.g. for its monthly report): the same 404 when missing or
    outside it."""
    return get_visible_or_404(scope_cohorts(scope), cohort_id)
