"""Who sees committee records.

The program office (the committees' secretariat) sees and writes everything. A member with a
login sees the committees they sit on: the member list (names and affiliations only, no
contact details), meetings and agendas, and — once the office publishes them — the minutes,
decisions and their follow-up. Nobody else sees committee records.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from careerhub.committees.models import Committee, Decision, Meeting
from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404


def can_manage_committees(actor: Actor) -> bool:
    return actor.program_staff


def _seat_rule(actor: Actor, prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}members__user_id": actor.user_id}) & (
        Q(**{f"{prefix}members__left_on__isnull": True})
        | Q(**{f"{prefix}members__left_on__gte": today})
    )


def committees_visible_to(actor: Actor) -> QuerySet[Committee]:
    qs = Committee.objects.all()
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs
    return qs.filter(pk__in=Committee.objects.filter(_seat_rule(actor)).values("pk"))


def committee_get_for(actor: Actor, committee_id: object) -> Committee:
    return get_visible_or_404(committees_visible_to(actor), committee_id)


def meetings_visible_to(actor: Actor) -> QuerySet[Meeting]:
    return Meeting.objects.filter(committee__in=committees_visible_to(actor)).select_related(
        "committee"
    )


def meeting_get_for(actor: Actor, meeting_id: object) -> Meeting:
    return get_visible_or_404(meetings_visible_to(actor), meeting_id)


def can_view_minutes(actor: Actor, meeting: Meeting) -> bool:
    if actor.program_staff:
        return True
    return (
        meeting.is_published
        and committees_visible_to(actor).filter(pk=meeting.committee_id).exists()
    )


def decisions_visible_to(actor: Actor) -> QuerySet[Decision]:
    qs = Decision.objects.select_related("meeting__committee")
    if actor.program_staff:
        return qs
    return qs.filter(
        meeting__in=meetings_visible_to(actor), meeting__minutes_published_at__isnull=False
    )


def decision_get_for(actor: Actor, decision_id: object) -> Decision:
    return get_visible_or_404(decisions_visible_to(actor), decision_id)


def can_view_committee_list(actor: Actor) -> bool:
    """Any signed-in role may open the list; it shows the committees the actor sits on."""
    return bool(actor.roles)


def has_committee_work(actor: Actor) -> bool:
    """Whether committees are worth a menu entry: the office, committee members, seat holders."""
    return actor.program_staff or actor.committee or committees_visible_to(actor).exists()
