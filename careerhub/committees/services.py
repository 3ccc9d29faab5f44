"""Writes on committee records (the program office keeps them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.committees import policies
from careerhub.committees.errors import CommitteesErrorCode
from careerhub.committees.models import (
    Committee,
    CommitteeMember,
    Decision,
    DecisionUpdate,
    Meeting,
)
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied


def _require_office(actor: Actor) -> None:
    if not policies.can_manage_committees(actor):
        raise PermissionDenied


MEMBER_FIELDS = (
    "name",
    "user",
    "affiliation",
    "company",
    "operator",
    "organisation",
    "position",
    "joined_on",
    "left_on",
)


def member_save(
    *,
    actor: Actor,
    committee: Committee,
    data: Mapping[str, object],
    member: CommitteeMember | None = None,
) -> CommitteeMember:
    _require_office(actor)
    member = member or CommitteeMember(committee=committee)
    for name in MEMBER_FIELDS:
        if name in data:
            setattr(member, name, data[name])
    if member.affiliation != CommitteeMember.Affiliation.COMPANY:
        member.company = None
    if member.affiliation != CommitteeMember.Affiliation.OPERATOR:
        member.operator = None
    if member.affiliation == CommitteeMember.Affiliation.COMPANY and member.company is None:
        raise ValidationError(
            {
                "company": ValidationError(
                    _("Choose the member's company."), code=CommitteesErrorCode.COMPANY_MISSING
                )
            }
        )
    if member.affiliation == CommitteeMember.Affiliation.OPERATOR and member.operator is None:
        raise ValidationError(
            {
                "operator": ValidationError(
                    _("Choose the member's training operator."),
                    code=CommitteesErrorCode.OPERATOR_MISSING,
                )
            }
        )
    with transaction.atomic():
        member.full_clean()
        created = member.pk is None
        member.save()
        event_record(
            actor=actor,
            verb="committee.member_added" if created else "committee.member_changed",
            target=member,
            committee=committee.pk,
        )
    return member


MEETING_FIELDS = ("held_at", "place", "status", "agenda", "minutes")


def meeting_save(
    *,
    actor: Actor,
    committee: Committee,
    data: Mapping[str, object],
    attendees: Iterable[CommitteeMember] | None = None,
    meeting: Meeting | None = None,
) -> Meeting:
    """Plan a meeting (numbered in order within its committee) or record what happened."""
    _require_office(actor)
    created = meeting is None
    if meeting is None:
        last = committee.meetings.aggregate(n=Max("number"))["n"] or 0
        meeting = Meeting(committee=committee, number=last + 1)
    for name in MEETING_FIELDS:
        if name in data:
            setattr(meeting, name, data[name])
    people = list(attendees) if attendees is not None else None
    if people is not None:
        strangers = [m for m in people if m.committee_id != committee.pk]
        if strangers:
            raise ValidationError(
                {
                    "attendees": ValidationError(
                        _("Attendees must be members of this committee."),
                        code=CommitteesErrorCode.NOT_A_MEMBER,
                    )
                }
            )
    # Attendees of a planned meeting are those invited; the meeting is held only when the
    # office says so, and never before its time.
    if (
        meeting.status == Meeting.Status.HELD
        and meeting.held_at is not None
        and meeting.held_at > timezone.now()
    ):
        raise ValidationError(
            {
                "status": ValidationError(
                    _("A meeting cannot be recorded as held before its date."),
                    code=CommitteesErrorCode.MEETING_IN_FUTURE,
                )
            }
        )
    if meeting.status != Meeting.Status.HELD:
        meeting.minutes_published_at = None
    with transaction.atomic():
        meeting.full_clean()
        meeting.save()
        if people is not None:
            meeting.attendees.set(people)
        event_record(
            actor=actor,
            verb="meeting.planned" if created else "meeting.changed",
            target=meeting,
            committee=committee.pk,
        )
    return meeting


def meeting_publish_minutes(
    *, actor: Actor, meeting: Meeting, now: dt.datetime | None = None
) -> Meeting:
    """Show the minutes and decisions to the committee's members."""
    _require_office(actor)
    if meeting.status != Meeting.Status.HELD or not meeting.minutes.strip():
        raise ValidationError(
            _("Only the minutes of a meeting that was held can be published."),
            code=CommitteesErrorCode.MINUTES_NOT_READY,
        )
    with transaction.atomic():
        meeting.minutes_published_at = now or timezone.now()
        meeting.full_clean()
        meeting.save(update_fields=["minutes_published_at", "updated_at"])
        event_record(actor=actor, verb="meeting.minutes_published", target=meeting)
    return meeting


def decision_add(
    *,
    actor: Actor,
    meeting: Meeting,
    text: str,
    owner: str = "",
    due_on: dt.date | None = None,
) -> Decision:
    _require_office(actor)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(
            _("Decisions are recorded for meetings that were held."),
            code=CommitteesErrorCode.MEETING_NOT_HELD,
        )
    with transaction.atomic():
        last = meeting.decisions.aggregate(n=Max("number"))["n"] or 0
        decision = Decision(
            meeting=meeting, number=last + 1, text=text.strip(), owner=owner, due_on=due_on
        )
        decision.full_clean()
        decision.save()
        event_record(actor=actor, verb="decision.added", target=decision, meeting=meeting.pk)
    return decision


def decision_follow_up(
    *,
    actor: Actor,
    decision: Decision,
    status: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> DecisionUpdate:
    """Record how a decision's follow-up stands; every report is kept."""
    _require_office(actor)
    if status not in Decision.Status.values:
        raise ValidationError(
            {"status": ValidationError(_("Choose a status."), code=CommitteesErrorCode.INVALID)}
        )
    with transaction.atomic():
        update = DecisionUpdate(
            decision=decision,
            status=status,
            note=note.strip(),
            recorded_by=actor.user,
            recorded_at=now or timezone.now(),
        )
        update.full_clean()
        update.save()
        previous = decision.status
        decision.status = status
        decision.save(update_fields=["status", "updated_at"])
        event_record(
            actor=actor,
            verb="decision.follow_up",
            target=decision,
            from_status=previous,
            to_status=status,
        )
    return update
