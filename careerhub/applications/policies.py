"""Who sees which applications and from which side they may move them.

- The trainee sees and moves (accept, withdraw) their own applications.
- Recruiters see applications to their company's postings and move them for the company.
- The program office and the trainee's operator staff see them and act for either side.
- Consultants see their assigned trainees' applications (read only).
- A recruiter sees an applicant's profile only while the trainee consents to provision to
  companies; each such view is logged.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from careerhub.academy.models import Trainee
from careerhub.academy.policies import trainees_visible_to
from careerhub.applications.models import Application
from careerhub.applications.transitions import COMPANY, STAFF, TRAINEE
from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404
from careerhub.hiring.models import JobPosting, PostingStatus
from careerhub.hiring.policies import postings_visible_to


def sides_of(actor: Actor, application: Application) -> frozenset[str]:
    sides = set()
    if application.trainee_id in actor.trainee_ids:
        sides.add(TRAINEE)
    if application.posting.company_id in actor.recruiter_company_ids:
        sides.add(COMPANY)
    if actor.program_staff or application.trainee.course.operator_id in actor.staff_operator_ids:
        sides.add(STAFF)
    return frozenset(sides)


def applications_visible_to(actor: Actor) -> QuerySet[Application]:
    qs = Application.objects.select_related(
        "trainee__course__operator", "posting__company", "posting__role", "outcome"
    )
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    rule = (
        Q(trainee_id__in=actor.trainee_ids)
        | Q(posting__company_id__in=actor.recruiter_company_ids)
        | Q(trainee__course__operator_id__in=actor.staff_operator_ids)
    )
    if actor.consultant_operator_ids:
        rule |= Q(
            trainee__consultant=actor.user_id,
            trainee__course__operator_id__in=actor.consultant_operator_ids,
        )
    return qs.filter(rule)


def application_get_for(actor: Actor, application_id: object) -> Application:
    return get_visible_or_404(applications_visible_to(actor), application_id)


def can_apply_for(actor: Actor, trainee: Trainee) -> bool:
    return trainee.pk in actor.trainee_ids or can_apply_on_behalf(actor, trainee)


def can_apply_on_behalf(actor: Actor, trainee: Trainee) -> bool:
    return actor.program_staff or trainee.course.operator_id in actor.staff_operator_ids


def can_apply_on_behalf_of_anyone(actor: Actor) -> bool:
    """The on-behalf form: the program office and operator staff."""
    return actor.program_staff or bool(actor.staff_operator_ids)


def behalf_trainees_for(actor: Actor) -> QuerySet[Trainee]:
    """Trainees staff may apply for: their own, still training or completed, who share their
    profile with companies (an application hands it to the company)."""
    if not can_apply_on_behalf_of_anyone(actor):
        return Trainee.objects.none()
    return (
        trainees_visible_to(actor)
        .filter(pk__in=Trainee.objects.consenting_to_companies().values("pk"))
        .exclude(status=Trainee.Status.DROPPED)
    )


def behalf_postings_for(actor: Actor) -> QuerySet[JobPosting]:
    """Open postings staff may apply to on a trainee's behalf."""
    if not can_apply_on_behalf_of_anyone(actor):
        return JobPosting.objects.none()
    return postings_visible_to(actor).filter(status=PostingStatus.OPEN)


def can_view_applicant_profile(actor: Actor, application: Application) -> bool:
    """The company side sees the profile only with the trainee's active consent."""
    if STAFF in sides_of(actor, application) or TRAINEE in sides_of(actor, application):
        return True
    if application.posting.company_id not in actor.recruiter_company_ids:
        return False
    return Trainee.objects.consenting_to_companies().filter(pk=application.trainee_id).exists()


def can_view_application_list(actor: Actor) -> bool:
    """Both sides of an application and the staff who support them; not committee members."""
    return bool(
        actor.trainee_ids
        or actor.recruiter_company_ids
        or actor.program_staff
        or actor.operator_ids
    )


def can_view_notifications(actor: Actor) -> bool:
    return bool(actor.roles)
