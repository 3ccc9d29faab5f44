"""Who may see and do what in matching.

- A trainee sees their own recommendations; the program office, their operator's staff and
  their assigned consultant see them too (the consultant read-only, with the skills their
  trainees most often miss).
- A posting's candidate list (computed from trainees who consent to provision to companies)
  is seen by the posting's side: the program office sees all of it, the posting's company
  the candidates still consenting, a partner operator's staff only their own operator's
  trainees. A candidate's profile opens only for a trainee on the posting's current list whom
  the actor may see there; every look at a candidate is logged.
- Cohort plans and pins: the program office for any cohort; operator staff for their own
  operator's trainees (their runs are theirs).
- Match days: organised by the program office or by an operator (for its trainees); a
  trainee sees those they are eligible for, a recruiter those their company's postings take
  part in.
- The gap view (aggregates only, no personal data): the program office, committees and
  operator staff.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from careerhub.academy.consents import operator_may_support, operator_withdrawn_ids
from careerhub.academy.models import Cohort, Course, Trainee
from careerhub.academy.policies import courses_visible_to
from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404
from careerhub.hiring.models import JobPosting
from careerhub.hiring.policies import can_edit_posting, postings_editable_by
from careerhub.matching.models import (
    ApplicationSuggestion,
    Feedback,
    MatchDay,
    PlanConstraint,
    PlanRun,
    RecommendationRun,
)

# --- recommendations ---------------------------------------------------------------------------


def can_view_recommendations(actor: Actor, trainee: Trainee) -> bool:
    """The trainee and the office; the operator's staff and assigned consultant while the
    trainee's consent to provision to the operator stands (``academy.consents``)."""
    if actor.program_staff or trainee.pk in actor.trainee_ids:
        return True
    if not operator_may_support(trainee):
        return False
    operator_id = trainee.course.operator_id
    if operator_id in actor.staff_operator_ids:
        return True
    return operator_id in actor.consultant_operator_ids and trainee.consultant_id == actor.user_id


def can_act_on_recommendations(actor: Actor, trainee: Trainee) -> bool:
    """Save, dismiss and refresh: the trainee themselves (staff see, but do not decide)."""
    return trainee.pk in actor.trainee_ids


def recommendation_trainees_visible_to(actor: Actor) -> QuerySet[Trainee]:
    """Trainees whose recommendations the actor may see (never via a recruiter's consent)."""
    qs = Trainee.objects.select_related("course__operator", "course__cohort")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    staff = Q(course__operator_id__in=actor.staff_operator_ids)
    if actor.consultant_operator_ids:
        staff |= Q(course__operator_id__in=actor.consultant_operator_ids, consultant=actor.user_id)
    rule = Q(pk__in=actor.trainee_ids) | (staff & ~Q(pk__in=operator_withdrawn_ids()))
    return qs.filter(rule)


def recommendation_trainee_get_for(actor: Actor, trainee_id: object) -> Trainee:
    return get_visible_or_404(recommendation_trainees_visible_to(actor), trainee_id)


def feedback_visible_to(actor: Actor) -> QuerySet[Feedback]:
    """Saved and dismissed openings of the trainees whose recommendations the actor sees."""
    trainees = recommendation_trainees_visible_to(actor).values("pk")
    return Feedback.objects.filter(trainee__in=trainees).select_related("trainee__course")


def feedback_get_for(actor: Actor, feedback_id: object, *, trainee: Trainee) -> Feedback:
    """One of ``trainee``'s saved or dismissed openings (404 for anyone else's)."""
    return get_visible_or_404(feedback_visible_to(actor).filter(trainee=trainee), feedback_id)


def open_suggestions_visible_to(actor: Actor) -> QuerySet[ApplicationSuggestion]:
    """Open application suggestions of the trainees whose recommendations the actor sees."""
    trainees = recommendation_trainees_visible_to(actor).values("pk")
    return ApplicationSuggestion.objects.filter(
        trainee__in=trainees, status=ApplicationSuggestion.Status.OPEN
    ).select_related("trainee__course")


def open_suggestion_get_for(
    actor: Actor, suggestion_id: object, *, trainee: Trainee
) -> ApplicationSuggestion:
    """One of ``trainee``'s open suggestions (404 for anyone else's, or a closed one)."""
    return get_visible_or_404(
        open_suggestions_visible_to(actor).filter(trainee=trainee), suggestion_id
    )


def can_view_candidates(actor: Actor, posting: JobPosting) -> bool:
    return can_edit_posting(actor, posting)


def candidate_postings_for(actor: Actor) -> QuerySet[JobPosting]:
    """Postings whose recommended candidates the actor may see."""
    if not actor.is_authenticated:
        return JobPosting.objects.none()
    return postings_editable_by(actor)


def candidate_posting_get_for(actor: Actor, posting_id: object) -> JobPosting:
    return get_visible_or_404(candidate_postings_for(actor), posting_id)


