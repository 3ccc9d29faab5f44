"""Writes on the outcome ledger, enrolment intents and start-up teams.

Every change of an outcome adds an ``OutcomeRevision`` (the full record as it then stood)
and an event. An outcome changes only at the version the editor saw: a stale form is
refused, so two staff members can never silently overwrite each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy.models import Trainee
from careerhub.core import files, korean
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.core.validators import validate_free_text
from careerhub.outcomes import policies
from careerhub.outcomes.errors import OutcomesErrorCode
from careerhub.outcomes.evidence import evidence_check, evidence_store
from careerhub.outcomes.models import (
    NO_EVIDENCE_TYPES,
    EnrolmentIntent,
    Outcome,
    OutcomeRevision,
    OutcomeType,
    StartupMember,
    StartupTeam,
)

OUTCOME_FIELDS = (
    "outcome_type",
    "start_date",
    "end_date",
    "end_reason",
    "company",
    "company_name",
    "job_role",
    "job_title",
    "employment_type",
    "insurance",
    "in_field",
    "in_city",
    "annual_salary",
    "absence_weeks",
    "reason",
    "evidence_reference",
)


class StaleVersion(ValidationError):
    """Someone else changed the record after the editor loaded it."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then make yours again."
            ),
            code=OutcomesErrorCode.STALE_VERSION,
        )


def _snapshot(outcome: Outcome) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in (*OUTCOME_FIELDS, "status", "source"):
        field = Outcome._meta.get_field(name)
        value = getattr(outcome, field.attname)
        data[name] = value.isoformat() if isinstance(value, dt.date) else value
    data["evidence_file"] = outcome.evidence_file.name if outcome.evidence_file else ""
    data["evidence_name"] = outcome.evidence_name
    data["verified_by"] = outcome.verified_by_id
    data["verified_at"] = outcome.verified_at.isoformat() if outcome.verified_at else None
    return data


def _revision_add(*, actor: Actor, outcome: Outcome, change: str, note: str = "") -> None:
    number = outcome.revisions.count() + 1
    OutcomeRevision.objects.create(
        outcome=outcome,
        number=number,
        change=change,
        snapshot=_snapshot(outcome),
        note=note,
        changed_by=actor.user if actor is not None else None,
    )


