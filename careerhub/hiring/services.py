"""Writes on hiring demand and postings. The time of the request decides the deadline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.companies.models import Company
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.hiring import policies
from careerhub.hiring.errors import HiringErrorCode
from careerhub.hiring.models import (
    POSTING_TRANSITIONS,
    DemandLine,
    DemandResponse,
    DemandRevision,
    DemandSkill,
    JobPosting,
    PostingSkill,
    PostingStatus,
    SurveyRound,
)


def _invalid(field: str | None, message: str, code: HiringErrorCode) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


@dataclass(frozen=True)
class SkillWant:
    """A skill a line or posting asks for: the skill's id, required or preferred, level."""

    skill_id: int
    required: bool = True
    level: int | None = 3


# --- rounds ----------------------------------------------------------------------------------


def survey_round_save(
    *,
    actor: Actor,
    data: Mapping[str, object],
    survey_round: SurveyRound | None = None,
) -> SurveyRound:
    """Open a round, or change one (e.g. move its deadline)."""
    if not policies.can_manage_rounds(actor):
        raise PermissionDenied
    survey_round = survey_round or SurveyRound(created_by=actor.user)
    for field in ("title", "description", "opens_at", "closes_at"):
        if field in data:
            setattr(survey_round, field, data[field])
    opens, closes = survey_round.opens_at, survey_round.closes_at
    if opens and closes and closes <= opens:
        raise _invalid(
            "closes_at",
            _("The deadline must be after the opening time."),
            HiringErrorCode.DEADLINE_ORDER,
        )
    with transaction.atomic():
        survey_round.full_clean()
        created = survey_round.pk is None
        survey_round.save()
        event_record(
            actor=actor,
            verb="survey_round.opened" if created else "survey_round.changed",
            target=survey_round,
            closes_at=survey_round.closes_at.isoformat(),
        )
    return survey_round


# --- demand ----------------------------------------------------------------------------------


def _check_open(survey_round: SurveyRound, now: dt.datetime) -> None:
    status = survey_round.status_at(now)
    if status == SurveyRound.Status.UPCOMING:
        raise _invalid(
            None, _("This survey round is not open yet."), HiringErrorCode.ROUND_NOT_OPEN
        )
    if status == SurveyRound.Status.CLOSED:
        raise _invalid(
            None,
            _("The deadline of this survey round has passed; demand can no longer be changed."),
            HiringErrorCode.ROUND_CLOSED,
        )


def demand_response_get_or_create(
    *, actor: Actor, survey_round: SurveyRound, company: Company
) -> DemandResponse:
    if not policies.can_answer_for_company(actor, company):
        raise PermissionDenied
    response, _created = DemandResponse.objects.get_or_create(round=survey_round, company=company)
    return response


def demand_snapshot(response: DemandResponse) -> list[dict[str, object]]:
    lines = response.lines.select_related("role").prefetch_related("skills__skill").order_by("pk")
    return [
        {
            "line": line.pk,
            "role": line.role.code,
            "role_name": line.role.name_ko,
            "headcount": line.headcount,
            "earliest_month": line.earliest_month.strftime("%Y-%m"),
            "latest_month": line.latest_month.strftime("%Y-%m"),
            "employment_type": line.employment_type,
            "region": line.region,
            "salary_min": line.salary_min,
            "salary_max": line.salary_max,
            "preferential_screening": line.preferential_screening,
            "note": line.note,
            "skills": [
                {
                    "skill": s.skill.code,
                    "name": s.skill.name_ko,
                    "required": s.required,
                    "level": s.level,
                }
                for s in line.skills.all()
            ],
        }
        for line in lines
    ]


def _revise(
    *, actor: Actor, response: DemandResponse, action: str, now: dt.datetime
) -> DemandRevision:
    last = response.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    revision = DemandRevision.objects.create(
        response=response,
        number=last + 1,
        action=action,
        saved_by=actor.user,
        saved_at=now,
        snapshot=demand_snapshot(response),
    )
    response.save(update_fields=["updated_at"])
    event_record(
        actor=actor,
        verb=f"demand.{action}",
        target=response,
        revision=revision.number,
        company=response.company_id,
    )
    return revision


LINE_FIELDS = (
    "role",
    "headcount",
    "earliest_month",
    "latest_month",
    "employment_type",
    "region",
    "salary_min",
    "salary_max",
    "preferential_screening",
    "note",
)


def _first_of_month(value: dt.date) -> dt.date:
    return value.replace(day=1)