def candidates_visible_to(actor: Actor, posting: JobPosting) -> QuerySet[Trainee]:
    """Trainees the actor may see as candidates for ``posting``: the program office anyone;
    the posting's company those who consent to provision to companies; operator staff their
    own operator's trainees; a consultant their own assigned trainees. Nobody else."""
    qs = Trainee.objects.select_related("course")
    if not actor.is_authenticated or not can_view_candidates(actor, posting):
        return qs.none()
    if actor.program_staff:
        return qs.all()
    rules = []
    if posting.company_id in actor.recruiter_company_ids:
        rules.append(Q(pk__in=Trainee.objects.consenting_to_companies().values("pk")))
    if actor.staff_operator_ids:
        rules.append(Q(course__operator_id__in=actor.staff_operator_ids))
    if actor.consultant_operator_ids:
        rules.append(
            Q(course__operator_id__in=actor.consultant_operator_ids, consultant=actor.user_id)
        )
    if not rules:
        return qs.none()
    rule = rules[0]
    for more in rules[1:]:
        rule |= more
    return qs.filter(rule)


def current_candidate_run(posting: JobPosting) -> RecommendationRun | None:
    """The posting's current candidate list: its latest stored run."""
    return posting.recommendation_runs.order_by("-created_at", "-pk").first()


def listed_candidates_visible_to(actor: Actor, posting: JobPosting) -> QuerySet[Trainee]:
    """Of the posting's current candidate list, the trainees the actor may see."""
    run = current_candidate_run(posting)
    if run is None:
        return Trainee.objects.none()
    return candidates_visible_to(actor, posting).filter(pk__in=run.items.values("trainee_id"))


def can_view_candidate(actor: Actor, posting: JobPosting, trainee: Trainee) -> bool:
    """A recommended candidate's profile: only a trainee on the posting's current list whom
    the actor may see there (see ``candidates_visible_to``)."""
    return listed_candidates_visible_to(actor, posting).filter(pk=trainee.pk).exists()


def candidate_get_for(actor: Actor, posting: JobPosting, trainee_id: object) -> Trainee:
    return get_visible_or_404(listed_candidates_visible_to(actor, posting), trainee_id)


# --- cohort plans --------------------------------------------------------------------------------


def can_plan(actor: Actor) -> bool:
    return actor.program_staff or bool(actor.staff_operator_ids)


def plan_trainees_for(actor: Actor) -> QuerySet[Trainee]:
    """Trainees a planner may place: everyone for the office, own operator's for its staff."""
    if actor.program_staff:
        return Trainee.objects.all()
    return Trainee.objects.filter(course__operator_id__in=actor.staff_operator_ids)


def plan_trainee_get_for(actor: Actor, trainee_id: object) -> Trainee:
    return get_visible_or_404(plan_trainees_for(actor).select_related("course"), trainee_id)


def plan_courses_for(actor: Actor) -> QuerySet[Course]:
    """Courses a planner may limit a plan to: any for the office, own operator's for staff."""
    courses = courses_visible_to(actor)
    if actor.program_staff:
        return courses
    return courses.filter(operator_id__in=actor.staff_operator_ids)


def plan_runs_visible_to(actor: Actor) -> QuerySet[PlanRun]:
    qs = PlanRun.objects.select_related("cohort", "course", "operator", "requested_by")
    if actor.program_staff:
        return qs
    if actor.staff_operator_ids:
        return qs.filter(operator_id__in=actor.staff_operator_ids)
    return qs.none()


def plan_run_get_for(actor: Actor, run_id: object) -> PlanRun:
    return get_visible_or_404(plan_runs_visible_to(actor), run_id)


def can_view_plan_run(actor: Actor, run: PlanRun) -> bool:
    return actor.program_staff or (
        run.operator_id is not None and run.operator_id in actor.staff_operator_ids
    )


def plan_constraints_visible_to(actor: Actor) -> QuerySet[PlanConstraint]:
    qs = PlanConstraint.objects.select_related("trainee__course", "posting", "demand_line")
    if actor.program_staff:
        return qs
    return qs.filter(trainee__course__operator_id__in=actor.staff_operator_ids)


def plan_constraint_get_for(actor: Actor, constraint_id: object) -> PlanConstraint:
    return get_visible_or_404(plan_constraints_visible_to(actor), constraint_id)


def cohorts_plannable_by(actor: Actor) -> QuerySet[Cohort]:
    if actor.program_staff:
        return Cohort.objects.all()
    return Cohort.objects.filter(courses__operator_id__in=actor.staff_operator_ids).distinct()


# --- match days ----------------------------------------------------------------------------------


def can_create_match_day(actor: Actor) -> bool:
    return actor.program_staff or bool(actor.staff_operator_ids)


def can_manage_match_day(actor: Actor, match_day: MatchDay) -> bool:
    if actor.program_staff:
        return True
    return match_day.operator_id is not None and match_day.operator_id in actor.staff_operator_ids