def _bump_version(outcome: Outcome, expected_version: int) -> None:
    """Claim the next version in the database; refuse if someone else got there first."""
    updated = Outcome.objects.filter(pk=outcome.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise StaleVersion
    outcome.version = expected_version + 1


def _evidence_attach(
    outcome: Outcome, upload: UploadedFile | None, file_type: files.FileType | None
) -> str:
    """Store a checked upload in private storage under a random name and point the outcome
    at it; return the stored name ("" for no upload) so a failed save can delete it."""
    if upload is None:
        return ""
    stored = evidence_store(upload, file_type)
    outcome.evidence_file = stored
    outcome.evidence_name = files.display_name(upload.name, file_type)
    return stored


def _apply(outcome: Outcome, data: Mapping[str, Any]) -> None:
    for name in OUTCOME_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(outcome, name, value)


def outcome_record(
    *,
    actor: Actor,
    trainee: Trainee,
    data: Mapping[str, Any],
    evidence_file: UploadedFile | None = None,
    source: str = Outcome.Source.STAFF,
) -> Outcome:
    """Record a new outcome episode, proposed until staff confirm it."""
    if not policies.can_record_outcome(actor, trainee):
        raise PermissionDenied
    file_type = evidence_check(evidence_file)
    outcome = Outcome(trainee=trainee, source=source, status=Outcome.Status.PROPOSED)
    _apply(outcome, data)
    stored = ""
    try:
        with transaction.atomic():
            outcome.full_clean()
            stored = _evidence_attach(outcome, evidence_file, file_type)
            outcome.save()
            _revision_add(actor=actor, outcome=outcome, change="created")
            event_record(
                actor=actor,
                verb="outcome.recorded",
                target=outcome,
                trainee=trainee.pk,
                outcome_type=outcome.outcome_type,
                source=source,
            )
    except BaseException:
        files.private_delete(stored)  # no file without its row
        raise
    return outcome


def outcome_propose_from_hire(
    *,
    actor: Actor | None,
    trainee: Trainee,
    company_id: int,
    job_role_id: int | None,
    job_title: str,
    start_date: dt.date,
    employment_type: str,
    annual_salary: int | None,
    in_city: bool,
    reference: str,
) -> Outcome:
    """A hire in the application pipeline proposes an employment outcome (never confirms it).

    Called by the applications app inside its own transaction; the permission to move an
    application to "hired" was checked there, so no outcome permission is needed here.
    """
    outcome = Outcome(
        trainee=trainee,
        outcome_type=OutcomeType.EMPLOYED,
        source=Outcome.Source.APPLICATION,
        status=Outcome.Status.PROPOSED,
        company_id=company_id,
        job_role_id=job_role_id,
        job_title=job_title,
        start_date=start_date,
        employment_type=employment_type,
        annual_salary=annual_salary,
        in_city=in_city,
        evidence_reference="",
        reason=reference,
    )
    outcome.full_clean()
    outcome.save()
    _revision_add(actor=actor, outcome=outcome, change="proposed_by_hire", note=reference)
    event_record(
        actor=actor, verb="outcome.proposed", target=outcome, trainee=trainee.pk, source="hire"
    )
    return outcome


def outcome_propose_reported(
    *,
    trainee: Trainee,
    data: Mapping[str, Any],
    evidence_file: UploadedFile | None = None,
    note: str = "",
) -> Outcome:
    """A graduate's own answer (a check-in behind a signed link) proposes an outcome for staff
    to verify; it never counts in a rate before they do. The caller checked the link, so no
    actor is needed; the revision and the event name no user."""
    file_type = evidence_check(evidence_file)
    outcome = Outcome(
        trainee=trainee, source=Outcome.Source.TRAINEE, status=Outcome.Status.PROPOSED
    )
    _apply(outcome, data)
    stored = ""
    try:
        with transaction.atomic():
            outcome.full_clean()
            stored = _evidence_attach(outcome, evidence_file, file_type)
            outcome.save()
            _revision_add(actor=None, outcome=outcome, change="reported_by_trainee", note=note)
            event_record(
                actor=None,
                verb="outcome.reported",
                target=outcome,
                trainee=trainee.pk,
                outcome_type=outcome.outcome_type,
            )
    except BaseException:
        files.private_delete(stored)  # no file without its row
        raise
    return outcome


def outcome_end(
    *, actor: Actor | None, outcome: Outcome, end_date: dt.date, reason: str, note: str = ""
) -> Outcome:
    """A job (or company) ended: record the last day and why. The episode stays as verified as
    it was (when and where it started did not change); from the day after ``end_date`` the
    trainee is no longer placed, so matching offers them openings again. Called by staff
    (``actor``) or, after checking a signed link, by the retention follow-up (``None``)."""
    if actor is not None and not policies.can_confirm_outcome(actor, outcome):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(
            {
                "end_reason": ValidationError(
                    _("Say why the employment ended."), code=OutcomesErrorCode.REQUIRED
                )
            }
        )
    validate_free_text(note=note)
    outcome.end_date = end_date
    outcome.end_reason = reason.strip()
    with transaction.atomic():
        outcome.full_clean()
        _bump_version(outcome, outcome.version)
        outcome.save()
        _revision_add(actor=actor, outcome=outcome, change="ended", note=note)
        event_record(
            actor=actor, verb="outcome.ended", target=outcome, end_date=end_date.isoformat()
        )
    return outcome


def outcome_update(
    *,
    actor: Actor,
    outcome: Outcome,
    expected_version: int,
    data: Mapping[str, Any],
    evidence_file: UploadedFile | None = None,
    note: str = "",
) -> Outcome:
    """Change an outcome. A confirmed outcome whose facts change goes back to "proposed"."""
    if not policies.can_confirm_outcome(actor, outcome):
        raise PermissionDenied
    validate_free_text(note=note)
    file_type = evidence_check(evidence_file)
    before = _snapshot(outcome)
    _apply(outcome, data)
    after = _snapshot(outcome)
    changed = sorted(
        {k for k in after if before[k] != after[k]}
        | ({"evidence_file"} if evidence_file is not None else set())
    )
    if not changed:
        raise ValidationError(_("Nothing was changed."), code=OutcomesErrorCode.UNCHANGED)
    facts_changed = [k for k in changed if k not in ("evidence_reference", "evidence_file")]
    if outcome.status == Outcome.Status.CONFIRMED and facts_changed:
        outcome.status = Outcome.Status.PROPOSED
        outcome.verified_by = None
        outcome.verified_at = None
    stored = ""
    try:
        with transaction.atomic():
            outcome.full_clean()
            stored = _evidence_attach(outcome, evidence_file, file_type)
            _bump_version(outcome, expected_version)
            outcome.save()
            _revision_add(actor=actor, outcome=outcome, change="updated", note=note)
            event_record(actor=actor, verb="outcome.updated", target=outcome, fields=changed)
    except BaseException:
        files.private_delete(stored)  # no file without its row
        raise
    return outcome


def outcome_confirm(*, actor: Actor, outcome: Outcome, expected_version: int) -> Outcome:
    """Staff verify the outcome against its evidence; only confirmed outcomes count."""
    if not policies.can_confirm_outcome(actor, outcome):
        raise PermissionDenied
    if outcome.status == Outcome.Status.CONFIRMED:
        raise ValidationError(
            _("This outcome is already confirmed."), code=OutcomesErrorCode.ALREADY_CONFIRMED
        )
    if outcome.outcome_type not in NO_EVIDENCE_TYPES and not outcome.has_evidence:
        raise ValidationError(
            _("Attach the evidence (a file or a reference) before confirming this outcome."),
            code=OutcomesErrorCode.EVIDENCE_REQUIRED,
        )
    outcome.status = Outcome.Status.CONFIRMED
    outcome.verified_by = actor.user
    outcome.verified_at = timezone.now()
    with transaction.atomic():
        outcome.full_clean()
        _bump_version(outcome, expected_version)
        outcome.save()
        _revision_add(actor=actor, outcome=outcome, change="confirmed")
        event_record(actor=actor, verb="outcome.confirmed", target=outcome)
    return outcome


def outcome_reject(
    *, actor: Actor, outcome: Outcome, expected_version: int, reason: str
) -> Outcome:
    if not policies.can_confirm_outcome(actor, outcome):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the outcome is rejected.")}, code=OutcomesErrorCode.REQUIRED
        )
    validate_free_text(reason=reason)
    outcome.status = Outcome.Status.REJECTED
    outcome.verified_by = None
    outcome.verified_at = None
    with transaction.atomic():
        _bump_version(outcome, expected_version)
        outcome.save()
        _revision_add(actor=actor, outcome=outcome, change="rejected", note=reason.strip())
        event_record(actor=actor, verb="outcome.rejected", target=outcome, reason=reason.strip())
    return outcome