def demand_line_save(
    *,
    actor: Actor,
    response: DemandResponse,
    data: Mapping[str, object],
    skills: Sequence[SkillWant],
    line: DemandLine | None = None,
    now: dt.datetime | None = None,
) -> DemandLine:
    """Add or change one demand line; the whole answer is kept as a new revision."""
    if not policies.can_view_response(actor, response):
        raise PermissionDenied
    if line is not None and line.response_id != response.pk:
        raise PermissionDenied
    now = now or timezone.now()
    _check_open(response.round, now)
    line = line or DemandLine(response=response)
    for field in LINE_FIELDS:
        if field in data:
            setattr(line, field, data[field])
    if line.earliest_month:
        line.earliest_month = _first_of_month(line.earliest_month)
    if line.latest_month:
        line.latest_month = _first_of_month(line.latest_month)
    if line.earliest_month and line.latest_month and line.latest_month < line.earliest_month:
        raise _invalid(
            "latest_month",
            _("The last month of the hiring window is before its first month."),
            HiringErrorCode.WINDOW_ORDER,
        )
    if line.salary_min and line.salary_max and line.salary_max < line.salary_min:
        raise _invalid(
            "salary_max",
            _("The top of the salary band is below its bottom."),
            HiringErrorCode.SALARY_ORDER,
        )
    if len({s.skill_id for s in skills}) != len(skills):
        raise _invalid(None, _("A skill is listed twice."), HiringErrorCode.DUPLICATE_SKILL)
    created = line.pk is None
    with transaction.atomic():
        response = DemandResponse.objects.select_for_update().get(pk=response.pk)
        line.full_clean(exclude=["response"])
        line.save()
        line.skills.all().delete()
        DemandSkill.objects.bulk_create(
            [
                DemandSkill(line=line, skill_id=s.skill_id, required=s.required, level=s.level or 3)
                for s in skills
            ]
        )
        _revise(
            actor=actor,
            response=response,
            action=DemandRevision.Action.LINE_ADDED
            if created
            else DemandRevision.Action.LINE_CHANGED,
            now=now,
        )
    return line


def demand_line_delete(*, actor: Actor, line: DemandLine, now: dt.datetime | None = None) -> None:
    response = line.response
    if not policies.can_view_response(actor, response):
        raise PermissionDenied
    now = now or timezone.now()
    _check_open(response.round, now)
    with transaction.atomic():
        response = DemandResponse.objects.select_for_update().get(pk=response.pk)
        line.delete()
        _revise(actor=actor, response=response, action=DemandRevision.Action.LINE_REMOVED, now=now)


def demand_submit(
    *, actor: Actor, response: DemandResponse, now: dt.datetime | None = None
) -> DemandResponse:
    """Submit (or submit again after changes) before the deadline."""
    if not policies.can_view_response(actor, response):
        raise PermissionDenied
    now = now or timezone.now()
    _check_open(response.round, now)
    with transaction.atomic():
        response = DemandResponse.objects.select_for_update().get(pk=response.pk)
        if not response.lines.exists():
            raise _invalid(
                None, _("Add at least one role before submitting."), HiringErrorCode.EMPTY_RESPONSE
            )
        response.status = DemandResponse.Status.SUBMITTED
        response.submitted_at = now
        response.submitted_by = actor.user
        response.full_clean()
        response.save()
        _revise(actor=actor, response=response, action=DemandRevision.Action.SUBMITTED, now=now)
    return response


# --- postings ---------------------------------------------------------------------------------

POSTING_FIELDS = (
    "title",
    "description",
    "role",
    "employment_type",
    "region",
    "headcount",
    "deadline",
)


def _set_posting_skills(posting: JobPosting, skills: Sequence[SkillWant]) -> None:
    posting.skills.all().delete()
    PostingSkill.objects.bulk_create(
        [
            PostingSkill(posting=posting, skill_id=s.skill_id, required=s.required, level=s.level)
            for s in skills
        ]
    )


