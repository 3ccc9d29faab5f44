"""Reads of courses and trainees, always scoped by who asks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from careerhub.academy import policies
from careerhub.academy.consents import WITHDRAWAL_EFFECTS
from careerhub.academy.models import (
    Cohort,
    Consent,
    Course,
    Project,
    Trainee,
    TraineeSkill,
    TrainingOperator,
)
from careerhub.core import privacy_catalogue as catalogue
from careerhub.core.actors import Actor


def trainee_list_for(
    *,
    actor: Actor,
    query: str = "",
    course_id: int | None = None,
    cohort_id: int | None = None,
    status: str = "",
) -> QuerySet[Trainee]:
    qs = policies.trainees_visible_to(actor)
    if query:
        rule = Q(name__icontains=query)
        if actor.program_staff or actor.operator_ids:
            rule |= Q(email__icontains=query)  # others may not probe who owns an address
        qs = qs.filter(rule)
    if course_id:
        qs = qs.filter(course_id=course_id)
    if cohort_id:
        qs = qs.filter(course__cohort_id=cohort_id)
    if status:
        qs = qs.filter(status=status)
    if actor.recruiter_company_ids and not (actor.program_staff or actor.operator_ids):
        # Companies see first the consenting trainees with a project a company rated passing.
        passed = Project.objects.filter(
            memberships__trainee=OuterRef("pk"), evaluation_score__gte=Project.PASS_SCORE
        )
        return qs.annotate(has_project=Exists(passed)).order_by(
            "-has_project", "-course__cohort__number", "name", "pk"
        )
    return qs.order_by("-course__cohort__number", "name", "pk")


def trainee_detail_for(*, actor: Actor, trainee_id: object) -> Trainee:
    """Load one trainee's profile (the view records the access: core.access.record_access)."""
    return policies.trainee_get_for(actor, trainee_id)


@dataclass(frozen=True)
class ConsentState:
    purpose: str
    label: str
    notice: str
    required: bool
    active: bool
    withdrawal_effect: str = ""


CONSENT_NOTICES = {
    # (the notice, required?) — the wording and the periods come from the one catalogue the
    # privacy policy reads too, so the two cannot disagree.
    Consent.Purpose.COLLECTION: (catalogue.notice_lazy(catalogue.TRAINEES), True),
    Consent.Purpose.PROVISION_OPERATOR: (
        catalogue.notice_lazy(catalogue.TRAINEES_TO_OPERATORS),
        True,
    ),
    Consent.Purpose.PROVISION_COMPANIES: (
        catalogue.notice_lazy(catalogue.TRAINEES_TO_COMPANIES),
        False,
    ),
}


def consent_state_for(*, trainee: Trainee) -> list[ConsentState]:
    active = {c.purpose for c in trainee.consents.all() if c.is_active}
    return [
        ConsentState(
            purpose=purpose,
            label=str(label),
            notice=str(CONSENT_NOTICES[purpose][0]),
            required=CONSENT_NOTICES[purpose][1],
            active=purpose in active,
            withdrawal_effect=str(WITHDRAWAL_EFFECTS[purpose]),
        )
        for purpose, label in Consent.Purpose.choices
    ]


def course_list_for(*, actor: Actor, cohort_id: int | None = None) -> QuerySet[Course]:
    qs = policies.courses_visible_to(actor).annotate(
        enrolled=Count(
            "trainees", filter=Q(trainees__status=Trainee.Status.ENROLLED), distinct=True
        ),
        completed=Count(
            "trainees", filter=Q(trainees__status=Trainee.Status.COMPLETED), distinct=True
        ),
        dropped=Count("trainees", filter=Q(trainees__status=Trainee.Status.DROPPED), distinct=True),
    )
    if cohort_id:
        qs = qs.filter(cohort_id=cohort_id)
    return qs.order_by("-cohort__number", "operator__name", "name")


def cohort_list() -> QuerySet[Cohort]:
    return Cohort.objects.order_by("-number")


def operator_list_for(*, actor: Actor) -> QuerySet[TrainingOperator]:
    qs = TrainingOperator.objects.annotate(partner_count=Count("partnerships", distinct=True))
    if actor.program_staff or actor.committee:
        return qs
    return qs.filter(pk__in=actor.operator_ids)


def verified_skill_codes(*, trainee_ids: list[int]) -> dict[int, frozenset[str]]:
    """Skill codes each trainee has proven (assessment or evaluated project), for the
    matching engine to weigh: plain data, no models."""
    result: dict[int, set[str]] = {t: set() for t in trainee_ids}
    for trainee_id, code in TraineeSkill.objects.filter(
        trainee_id__in=trainee_ids, verified=True
    ).values_list("trainee_id", "skill__code"):
        result[trainee_id].add(code)
    return {t: frozenset(codes) for t, codes in result.items()}


