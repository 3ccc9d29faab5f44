"""Who sees employer feedback on hires.

- A company's recruiters see, and answer, the feedback requests about their company's hires;
  nobody else sees a single answer (it is the company's view of one person).
- The program office sees the aggregate per course and skill for every course; operator
  staff for their own operators' courses. Consultants, trainees and committee members see
  neither.
"""

from __future__ import annotations

from django.db.models import QuerySet

from careerhub.academy.models import Course
from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404
from careerhub.employer_feedback.models import HireFeedback


def feedback_visible_to(actor: Actor) -> QuerySet[HireFeedback]:
    qs = HireFeedback.objects.select_related(
        "application__trainee__course", "application__posting__company", "answered_by"
    )
    if not actor.is_authenticated or not actor.recruiter_company_ids:
        return qs.none()
    return qs.filter(application__posting__company_id__in=actor.recruiter_company_ids)


def feedback_get_for(actor: Actor, feedback_id: object) -> HireFeedback:
    return get_visible_or_404(feedback_visible_to(actor), feedback_id)


def can_view_feedback_list(actor: Actor) -> bool:
    return actor.is_authenticated and bool(actor.recruiter_company_ids)


def can_answer_feedback(actor: Actor, feedback: HireFeedback) -> bool:
    return feedback.application.posting.company_id in actor.recruiter_company_ids


def can_view_summary(actor: Actor) -> bool:
    return actor.is_authenticated and (actor.program_staff or bool(actor.staff_operator_ids))


def summary_courses_for(actor: Actor) -> QuerySet[Course]:
    qs = Course.objects.select_related("cohort", "operator")
    if not can_view_summary(actor):
        return qs.none()
    if actor.program_staff:
        return qs.all()
    return qs.filter(operator_id__in=actor.staff_operator_ids)
