"""Writes on trainees: profile, skills, consents and status — each with its event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy import policies
from careerhub.academy.models import Consent, Trainee, TraineeSkill, TraineeStatusChange
from careerhub.accounts.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied

PROFILE_FIELDS = ("phone", "available_from", "desired_regions", "introduction")


def trainee_update_profile(
    *,
    actor: Actor,
    trainee: Trainee,
    data: Mapping[str, object],
    desired_role_ids: Iterable[int] | None = None,
    skills: Mapping[int, int] | None = None,
) -> Trainee:
    """Change the fields a trainee keeps themselves; ``skills`` maps skill id → level 1–5."""
    if not policies.can_edit_trainee_profile(actor, trainee):
        raise PermissionDenied
    changed = {}
    for field in PROFILE_FIELDS:
        if field in data and getattr(trainee, field) != data[field]:
            changed[field] = data[field]
            setattr(trainee, field, data[field])
    with transaction.atomic():
        trainee.full_clean()
        trainee.save()
        if desired_role_ids is not None:
            trainee.desired_roles.set(list(desired_role_ids))
            changed["desired_roles"] = sorted(desired_role_ids)
        if skills is not None:
            _skills_replace(trainee=trainee, skills=skills)
            changed["skills"] = dict(sorted(skills.items()))
        event_record(
            actor=actor, verb="trainee.profile_updated", target=trainee, fields=sorted(changed)
        )
    return trainee


def _skills_replace(*, trainee: Trainee, skills: Mapping[int, int]) -> None:
    for level in skills.values():
        if not 1 <= int(level) <= 5:
            raise ValidationError(_("Skill levels run from 1 to 5."), code="invalid_level")
    trainee.skills.exclude(skill_id__in=list(skills)).delete()
    existing = {s.skill_id: s for s in trainee.skills.all()}
    for skill_id, level in skills.items():
        row = existing.get(skill_id) or TraineeSkill(trainee=trainee, skill_id=skill_id)
        row.level = int(level)
        row.full_clean(validate_constraints=False)
        row.save()


def trainee_change_status(
    *,
    actor: Actor,
    trainee: Trainee,
    status: str,
    effective_on: dt.date,
    reason: str = "",
) -> Trainee:
    """Mark a trainee completed, dropped out, or back to enrolled (a correction, with reason)."""
    if not policies.can_change_trainee_status(actor, trainee):
        raise PermissionDenied
    if status not in Trainee.Status.values:
        raise ValidationError(_("Unknown status."), code="invalid_status")
    if status == trainee.status:
        raise ValidationError(_("The trainee already has this status."), code="status_unchanged")
    if status == Trainee.Status.DROPPED and not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for dropping out.")}, code="reason_required"
        )
    if status == Trainee.Status.ENROLLED and not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the status is being corrected.")}, code="reason_required"
        )
    previous = trainee.status
    trainee.status = status
    trainee.completed_on = effective_on if status == Trainee.Status.COMPLETED else None
    trainee.dropped_on = effective_on if status == Trainee.Status.DROPPED else None
    trainee.drop_reason = reason.strip() if status == Trainee.Status.DROPPED else ""
    with transaction.atomic():
        trainee.full_clean()
        trainee.save()
        TraineeStatusChange.objects.create(
            trainee=trainee,
            from_status=previous,
            to_status=status,
            effective_on=effective_on,
            reason=reason.strip(),
            actor=actor.user,
        )
        event_record(
            actor=actor,
            verb="trainee.status_changed",
            target=trainee,
            from_status=previous,
            to_status=status,
            effective_on=effective_on,
        )
    return trainee


def consent_set(*, actor: Actor, trainee: Trainee, purpose: str, granted: bool) -> Consent | None:
    """Grant or withdraw one purpose's consent. Only the trainee decides their own consent."""
    if trainee.pk not in actor.trainee_ids:
        raise PermissionDenied
    if purpose not in Consent.Purpose.values:
        raise ValidationError(_("Unknown consent purpose."), code="invalid_purpose")
    now = timezone.now()
    with transaction.atomic():
        active = (
            Consent.objects.select_for_update()
            .filter(trainee=trainee, purpose=purpose, withdrawn_at__isnull=True)
            .first()
        )
        if granted and active is None:
            active = Consent.objects.create(trainee=trainee, purpose=purpose, granted_at=now)
        elif not granted and active is not None:
            active.withdrawn_at = now
            active.save(update_fields=["withdrawn_at"])
            active = None
        event_record(
            actor=actor,
            verb="consent.granted" if granted else "consent.withdrawn",
            target=trainee,
            purpose=purpose,
        )
    return active