def match_days_visible_to(actor: Actor) -> QuerySet[MatchDay]:
    qs = MatchDay.objects.select_related("cohort", "operator")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs
    rule = Q(operator_id__in=actor.staff_operator_ids)
    if actor.trainee_ids:
        rule |= Q(trainees__trainee_id__in=actor.trainee_ids)
    if actor.recruiter_company_ids:
        rule |= Q(postings__posting__company_id__in=actor.recruiter_company_ids)
    ids = MatchDay.objects.filter(rule).values("pk")
    return qs.filter(pk__in=ids)


def match_day_get_for(actor: Actor, match_day_id: object) -> MatchDay:
    return get_visible_or_404(match_days_visible_to(actor), match_day_id)


def can_rank_for_trainee(actor: Actor, match_day: MatchDay, trainee: Trainee) -> bool:
    """The trainee, the organisers, and the trainee's operator staff on their behalf."""
    if not match_day.trainees.filter(trainee=trainee).exists():
        return False
    return (
        trainee.pk in actor.trainee_ids
        or trainee.course.operator_id in actor.staff_operator_ids
        or can_manage_match_day(actor, match_day)
    )


def can_rank_for_posting(actor: Actor, match_day: MatchDay, posting: JobPosting) -> bool:
    if not match_day.postings.filter(posting=posting).exists():
        return False
    return posting.company_id in actor.recruiter_company_ids or can_manage_match_day(
        actor, match_day
    )


def can_rank_as_company(actor: Actor, posting: JobPosting) -> bool:
    """The posting's own company ranks for it (organisers may too, but on its behalf)."""
    return posting.company_id in actor.recruiter_company_ids


def rank_trainees_for(actor: Actor, match_day: MatchDay) -> QuerySet[Trainee]:
    """The match day's eligible trainees for whom the actor may submit a rank list (the
    queryset form of ``can_rank_for_trainee``)."""
    qs = Trainee.objects.filter(pk__in=match_day.trainees.values("trainee_id")).select_related(
        "course"
    )
    if can_manage_match_day(actor, match_day):
        return qs
    return qs.filter(
        Q(pk__in=actor.trainee_ids) | Q(course__operator_id__in=actor.staff_operator_ids)
    )


def rank_trainee_get_for(actor: Actor, match_day: MatchDay, trainee_id: object) -> Trainee:
    return get_visible_or_404(rank_trainees_for(actor, match_day), trainee_id)


def rank_postings_for(actor: Actor, match_day: MatchDay) -> QuerySet[JobPosting]:
    """The match day's postings for which the actor may submit a rank list (the queryset
    form of ``can_rank_for_posting``)."""
    qs = JobPosting.objects.filter(pk__in=match_day.postings.values("posting_id")).select_related(
        "company"
    )
    if can_manage_match_day(actor, match_day):
        return qs
    return qs.filter(company_id__in=actor.recruiter_company_ids)


def rank_posting_get_for(actor: Actor, match_day: MatchDay, posting_id: object) -> JobPosting:
    return get_visible_or_404(rank_postings_for(actor, match_day), posting_id)


def match_day_trainees_for_organiser(actor: Actor) -> QuerySet[Trainee]:
    """Trainees an organiser may make eligible: the office any, operator staff their own."""
    return plan_trainees_for(actor)


def match_day_postings_for_organiser(actor: Actor) -> QuerySet[JobPosting]:
    return postings_editable_by(actor) if not actor.program_staff else JobPosting.objects.all()


# --- gap view ------------------------------------------------------------------------------------


def can_view_gaps(actor: Actor) -> bool:
    return actor.program_staff or actor.committee or bool(actor.staff_operator_ids)


def gap_supply_trainees_for(actor: Actor) -> QuerySet[Trainee]:
    """Whose availability counts as supply: all trainees for the office and committees,
    the operator's own for operator staff."""
    if actor.program_staff or actor.committee:
        return Trainee.objects.all()
    return Trainee.objects.filter(course__operator_id__in=actor.staff_operator_ids)


# --- pages: who may open them at all (views and the navigation ask the same) -------------


def can_view_caseload(actor: Actor) -> bool:
    """Trainees' recommendations, for the staff and consultants who support them."""
    return actor.program_staff or bool(actor.operator_ids)


def can_view_candidate_postings(actor: Actor) -> bool:
    return bool(actor.recruiter_company_ids or actor.program_staff or actor.staff_operator_ids)


def can_view_match_days(actor: Actor) -> bool:
    """Everyone who takes part in or runs match days: the office, operator staff, trainees
    and recruiters. Consultants and committee members do neither (their list would always
    be empty, so they get neither the menu item nor the page)."""
    return bool(
        actor.program_staff
        or actor.staff_operator_ids
        or actor.trainee_ids
        or actor.recruiter_company_ids
    )
