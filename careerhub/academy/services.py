"""Writes on trainees: profile, skills, consents and status — each with its event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy import hooks, policies
from careerhub.academy.errors import AcademyErrorCode
from careerhub.academy.models import (
    Assessment,
    AssessmentScore,
    Consent,
    Course,
    DataRequest,
    PortfolioLink,
    Project,
    ProjectMember,
    Trainee,
    TraineeSkill,
    TraineeStatusChange,
)
from careerhub.accounts.services import user_erase
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.core.validators import validate_free_text

if TYPE_CHECKING:
    from careerhub.accounts.models import User

PROFILE_FIELDS = ("phone", "available_from", "desired_regions", "introduction")


def trainee_enrol(
    *,
    actor: Actor,
    course: Course,
    name: str,
    email: str,
    enrolled_on: dt.date,
    phone: str = "",
    birth_date: dt.date | None = None,
    user: User | None = None,
    desired_regions: Sequence[str] = (),
    desired_role_ids: Iterable[int] = (),
    introduction: str = "",
    skills: Mapping[int, int] | None = None,
    links: Sequence[tuple[str, str]] = (),
    consents: Mapping[str, dt.datetime] | None = None,
    consent_version: str = "",
    reason: str = "",
    reference: str = "",
) -> Trainee:
    """Enrol a new trainee in ``course``: the trainee with their skills (skill id → level
    1–5), portfolio links (label, address), the consents they gave (purpose → when) and the
    first row of their status history. The course's track role is always a desired role.
    ``reference`` names where the enrolment came from (e.g. an application's receipt number)
    and is kept in the history and the event. All or nothing: bad input writes nothing."""
    if not policies.can_edit_course(actor, course):
        raise PermissionDenied
    skills = dict(skills or {})
    consents = dict(consents or {})
    if any(not 1 <= int(level) <= 5 for level in skills.values()):
        raise ValidationError(
            {
                "skills": ValidationError(
                    _("Skill levels run from 1 to 5."), code=AcademyErrorCode.INVALID_LEVEL
                )
            }
        )
    if set(consents) - set(Consent.Purpose.values):
        raise ValidationError(
            {
                "consents": ValidationError(
                    _("Unknown consent purpose."), code=AcademyErrorCode.INVALID_PURPOSE
                )
            }
        )
    trainee = Trainee(
        course=course,
        user=user,
        name=name.strip(),
        email=email.strip(),
        phone=phone,
        birth_date=birth_date,
        enrolled_on=enrolled_on,
        desired_regions=list(desired_regions),
        introduction=introduction,
    )
    with transaction.atomic():
        trainee.full_clean()
        trainee.save()
        trainee.desired_roles.set({course.track_role_id, *desired_role_ids})
        for skill_id, level in skills.items():
            row = TraineeSkill(trainee=trainee, skill_id=skill_id, level=int(level))
            row.full_clean(validate_constraints=False)
            row.save()
        for label, url in links:
            link = PortfolioLink(trainee=trainee, label=label, url=url)
            link.full_clean()
            link.save()
        for purpose, granted_at in consents.items():
            consent = Consent(trainee=trainee, purpose=purpose, granted_at=granted_at)
            if consent_version:
                consent.version = consent_version
            consent.full_clean(validate_constraints=False)
            consent.save()
        history = TraineeStatusChange(
            trainee=trainee,
            from_status="",
            to_status=Trainee.Status.ENROLLED,
            effective_on=enrolled_on,
            reason=reason.strip(),
            actor=actor.user,
        )
        history.full_clean()
        history.save()
        event_record(
            actor=actor,
            verb="trainee.enrolled",
            target=trainee,
            course=course.pk,
            reference=reference,
            skills=sorted(skills),
            consents=sorted(consents),
        )
    return trainee


def trainee_user_link(*, actor: Actor, trainee: Trainee, user: User) -> Trainee:
    """Give a trainee record without a login the login ``user`` (who has none yet)."""
    if not policies.can_edit_course(actor, trainee.course):
        raise PermissionDenied
    if trainee.user_id is not None:
        raise ValidationError(
            _("This trainee already has a login."), code=AcademyErrorCode.HAS_LOGIN
        )
    trainee.user = user
    with transaction.atomic():
        trainee.full_clean()
        trainee.save(update_fields=["user", "updated_at"])
        event_record(actor=actor, verb="trainee.user_linked", target=trainee, user=user.pk)
    return trainee


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
            trainee_skills_verify(trainee_ids=[trainee.pk])  # evidence outlives an edit
            changed["skills"] = dict(sorted(skills.items()))
        event_record(
            actor=actor, verb="trainee.profile_updated", target=trainee, fields=sorted(changed)
        )
    return trainee


def _skills_replace(*, trainee: Trainee, skills: Mapping[int, int]) -> None:
    for level in skills.values():
        if not 1 <= int(level) <= 5:
            raise ValidationError(
                _("Skill levels run from 1 to 5."), code=AcademyErrorCode.INVALID_LEVEL
            )
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
    base_url: str = "",
    notes: list[str] | None = None,
) -> Trainee:
    """Mark a trainee completed, dropped out, or back to enrolled (a correction, with reason).

    A dropout runs the ``hooks.trainee_dropped`` receivers (e.g. intake offers a week-one
    dropout's place to the waitlist) in the same transaction, with ``actor``'s rights: if one
    refuses or fails, the dropout is not recorded either. Their messages for the person are
    appended to ``notes``; ``base_url`` is where links in their emails point."""
    if not policies.can_change_trainee_status(actor, trainee):
        raise PermissionDenied
    validate_free_text(reason=reason)
    if status not in Trainee.Status.values:
        raise ValidationError(_("Unknown status."), code=AcademyErrorCode.INVALID_STATUS)
    if status == trainee.status:
        raise ValidationError(
            _("The trainee already has this status."), code=AcademyErrorCode.STATUS_UNCHANGED
        )
    if status == Trainee.Status.DROPPED and not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for dropping out.")},
            code=AcademyErrorCode.REASON_REQUIRED,
        )
    if status == Trainee.Status.ENROLLED and not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the status is being corrected.")},
            code=AcademyErrorCode.REASON_REQUIRED,
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
        if status == Trainee.Status.DROPPED:
            messages = hooks.trainee_dropped_send(
                actor=actor,
                dropped=hooks.TraineeDropped(
                    trainee_id=trainee.pk,
                    course_id=trainee.course_id,
                    dropped_on=effective_on,
                    base_url=base_url,
                ),
            )
            if notes is not None:
                notes.extend(messages)
    return trainee


def consent_set(*, actor: Actor, trainee: Trainee, purpose: str, granted: bool) -> Consent | None:
    """Grant or withdraw one purpose's consent. Only the trainee decides their own consent.

    What a withdrawal stops is written in ``academy.consents``; it takes effect at once
    because every rule reads the consent rows. Withdrawing consent to collection files an
    erasure request for the program office to decide (unless one is already waiting)."""
    if trainee.pk not in actor.trainee_ids:
        raise PermissionDenied
    if purpose not in Consent.Purpose.values:
        raise ValidationError(_("Unknown consent purpose."), code=AcademyErrorCode.INVALID_PURPOSE)
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
            if purpose == Consent.Purpose.COLLECTION:
                _erasure_request_file(actor=actor, trainee=trainee)
        event_record(
            actor=actor,
            verb="consent.granted" if granted else "consent.withdrawn",
            target=trainee,
            purpose=purpose,
        )
    return active


# --- evidence: projects, assessments and verified skills ------------------------------------


def project_save(
    *,
    actor: Actor,
    course: Course,
    data: Mapping[str, object],
    skill_ids: Iterable[int],
    members: Mapping[int, str],
    project: Project | None = None,
) -> Project:
    """Create or change a project; ``members`` maps trainee id → role in the team. Members
    must be trainees of the course."""
    if not policies.can_manage_evidence(actor, course):
        raise PermissionDenied
    project = project or Project(course=course)
    if project.course_id != course.pk:
        raise PermissionDenied
    outsiders = set(members) - set(course.trainees.values_list("pk", flat=True))
    if outsiders:
        raise ValidationError(
            {
                "members": ValidationError(
                    _("Team members must be trainees of the course."),
                    code=AcademyErrorCode.MEMBER_NOT_IN_COURSE,
                )
            }
        )
    for field in (
        "company",
        "team_name",
        "topic",
        "mentor_name",
        "mentor_title",
        "starts_on",
        "ends_on",
    ):
        if field in data:
            setattr(project, field, data[field])
    with transaction.atomic():
        project.full_clean()
        project.save()
        project.skills.set(list(skill_ids))
        project.memberships.exclude(trainee_id__in=list(members)).delete()
        for trainee_id, role in members.items():
            ProjectMember.objects.update_or_create(
                project=project, trainee_id=trainee_id, defaults={"role": role}
            )
        event_record(actor=actor, verb="project.saved", target=project, members=sorted(members))
        trainee_skills_verify(trainee_ids=project.memberships.values_list("trainee_id", flat=True))
    return project


def project_evaluate(
    *,
    actor: Actor,
    project: Project,
    score: int,
    comment: str,
    evaluated_by: str,
    evaluated_on: dt.date,
) -> Project:
    """Record the company's evaluation. A passing evaluation verifies the project's skills
    for every team member."""
    if not policies.can_evaluate_project(actor, project):
        raise PermissionDenied
    if not 0 <= int(score) <= 100:
        raise ValidationError(
            {
                "evaluation_score": ValidationError(
                    _("Enter a score from 0 to 100."), code=AcademyErrorCode.SCORE_OUT_OF_RANGE
                )
            }
        )
    project.evaluation_score = int(score)
    project.evaluation_comment = comment.strip()
    project.evaluated_by = evaluated_by.strip()
    project.evaluated_on = evaluated_on
    with transaction.atomic():
        project.full_clean()
        project.save()
        event_record(actor=actor, verb="project.evaluated", target=project, score=int(score))
        trainee_skills_verify(trainee_ids=project.memberships.values_list("trainee_id", flat=True))
    return project


def assessment_create(
    *, actor: Actor, course: Course, data: Mapping[str, object], skill_ids: Iterable[int]
) -> Assessment:
    if not policies.can_manage_evidence(actor, course):
        raise PermissionDenied
    assessment = Assessment(
        course=course,
        **{k: data[k] for k in ("kind", "title", "held_on", "max_score", "pass_score")},
    )
    skill_ids = list(skill_ids)
    if not skill_ids:
        raise ValidationError(
            {
                "skills": ValidationError(
                    _("Name the skills this assessment proves."), code=AcademyErrorCode.NO_SKILLS
                )
            }
        )
    with transaction.atomic():
        assessment.full_clean()
        assessment.save()
        assessment.skills.set(skill_ids)
        event_record(actor=actor, verb="assessment.created", target=assessment)
    return assessment


def assessment_scores_record(
    *, actor: Actor, assessment: Assessment, scores: Mapping[int, int | None]
) -> None:
    """Record (or clear, with None) trainees' scores; passing verifies the skills assessed."""
    if not policies.can_manage_evidence(actor, assessment.course):
        raise PermissionDenied
    roster = set(assessment.course.trainees.values_list("pk", flat=True))
    errors = []
    for trainee_id, score in scores.items():
        if trainee_id not in roster:
            raise ValidationError(
                _("Scores are for trainees of the course."), code=AcademyErrorCode.NOT_IN_COURSE
            )
        if score is not None and not 0 <= int(score) <= assessment.max_score:
            errors.append(_("Scores run from 0 to %(max)d.") % {"max": assessment.max_score})
    if errors:
        raise ValidationError(errors[0], code=AcademyErrorCode.SCORE_OUT_OF_RANGE)
    with transaction.atomic():
        for trainee_id, score in scores.items():
            if score is None:
                AssessmentScore.objects.filter(
                    assessment=assessment, trainee_id=trainee_id
                ).delete()
            else:
                AssessmentScore.objects.update_or_create(
                    assessment=assessment,
                    trainee_id=trainee_id,
                    defaults={"score": int(score), "recorded_by": actor.user},
                )
        event_record(
            actor=actor,
            verb="assessment.scores_recorded",
            target=assessment,
            scores={str(k): v for k, v in scores.items()},
        )
        trainee_skills_verify(trainee_ids=list(scores))


def trainee_skills_verify(*, trainee_ids: Iterable[int]) -> None:
    """Recompute which skills of these trainees are verified: a skill assessed by a passed
    assessment, or applied in a project the company evaluated as passing. A verified skill the
    trainee had not listed is added at level 3; a skill whose evidence is gone is unverified."""
    trainee_ids = list(trainee_ids)
    proofs: dict[tuple[int, int], list[str]] = {}
    for row in (
        AssessmentScore.objects.filter(trainee_id__in=trainee_ids)
        .select_related("assessment")
        .prefetch_related("assessment__skills")
    ):
        if row.passed:
            for skill in row.assessment.skills.all():
                proofs.setdefault((row.trainee_id, skill.pk), []).append(
                    f"{row.assessment.title} {row.score}/{row.assessment.max_score}"
                )
    for member in (
        ProjectMember.objects.filter(trainee_id__in=trainee_ids)
        .select_related("project__company")
        .prefetch_related("project__skills")
    ):
        project = member.project
        if project.passed:
            for skill in project.skills.all():
                proofs.setdefault((member.trainee_id, skill.pk), []).append(
                    f"{project.company.name} · {project.topic} {project.evaluation_score}/100"
                )
    existing = {
        (s.trainee_id, s.skill_id): s
        for s in TraineeSkill.objects.filter(trainee_id__in=trainee_ids)
    }
    for key, row in existing.items():
        evidence = "; ".join(proofs.get(key, []))[:300]
        if row.verified != bool(evidence) or row.evidence != evidence:
            row.verified, row.evidence = bool(evidence), evidence
            row.save(update_fields=["verified", "evidence"])
    TraineeSkill.objects.bulk_create(
        TraineeSkill(
            trainee_id=trainee_id,
            skill_id=skill_id,
            level=TraineeSkill.Level.INTERMEDIATE,
            verified=True,
            evidence="; ".join(texts)[:300],
        )
        for (trainee_id, skill_id), texts in proofs.items()
        if (trainee_id, skill_id) not in existing
    )


# --- data-subject rights: correction and erasure requests, anonymisation ---------------------

ANONYMISED_NAME = "삭제된 교육생 #{pk}"  # stored data, not a UI string: the same in every language
ANONYMISED_EMAIL = "erased-{pk}@erased.invalid"


def _erasure_request_file(*, actor: Actor, trainee: Trainee) -> DataRequest | None:
    if trainee.data_requests.filter(
        kind=DataRequest.Kind.ERASURE, status=DataRequest.Status.PENDING
    ).exists():
        return None
    request = DataRequest(
        trainee=trainee,
        kind=DataRequest.Kind.ERASURE,
        source=DataRequest.Source.CONSENT_WITHDRAWN,
        reason=_("Consent to the collection and use of personal data was withdrawn."),
        requested_by=actor.user,
    )
    request.full_clean(validate_constraints=False)
    request.save()
    event_record(
        actor=actor, verb="data_request.filed", target=request, request_kind=request.kind, auto=True
    )
    return request


def data_request_create(
    *, actor: Actor, trainee: Trainee, kind: str, reason: str, fields: str = ""
) -> DataRequest:
    """The trainee asks for correction (``fields``: which data; ``reason``: what is wrong) or
    erasure (``reason``: why). One pending request of each kind at a time."""
    if not policies.can_request_about_own_data(actor, trainee):
        raise PermissionDenied
    if kind not in DataRequest.Kind.values:
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("Unknown kind of request."), code=AcademyErrorCode.INVALID_KIND
                )
            }
        )
    errors = {}
    if not reason.strip():
        errors["reason"] = ValidationError(
            _("Say what is wrong.")
            if kind == DataRequest.Kind.CORRECTION
            else _("Say why the data should be erased."),
            code=AcademyErrorCode.REASON_REQUIRED,
        )
    if kind == DataRequest.Kind.CORRECTION and not fields.strip():
        errors["fields"] = ValidationError(
            _("Name the data to correct."), code=AcademyErrorCode.REASON_REQUIRED
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if (
            DataRequest.objects.select_for_update()
            .filter(trainee=trainee, kind=kind, status=DataRequest.Status.PENDING)
            .exists()
        ):
            raise ValidationError(
                _("A request of this kind is already waiting for a decision."),
                code=AcademyErrorCode.REQUEST_PENDING,
            )
        request = DataRequest(
            trainee=trainee,
            kind=kind,
            fields=fields.strip(),
            reason=reason.strip(),
            requested_by=actor.user,
        )
        request.full_clean(validate_constraints=False)
        request.save()
        event_record(actor=actor, verb="data_request.filed", target=request, request_kind=kind)
    return request


def data_request_decide(
    *, actor: Actor, request: DataRequest, accept: bool, reason: str
) -> DataRequest:
    """Accept or refuse a pending request, with the reason the trainee will read. Accepting an
    erasure anonymises the trainee (``trainee_anonymise``) in the same transaction; an
    accepted correction is then made through the usual profile edit."""
    if not policies.can_decide_data_request(actor, request):
        if not request.is_pending and policies.can_view_data_request(actor, request):
            raise ValidationError(
                _("This request was already decided."), code=AcademyErrorCode.ALREADY_DECIDED
            )
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Give the reason for the decision; the trainee will read it."),
                    code=AcademyErrorCode.REASON_REQUIRED,
                )
            }
        )
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().get(pk=request.pk)
        if not request.is_pending:
            raise ValidationError(
                _("This request was already decided."), code=AcademyErrorCode.ALREADY_DECIDED
            )
        request.status = DataRequest.Status.ACCEPTED if accept else DataRequest.Status.REFUSED
        request.decided_by = actor.user
        request.decided_at = timezone.now()
        request.decision_reason = reason.strip()
        request.full_clean()
        request.save()
        event_record(
            actor=actor,
            verb="data_request.decided",
            target=request,
            request_kind=request.kind,
            status=request.status,
        )
        if accept and request.kind == DataRequest.Kind.ERASURE:
            trainee_anonymise(actor=actor, trainee=request.trainee, reason=reason.strip())
    return request