def intent_record(
    *, actor: Actor, trainee: Trainee, intent: str, recorded_on: dt.date
) -> EnrolmentIntent:
    """The intent stated at enrolment (CIRR). Corrections are allowed and logged."""
    if not policies.can_record_outcome(actor, trainee):
        raise PermissionDenied
    if intent not in EnrolmentIntent.Intent.values:
        raise ValidationError(_("Unknown intent."), code=OutcomesErrorCode.INVALID_INTENT)
    with transaction.atomic():
        row, created = EnrolmentIntent.objects.select_for_update().get_or_create(
            trainee=trainee,
            defaults={"intent": intent, "recorded_on": recorded_on, "recorded_by": actor.user},
        )
        previous = None if created else row.intent
        if not created:
            row.intent, row.recorded_on, row.recorded_by = intent, recorded_on, actor.user
            row.full_clean()
            row.save()
        event_record(
            actor=actor, verb="intent.recorded", target=trainee, intent=intent, previous=previous
        )
    return row


# --- start-up teams -------------------------------------------------------------------------


def startup_team_create(
    *, actor: Actor, operator_id: int, name: str, idea: str, trainee_ids: list[int]
) -> StartupTeam:
    if not policies.can_create_startup_team(actor):
        raise PermissionDenied
    if not (actor.program_staff or operator_id in actor.staff_operator_ids):
        own = Trainee.objects.filter(pk__in=actor.trainee_ids, course__operator_id=operator_id)
        if not own.exists():
            raise PermissionDenied
    members = list(Trainee.objects.filter(pk__in=trainee_ids, course__operator_id=operator_id))
    if len(members) != len(set(trainee_ids)):
        raise ValidationError(
            _("Every member must be a trainee of the team's training operator."),
            code=OutcomesErrorCode.MEMBER_OPERATOR,
        )
    acting_as_trainee = actor.is_trainee and not (actor.program_staff or actor.staff_operator_ids)
    if acting_as_trainee and not set(actor.trainee_ids) & {m.pk for m in members}:
        raise ValidationError(
            _("A trainee creating a team must be one of its members."),
            code=OutcomesErrorCode.SELF_MEMBER,
        )
    team = StartupTeam(operator_id=operator_id, name=name.strip(), idea=idea.strip())
    today = timezone.localdate()
    with transaction.atomic():
        team.full_clean()
        team.save()
        for member in members:
            StartupMember.objects.create(team=team, trainee=member, joined_on=today)
        event_record(
            actor=actor, verb="startup_team.created", target=team, members=[m.pk for m in members]
        )
    return team