def posting_save(
    *,
    actor: Actor,
    company: Company,
    data: Mapping[str, object],
    skills: Sequence[SkillWant],
    posting: JobPosting | None = None,
    demand_line: DemandLine | None = None,
) -> JobPosting:
    """Write a posting (a draft when new) for ``company``, directly or from a demand line."""
    if posting is None and not policies.can_post_for_company(actor, company):
        raise PermissionDenied
    if posting is not None and not policies.can_edit_posting(actor, posting):
        raise PermissionDenied
    if demand_line is not None and demand_line.response.company_id != company.pk:
        raise PermissionDenied
    if len({s.skill_id for s in skills}) != len(skills):
        raise _invalid(None, _("A skill is listed twice."), HiringErrorCode.DUPLICATE_SKILL)
    created = posting is None
    posting = posting or JobPosting(
        company=company,
        created_by=actor.user,
        source=JobPosting.Source.DEMAND if demand_line else JobPosting.Source.DIRECT,
        demand_line=demand_line,
    )
    previous_deadline = None if created else posting.deadline
    for field in POSTING_FIELDS:
        if field in data:
            setattr(posting, field, data[field])
    # A deadline that is written (new, or moved) must not lie in the past; an old posting
    # whose deadline passed can still have its text corrected.
    if posting.deadline != previous_deadline and posting.deadline < timezone.localdate():
        raise _invalid(
            "deadline",
            _("The application deadline cannot be in the past."),
            HiringErrorCode.DEADLINE_PAST,
        )
    with transaction.atomic():
        posting.full_clean()
        posting.save()
        _set_posting_skills(posting, skills)
        event_record(
            actor=actor,
            verb="posting.created" if created else "posting.updated",
            target=posting,
            company=company.pk,
        )
    return posting


def posting_draft_from_demand(*, actor: Actor, line: DemandLine) -> JobPosting:
    """A draft posting carrying over a demand line's role, headcount, region and skills."""
    company = line.response.company
    role = line.role
    end = line.latest_month
    deadline = max(end - dt.timedelta(days=1), timezone.localdate() + dt.timedelta(days=14))
    return posting_save(
        actor=actor,
        company=company,
        demand_line=line,
        data={
            "title": _("%(role)s (%(n)d people)") % {"role": role.name_ko, "n": line.headcount},
            "description": line.note,
            "role": role,
            "employment_type": line.employment_type,
            "region": line.region,
            "headcount": line.headcount,
            "deadline": deadline,
        },
        skills=[SkillWant(s.skill_id, s.required, s.level) for s in line.skills.all()],
    )


def posting_status_change(
    *, actor: Actor, posting: JobPosting, to_status: str, now: dt.datetime | None = None
) -> JobPosting:
    if not policies.can_edit_posting(actor, posting):
        raise PermissionDenied
    now = now or timezone.now()
    if to_status not in POSTING_TRANSITIONS.get(posting.status, frozenset()):
        raise _invalid(
            "status",
            _("A posting cannot go from %(from)s to %(to)s.")
            % {
                "from": PostingStatus(posting.status).label,
                "to": PostingStatus(to_status).label
                if to_status in PostingStatus.values
                else to_status,
            },
            HiringErrorCode.POSTING_TRANSITION_NOT_ALLOWED,
        )
    if to_status == PostingStatus.OPEN:
        if posting.needs_review:
            raise _invalid(
                "status",
                _("This imported posting must be reviewed before it is published."),
                HiringErrorCode.REVIEW_PENDING,
            )
        if posting.role_id is None:
            raise _invalid(
                "role", _("Choose a role before publishing."), HiringErrorCode.ROLE_MISSING
            )
        if posting.deadline < timezone.localdate(now):
            raise _invalid(
                "deadline",
                _("The deadline has passed; move it before publishing."),
                HiringErrorCode.DEADLINE_PAST,
            )
    with transaction.atomic():
        previous = posting.status
        posting.status = to_status
        if to_status == PostingStatus.OPEN and posting.published_at is None:
            posting.published_at = now
        posting.full_clean()
        posting.save()
        event_record(
            actor=actor,
            verb="posting.status_changed",
            target=posting,
            from_status=previous,
            to_status=to_status,
        )
    return posting


def posting_review(
    *,
    actor: Actor,
    posting: JobPosting,
    role_id: int,
    skills: Sequence[SkillWant],
    publish: bool,
    now: dt.datetime | None = None,
) -> JobPosting:
    """A staff member confirms (or corrects) an imported posting's role and skills; with
    ``publish`` it opens at once."""
    if not policies.review_queue_for(actor).filter(pk=posting.pk).exists():
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        posting.role_id = role_id
        posting.needs_review = False
        posting.reviewed_by = actor.user
        posting.reviewed_at = now
        posting.full_clean()
        posting.save()
        _set_posting_skills(posting, skills)
        event_record(actor=actor, verb="posting.reviewed", target=posting, role=role_id)
        if publish:
            posting_status_change(
                actor=actor, posting=posting, to_status=PostingStatus.OPEN, now=now
            )
    return posting
