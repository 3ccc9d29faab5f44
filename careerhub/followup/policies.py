"""Who may see check-ins and act on them.

- The program office sees every round; operator staff the rounds of their own operators'
  trainees. Consultants and others see no round page.
- A follow-up (a "still seeking" answer) is on the list of the trainee's consultant (while
  they work for the trainee's operator), of that operator's staff and of the office.
- A company's retention agreement is its recruiters' decision alone.
- The graduate's own pages are reached by signed links (``tokens``), not by login.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404
from careerhub.followup.models import CheckIn


def can_view_rounds(actor: Actor) -> bool:
    return actor.program_staff or bool(actor.staff_operator_ids)


def checkins_visible_to(actor: Actor) -> QuerySet[CheckIn]:
    qs = CheckIn.objects.all()
    if actor.program_staff:
        return qs
    if actor.staff_operator_ids:
        return qs.filter(trainee__course__operator_id__in=actor.staff_operator_ids)
    return qs.none()


def can_view_follow_ups(actor: Actor) -> bool:
    return (
        actor.program_staff or bool(actor.staff_operator_ids) or bool(actor.consultant_operator_ids)
    )


def follow_ups_visible_to(actor: Actor) -> QuerySet[CheckIn]:
    qs = CheckIn.objects.filter(follow_up_due_on__isnull=False)
    if actor.program_staff:
        return qs
    if not actor.is_authenticated:
        return qs.none()
    mine = Q(trainee__course__operator_id__in=actor.staff_operator_ids) | Q(
        trainee__consultant_id=actor.user_id,
        trainee__course__operator_id__in=actor.consultant_operator_ids,
    )
    return qs.filter(mine)


def follow_up_get_for(actor: Actor, checkin_id: object) -> CheckIn:
    return get_visible_or_404(
        follow_ups_visible_to(actor).select_related("trainee__course"), checkin_id
    )


def can_manage_agreement(actor: Actor, company_id: int) -> bool:
    return company_id in actor.recruiter_company_ids
