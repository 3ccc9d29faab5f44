"""Who may open which dashboard, and whose people a figure may lead to.

- The program office dashboard covers every operator: program office staff only.
- An operator dashboard covers one operator: the program office and that operator's staff.
- The committee view is aggregates only (no names, no links to people): the program office
  and committee members.
- The list behind a figure names people: the program office and operator staff, each only
  over the trainees whose outcomes they may already see (``outcomes.policies``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from careerhub.academy.models import Trainee, TrainingOperator
from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404
from careerhub.outcomes import policies as outcome_policies


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