def startup_team_update(
    *, actor: Actor, team: StartupTeam, idea: str, stage: str, mentor_id: int | None = None
) -> StartupTeam:
    if not policies.can_edit_startup_team(actor, team):
        raise PermissionDenied
    if stage == StartupTeam.Stage.REGISTERED and team.stage != stage:
        raise ValidationError(
            _("Record the business registration to mark the company as registered."),
            code=OutcomesErrorCode.USE_REGISTRATION,
        )
    team.idea, team.stage = idea.strip(), stage
    if mentor_id is not None and policies.can_manage_startup_team(actor, team):
        team.mentor_id = mentor_id
    with transaction.atomic():
        team.full_clean()
        team.save()
        event_record(actor=actor, verb="startup_team.updated", target=team, stage=stage)
    return team


def startup_team_register(
    *, actor: Actor, team: StartupTeam, business_number: str, registered_on: dt.date
) -> list[Outcome]:
    """Record the business registration (the evidence of a founded company) and propose a
    "started a company" outcome for each member, for staff to confirm."""
    if not policies.can_manage_startup_team(actor, team):
        raise PermissionDenied
    team.business_number = korean.business_number_normalize(business_number)
    team.registered_on = registered_on
    team.stage = StartupTeam.Stage.REGISTERED
    reference = _("Business registration %(number)s (%(date)s)") % {
        "number": korean.format_business_number(team.business_number),
        "date": korean.format_date(registered_on),
    }
    proposed = []
    with transaction.atomic():
        team.full_clean()
        team.save()
        for member in team.members.select_related("trainee__course"):
            exists = Outcome.objects.filter(
                trainee=member.trainee,
                startup_team=team,
                outcome_type=OutcomeType.STARTUP,
            ).exists()
            if exists:
                continue
            outcome = Outcome(
                trainee=member.trainee,
                outcome_type=OutcomeType.STARTUP,
                source=Outcome.Source.STARTUP_TEAM,
                start_date=registered_on,
                company_name=team.name,
                startup_team=team,
                insurance=Outcome._meta.get_field("insurance").default,
                in_city=True,
                evidence_reference=reference,
            )
            outcome.full_clean()
            outcome.save()
            _revision_add(actor=actor, outcome=outcome, change="proposed_by_registration")
            proposed.append(outcome)
        event_record(
            actor=actor,
            verb="startup_team.registered",
            target=team,
            business_number=team.business_number,
            registered_on=registered_on,
            proposed=[o.pk for o in proposed],
        )
    return proposed
