"""Who may see and change outcomes, rates and start-up teams.

- Outcomes are personal data: the program office, the trainee's operator staff, the trainee
  themselves and their assigned consultant (read only) see them; companies never do.
- Only the program office and the trainee's operator staff record and confirm outcomes.
- Evidence files: the trainee, their operator's staff and the program office only.
- Rates are aggregates: the program office and committee members see every operator;
  operator staff and consultants see their own operators.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from careerhub.academy.models import Trainee, TrainingOperator
from careerhub.academy.policies import trainees_visible_to
from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404
from careerhub.outcomes.models import Outcome, StartupTeam

# --- outcomes ------------------------------------------------------------------------------


def can_view_outcomes_of(actor: Actor, trainee: Trainee) -> bool:
    if actor.program_staff or trainee.pk in actor.trainee_ids:
        return True
    operator_id = trainee.course.operator_id
    if operator_id in actor.staff_operator_ids:
        return True
    return operator_id in actor.consultant_operator_ids and trainee.consultant_id == actor.user_id


def can_record_outcome(actor: Actor, trainee: Trainee) -> bool:
    return actor.program_staff or trainee.course.operator_id in actor.staff_operator_ids


def can_confirm_outcome(actor: Actor, outcome: Outcome) -> bool:
    return can_record_outcome(actor, outcome.trainee)


def can_view_evidence_of(actor: Actor, trainee: Trainee) -> bool:
    """Evidence files (certificates of employment, military service, illness, …) are seen by
    the trainee themselves, their operator's staff and the program office — not by the
    consultant who reads the ledger, never by companies or committees."""
    if actor.program_staff or trainee.pk in actor.trainee_ids:
        return True
    return trainee.course.operator_id in actor.staff_operator_ids


def can_view_evidence(actor: Actor, outcome: Outcome) -> bool:
    return bool(outcome.evidence_file) and can_view_evidence_of(actor, outcome.trainee)


def trainees_with_outcomes_visible_to(actor: Actor) -> QuerySet[Trainee]:
    qs = Trainee.objects.select_related("course__operator", "course__cohort")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    rule = Q(pk__in=actor.trainee_ids) | Q(course__operator_id__in=actor.staff_operator_ids)
    if actor.consultant_operator_ids:
        rule |= Q(course__operator_id__in=actor.consultant_operator_ids, consultant=actor.user_id)
    return qs.filter(rule)


def trainee_outcomes_get_for(actor: Actor, trainee_id: object) -> Trainee:
    return get_visible_or_404(trainees_with_outcomes_visible_to(actor), trainee_id)


def outcomes_visible_to(actor: Actor) -> QuerySet[Outcome]:
    return Outcome.objects.select_related(
        "trainee__course__operator", "trainee__course__cohort", "company", "verified_by"
    ).filter(trainee__in=trainees_with_outcomes_visible_to(actor).values("pk"))


def outcome_get_for(actor: Actor, outcome_id: object) -> Outcome:
    return get_visible_or_404(outcomes_visible_to(actor), outcome_id)


# --- rates and the cockpit ------------------------------------------------------------------


def can_view_rates(actor: Actor) -> bool:
    return actor.program_staff or actor.committee or bool(actor.operator_ids)


def rate_operators_for(actor: Actor) -> QuerySet[TrainingOperator]:
    """The operators whose aggregate rates the actor may see."""
    if actor.program_staff or actor.committee:
        return TrainingOperator.objects.all()
    return TrainingOperator.objects.filter(pk__in=actor.operator_ids)


def can_view_cockpit(actor: Actor) -> bool:
    """The cockpit names trainees: the program office and operator staff only."""
    return actor.program_staff or bool(actor.staff_operator_ids)


def cockpit_operators_for(actor: Actor) -> QuerySet[TrainingOperator]:
    if actor.program_staff:
        return TrainingOperator.objects.all()
    return TrainingOperator.objects.filter(pk__in=actor.staff_operator_ids)


def cockpit_operator_get_for(actor: Actor, operator_id: object) -> TrainingOperator:
    return get_visible_or_404(cockpit_operators_for(actor), operator_id)


# --- start-up teams -------------------------------------------------------------------------


def startup_teams_visible_to(actor: Actor) -> QuerySet[StartupTeam]:
    qs = StartupTeam.objects.select_related("operator", "mentor")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    rule = (
        Q(operator_id__in=actor.operator_ids)
        | Q(members__trainee_id__in=actor.trainee_ids)
        | Q(mentor=actor.user_id)
    )
    return qs.filter(rule).distinct()


def startup_team_get_for(actor: Actor, team_id: object) -> StartupTeam:
    return get_visible_or_404(startup_teams_visible_to(actor), team_id)


def can_manage_startup_team(actor: Actor, team: StartupTeam) -> bool:
    """Staff of the team's operator run the team record and its registration (the evidence)."""
    return actor.program_staff or team.operator_id in actor.staff_operator_ids


def can_edit_startup_team(actor: Actor, team: StartupTeam) -> bool:
    """Members keep their idea and stage up to date; staff too."""
    if can_manage_startup_team(actor, team):
        return True
    return team.members.filter(trainee_id__in=actor.trainee_ids).exists()


def can_create_startup_team(actor: Actor) -> bool:
    return actor.program_staff or bool(actor.staff_operator_ids) or actor.is_trainee


def can_view_own_outcomes(actor: Actor) -> bool:
    return bool(actor.trainee_ids)


def can_view_startup_list(actor: Actor) -> bool:
    """Start-up teams: visible teams, or the right to found one."""
    return startup_teams_visible_to(actor).exists() or can_create_startup_team(actor)


def startup_operators_for(actor: Actor) -> QuerySet[TrainingOperator]:
    """Operators a new team may belong to: staff's own (all for the office), else the
    trainee's own operator."""
    if actor.program_staff or actor.staff_operator_ids:
        return cockpit_operators_for(actor)
    return TrainingOperator.objects.filter(courses__trainees__pk__in=actor.trainee_ids).distinct()


def startup_teammates_for(actor: Actor) -> QuerySet[Trainee]:
    """Who may be put on a team: staff pick among the trainees they see; a trainee picks
    teammates from their own operator's courses (shown by name only)."""
    if actor.program_staff or actor.staff_operator_ids:
        qs = trainees_visible_to(actor)
    else:
        own = Trainee.objects.filter(pk__in=actor.trainee_ids).values("course__operator_id")
        qs = Trainee.objects.filter(course__operator_id__in=own).select_related("course")
    return qs.exclude(status=Trainee.Status.DROPPED)