def is_anonymised(trainee: Trainee) -> bool:
    return trainee.name == ANONYMISED_NAME.format(pk=trainee.pk)


def trainee_anonymise(*, actor: Actor, trainee: Trainee, reason: str) -> Trainee:
    """Erase a trainee's personal data for good — the one place that does it (an accepted
    erasure request and the end of the retention period both call this).

    The name becomes "삭제된 교육생 #<id>"; email, phone, birth date, self-introduction,
    availability, desired regions and roles, and portfolio links are cleared; the login is
    closed, stripped and unlinked; active consents are withdrawn and kept as dated records
    (they hold no personal data). The trainee row stays, with its course, status and dates,
    so outcomes stay as anonymous counts and every employment rate can be recomputed.
    Higher apps clear what they hold through ``hooks.trainee_anonymised``. Irreversible."""
    if not policies.can_anonymise_trainee(actor, trainee):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Give the reason for erasing."), code=AcademyErrorCode.REASON_REQUIRED
                )
            }
        )
    if is_anonymised(trainee):
        raise ValidationError(
            _("This trainee was already anonymised."), code=AcademyErrorCode.ALREADY_ANONYMISED
        )
    now = timezone.now()
    with transaction.atomic():
        user = trainee.user
        trainee.name = ANONYMISED_NAME.format(pk=trainee.pk)
        trainee.email = ANONYMISED_EMAIL.format(pk=trainee.pk)
        trainee.phone = ""
        trainee.birth_date = None
        trainee.introduction = ""
        trainee.available_from = None
        trainee.desired_regions = []
        trainee.user = None
        trainee.full_clean()
        trainee.save()
        trainee.desired_roles.clear()
        trainee.links.all().delete()
        trainee.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        if user is not None:
            user_erase(actor=actor, user=user)
        event_record(actor=actor, verb="trainee.anonymised", target=trainee, reason=reason.strip())
        hooks.trainee_anonymised_send(
            actor=actor,
            anonymised=hooks.TraineeAnonymised(trainee_id=trainee.pk, reason=reason.strip()),
        )
    return trainee