def trainee_evidence(*, trainee: Trainee, include_scores: bool) -> dict[str, list]:
    """Projects (with the company's evaluation) and, for staff and the trainee, assessment
    scores: what stands behind the verified skills."""
    projects = list(
        Project.objects.filter(memberships__trainee=trainee)
        .select_related("company")
        .order_by("-starts_on")
    )
    scores = (
        list(
            trainee.assessment_scores.select_related("assessment").order_by("-assessment__held_on")
        )
        if include_scores
        else []
    )
    return {"projects": projects, "scores": scores}


# --- data-subject rights: everything held about the trainee, and their requests ------------


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data_for(*, trainee: Trainee) -> dict[str, object]:
    """All personal data careerhub holds about ``trainee`` that the trainee may see, as plain
    JSON-ready data: the profile, skills, portfolio links, consents with their dates, status
    history, assessments and projects, requests about their data, then each higher app's
    section (applications, consulting, outcomes, intake) through ``hooks.personal_data``."""
    from careerhub.academy import hooks

    data: dict[str, object] = {
        "profile": {
            "id": trainee.pk,
            "name": trainee.name,
            "email": trainee.email,
            "phone": trainee.phone,
            "birth_date": _iso(trainee.birth_date),
            "course": str(trainee.course),
            "training_operator": str(trainee.course.operator),
            "status": trainee.get_status_display(),
            "enrolled_on": _iso(trainee.enrolled_on),
            "completed_on": _iso(trainee.completed_on),
            "dropped_on": _iso(trainee.dropped_on),
            "drop_reason": trainee.drop_reason,
            "available_from": _iso(trainee.available_from),
            "desired_roles": [str(r) for r in trainee.desired_roles.all()],
            "desired_regions": trainee.desired_region_labels(),
            "introduction": trainee.introduction,
            "job_consultant": trainee.consultant.name if trainee.consultant else None,
        },
        "skills": [
            {
                "skill": str(s.skill),
                "level": s.level,
                "verified": s.verified,
                "evidence": s.evidence,
            }
            for s in trainee.skills.select_related("skill")
        ],
        "portfolio_links": [{"label": link.label, "url": link.url} for link in trainee.links.all()],
        "consents": [
            {
                "purpose": c.get_purpose_display(),
                "notice_version": c.version,
                "granted_at": _iso(c.granted_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in trainee.consents.order_by("granted_at", "pk")
        ],
        "status_history": [
            {
                "from": c.get_from_status_display(),
                "to": c.get_to_status_display(),
                "effective_on": _iso(c.effective_on),
                "reason": c.reason,
            }
            for c in trainee.status_changes.order_by("at", "pk")
        ],
        "assessments": [
            {
                "assessment": s.assessment.title,
                "held_on": _iso(s.assessment.held_on),
                "score": s.score,
                "max_score": s.assessment.max_score,
            }
            for s in trainee.assessment_scores.select_related("assessment")
        ],
        "projects": [
            {
                "topic": m.project.topic,
                "company": m.project.company.name,
                "role": m.role,
                "evaluation_score": m.project.evaluation_score,
            }
            for m in trainee.project_roles.select_related("project__company")
        ],
        "data_requests": [
            {
                "kind": r.get_kind_display(),
                "fields": r.fields,
                "reason": r.reason,
                "requested_at": _iso(r.requested_at),
                "status": r.get_status_display(),
                "decided_at": _iso(r.decided_at),
                "decision_reason": r.decision_reason,
            }
            for r in trainee.data_requests.order_by("requested_at", "pk")
        ],
    }
    data.update(hooks.personal_data_collect(trainee_id=trainee.pk))
    return data


def own_data_requests_for(*, actor: Actor, trainee: Trainee) -> QuerySet:
    return policies.data_requests_visible_to(actor).filter(trainee=trainee)


def data_request_queue_for(*, actor: Actor, status: str = "") -> QuerySet:
    """Requests the actor may see as staff, waiting ones first, oldest first."""
    from django.db.models import Case, IntegerField, Value, When

    from careerhub.academy.models import DataRequest

    qs = policies.data_requests_visible_to(actor).exclude(trainee_id__in=actor.trainee_ids)
    if status in DataRequest.Status.values:
        qs = qs.filter(status=status)
    return qs.annotate(
        waiting=Case(
            When(status=DataRequest.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("waiting", "requested_at", "pk")


def own_trainee_for(actor: Actor) -> Trainee | None:
    """The signed-in trainee's own record (with its course), or None for anyone else."""
    if not actor.trainee_ids:
        return None
    return policies.trainees_visible_to(actor).filter(pk=min(actor.trainee_ids)).first()
