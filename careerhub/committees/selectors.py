"""Reads on committee records, scoped by who asks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.committees import policies
from careerhub.committees.models import Committee, CommitteeMember, Decision, Meeting
from careerhub.core import korean
from careerhub.core.actors import Actor


@dataclass(frozen=True)
class CommitteeOverview:
    committee: Committee
    members: int
    next_meeting: Meeting | None
    last_meeting: Meeting | None
    open_decisions: int


def committee_overviews_for(*, actor: Actor) -> list[CommitteeOverview]:
    now = timezone.now()
    overviews = []
    for committee in policies.committees_visible_to(actor).order_by("kind"):
        meetings = policies.meetings_visible_to(actor).filter(committee=committee)
        decisions = policies.decisions_visible_to(actor).filter(meeting__committee=committee)
        overviews.append(
            CommitteeOverview(
                committee=committee,
                members=active_members(committee=committee).count(),
                next_meeting=meetings.filter(held_at__gte=now, status=Meeting.Status.PLANNED)
                .order_by("held_at")
                .first(),
                last_meeting=meetings.filter(status=Meeting.Status.HELD)
                .order_by("-held_at")
                .first(),
                open_decisions=decisions.filter(
                    status__in=[Decision.Status.OPEN, Decision.Status.IN_PROGRESS]
                ).count(),
            )
        )
    return overviews


def active_members(*, committee: Committee) -> QuerySet[CommitteeMember]:
    today = timezone.localdate()
    return committee.members.filter(Q(left_on__isnull=True) | Q(left_on__gte=today)).select_related(
        "company", "operator"
    )


def meetings_for(*, actor: Actor, committee: Committee) -> QuerySet[Meeting]:
    return (
        policies.meetings_visible_to(actor)
        .filter(committee=committee)
        .annotate(attendee_count=Count("attendees", distinct=True))
        .order_by("-held_at")
    )


def decisions_for(*, actor: Actor, meeting: Meeting) -> QuerySet[Decision]:
    return (
        policies.decisions_visible_to(actor)
        .filter(meeting=meeting)
        .prefetch_related("updates__recorded_by")
        .order_by("number")
    )


def open_decisions_for(*, actor: Actor) -> QuerySet[Decision]:
    return (
        policies.decisions_visible_to(actor)
        .filter(status__in=[Decision.Status.OPEN, Decision.Status.IN_PROGRESS])
        .order_by("due_on", "meeting__held_at", "number")
    )


def home_committee_figures(*, actor: Actor) -> list[tuple[str, int | str, str]]:
    """(label, value, url): the next meeting and the decisions still being followed up."""
    overviews = committee_overviews_for(actor=actor)
    url = reverse("committees:committee_list")
    figures: list[tuple[str, int | str, str]] = []
    for o in overviews:
        if o.next_meeting is not None:
            figures.append(
                (
                    _("Next meeting: %(committee)s") % {"committee": o.committee.name},
                    korean.format_datetime(o.next_meeting.held_at),
                    reverse("committees:meeting_detail", args=[o.next_meeting.pk]),
                )
            )
    if overviews:
        figures.append(
            (_("Decisions being followed up"), sum(o.open_decisions for o in overviews), url)
        )
    return figures
