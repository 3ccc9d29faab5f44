"""Who may see and change operators' courses and trainees.

Each rule is written twice on purpose and tested to agree: as a predicate on one object
(``can_view_trainee``) and as the queryset of everything visible (``trainees_visible_to``),
which list pages and the id getters use.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from careerhub.academy import consents
from careerhub.academy.models import Cohort, Consent, Course, DataRequest, Trainee
from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404

# --- trainees ---------------------------------------------------------------------------


def can_view_trainee(actor: Actor, trainee: Trainee) -> bool:
    if actor.program_staff or trainee.pk in actor.trainee_ids:
        return True
    operator_id = trainee.course.operator_id
    if operator_id in actor.staff_operator_ids:
        return True
    if _is_own_consultant(actor, trainee):
        return True
    if actor.recruiter_company_ids:
        return trainee.has_consent(Consent.Purpose.PROVISION_COMPANIES)
    return False


def _is_own_consultant(actor: Actor, trainee: Trainee) -> bool:
    """The trainee's assigned consultant — while consent to provision to the operator stands
    (a consultant supports employment, which the training contract does not require)."""
    return (
        trainee.course.operator_id in actor.consultant_operator_ids
        and trainee.consultant_id == actor.user_id
        and consents.operator_may_support(trainee)
    )


def can_view_trainee_profile(actor: Actor, trainee: Trainee) -> bool:
    """The employment profile (desired roles and regions, skills, self-introduction,
    portfolio): the office and the trainee; the operator's staff and consultant while consent
    to provision to the operator stands; companies while consent to provision to companies
    stands (see ``academy.consents``)."""
    if actor.program_staff or trainee.pk in actor.trainee_ids:
        return True
    if trainee.course.operator_id in actor.staff_operator_ids or _is_own_consultant(actor, trainee):
        return consents.operator_may_support(trainee)
    return bool(actor.recruiter_company_ids) and trainee.has_consent(
        Consent.Purpose.PROVISION_COMPANIES
    )


def trainee_profiles_visible_to(actor: Actor) -> QuerySet[Trainee]:
    """The queryset form of ``can_view_trainee_profile`` (tested to agree)."""
    qs = Trainee.objects.all()
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs
    operator_rule = Q(course__operator_id__in=actor.staff_operator_ids)
    if actor.consultant_operator_ids:
        operator_rule |= Q(
            course__operator_id__in=actor.consultant_operator_ids, consultant=actor.user_id
        )
    rule = Q(pk__in=actor.trainee_ids) | (
        operator_rule & ~Q(pk__in=consents.operator_withdrawn_ids())
    )
    if actor.recruiter_company_ids:
        rule |= Q(pk__in=Trainee.objects.consenting_to_companies().values("pk"))
    return qs.filter(rule)


def can_view_trainee_contact(actor: Actor, trainee: Trainee) -> bool:
    """Contact details go to the program office, the trainee's operator and consultant only."""
    if actor.program_staff or trainee.pk in actor.trainee_ids:
        return True
    return trainee.course.operator_id in actor.staff_operator_ids or _is_own_consultant(
        actor, trainee
    )


def can_edit_trainee_profile(actor: Actor, trainee: Trainee) -> bool:
    """The trainee keeps their own profile; staff may correct it."""
    return (
        actor.program_staff
        or trainee.pk in actor.trainee_ids
        or trainee.course.operator_id in actor.staff_operator_ids
    )


def can_change_trainee_status(actor: Actor, trainee: Trainee) -> bool:
    return actor.program_staff or trainee.course.operator_id in actor.staff_operator_ids


def trainees_visible_to(actor: Actor) -> QuerySet[Trainee]:
    qs = Trainee.objects.select_related("course__operator", "course__cohort")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    rule = Q(pk__in=actor.trainee_ids) | Q(course__operator_id__in=actor.staff_operator_ids)
    if actor.consultant_operator_ids:
        rule |= Q(
            course__operator_id__in=actor.consultant_operator_ids, consultant=actor.user_id
        ) & ~Q(pk__in=consents.operator_withdrawn_ids())
    if actor.recruiter_company_ids:
        rule |= Q(pk__in=Trainee.objects.consenting_to_companies().values("pk"))
    return qs.filter(rule).distinct()


def trainee_get_for(actor: Actor, trainee_id: object) -> Trainee:
    return get_visible_or_404(trainees_visible_to(actor), trainee_id)


# --- courses -----------------------------------------------------------------------------


def can_view_course(actor: Actor, course: Course) -> bool:
    if actor.program_staff or actor.committee or course.operator_id in actor.operator_ids:
        return True
    return Trainee.objects.filter(pk__in=actor.trainee_ids, course=course).exists()


def can_edit_course(actor: Actor, course: Course) -> bool:
    return actor.program_staff or course.operator_id in actor.staff_operator_ids


def can_view_course_roster(actor: Actor, course: Course) -> bool:
    """The list of trainees in a course is personal data: office and the operator's staff."""
    return actor.program_staff or course.operator_id in actor.staff_operator_ids


def courses_visible_to(actor: Actor) -> QuerySet[Course]:
    qs = Course.objects.select_related("operator", "cohort", "track_role")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff or actor.committee:
        return qs.all()
    rule = Q(operator_id__in=actor.operator_ids) | Q(trainees__pk__in=actor.trainee_ids)
    return qs.filter(rule).distinct()


def course_get_for(actor: Actor, course_id: object) -> Course:
    return get_visible_or_404(courses_visible_to(actor), course_id)


# --- cohorts: the office starts them; operator staff read the cohorts of their courses ----


def can_manage_cohorts(actor: Actor) -> bool:
    """Create and change cohorts, their courses and their application windows: the office."""
    return actor.program_staff


def can_view_cohort_list(actor: Actor) -> bool:
    """The cohort pages: the office, and operator staff (for the cohorts of their courses)."""
    return actor.program_staff or bool(actor.staff_operator_ids)


def can_view_cohort(actor: Actor, cohort: Cohort) -> bool:
    if actor.program_staff:
        return True
    return cohort.courses.filter(operator_id__in=actor.staff_operator_ids).exists()


def cohorts_visible_to(actor: Actor) -> QuerySet[Cohort]:
    """The queryset form of ``can_view_cohort``."""
    if not actor.is_authenticated:
        return Cohort.objects.none()
    if actor.program_staff:
        return Cohort.objects.all()
    return Cohort.objects.filter(
        pk__in=Course.objects.filter(operator_id__in=actor.staff_operator_ids).values("cohort_id")
    )


def cohort_get_for(actor: Actor, cohort_id: object) -> Cohort:
    return get_visible_or_404(cohorts_visible_to(actor), cohort_id)


def cohort_courses_for(actor: Actor, cohort: Cohort) -> QuerySet[Course]:
    """The courses of ``cohort`` the actor reads: all for the office, their own for staff."""
    qs = cohort.courses.select_related("operator", "track_role")
    if actor.program_staff:
        return qs
    return qs.filter(operator_id__in=actor.staff_operator_ids)


def cohort_course_get_for(actor: Actor, cohort: Cohort, course_id: object) -> Course:
    return get_visible_or_404(cohort_courses_for(actor, cohort), course_id)


# --- evidence: projects and assessments -------------------------------------------------


def can_manage_evidence(actor: Actor, course: Course) -> bool:
    """Create projects and assessments and record scores: the office and the course's staff."""
    return actor.program_staff or course.operator_id in actor.staff_operator_ids


def can_evaluate_project(actor: Actor, project) -> bool:
    """The company evaluates its own project; the operator's staff may enter it for them."""
    return can_manage_evidence(actor, project.course) or (
        project.company_id in actor.recruiter_company_ids
    )


def can_view_project(actor: Actor, project) -> bool:
    """The office, the course's operator (staff and consultants), the partner company — and
    whoever may see the employment profile of one of its members, since that profile lists
    the project (one rule: a recruiter who may read a consenting trainee's profile may open
    its projects; a withdrawn consent closes both)."""
    if actor.program_staff or project.course.operator_id in actor.operator_ids:
        return True
    if project.company_id in actor.recruiter_company_ids:
        return True
    members = project.members.select_related("course")
    return any(can_view_trainee_profile(actor, trainee) for trainee in members)


def projects_visible_to(actor: Actor):
    """The queryset form of ``can_view_project`` (tested to agree)."""
    from careerhub.academy.models import Project, ProjectMember

    qs = Project.objects.select_related("course__operator", "company")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    rule = Q(course__operator_id__in=actor.operator_ids) | Q(
        company_id__in=actor.recruiter_company_ids
    )
    visible_members = ProjectMember.objects.filter(
        trainee__in=trainee_profiles_visible_to(actor)
    ).values("project_id")
    rule |= Q(pk__in=visible_members)
    return qs.filter(rule)


def project_get_for(actor: Actor, project_id: object):
    return get_visible_or_404(projects_visible_to(actor), project_id)


def assessments_visible_to(actor: Actor):
    from careerhub.academy.models import Assessment

    qs = Assessment.objects.select_related("course__operator")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    return qs.filter(course__operator_id__in=actor.staff_operator_ids)


def assessment_get_for(actor: Actor, assessment_id: object):
    return get_visible_or_404(assessments_visible_to(actor), assessment_id)


# --- pages: who may open them at all (views and the navigation ask the same) -------------


def can_view_trainee_list(actor: Actor) -> bool:
    """The trainee list: staff see their trainees, recruiters the talent pool."""
    return actor.program_staff or bool(actor.operator_ids) or bool(actor.recruiter_company_ids)


def is_talent_pool_only(actor: Actor) -> bool:
    """A recruiter (and nothing more) sees the trainee list as the talent pool."""
    return bool(actor.recruiter_company_ids) and not (actor.program_staff or actor.operator_ids)


def can_view_course_list(actor: Actor) -> bool:
    return actor.program_staff or actor.committee or bool(actor.operator_ids or actor.trainee_ids)


def can_manage_own_consents(actor: Actor, trainee: Trainee) -> bool:
    """Only the trainee grants or withdraws their consents; nobody decides for them."""
    return trainee.pk in actor.trainee_ids


def can_view_own_profile(actor: Actor) -> bool:
    return bool(actor.trainee_ids)


# --- data-subject rights: the trainee's own data and their requests ----------------------


def can_download_own_data(actor: Actor, trainee: Trainee) -> bool:
    """Only the trainee downloads everything held about them (staff have their own views)."""
    return trainee.pk in actor.trainee_ids


def can_request_about_own_data(actor: Actor, trainee: Trainee) -> bool:
    """Only the trainee asks for correction or erasure of their data."""
    return trainee.pk in actor.trainee_ids


def can_view_own_data_page(actor: Actor) -> bool:
    return bool(actor.trainee_ids)


def can_view_data_request_queue(actor: Actor) -> bool:
    """The queue of requests: the program office (all), operator staff (their trainees'
    correction requests)."""
    return actor.program_staff or bool(actor.staff_operator_ids)


def can_decide_data_request(actor: Actor, request: DataRequest) -> bool:
    """A pending request: the office decides any; operator staff only their own trainees'
    corrections. Erasure is the controller's (the office's) decision."""
    if not request.is_pending:
        return False
    if actor.program_staff:
        return True
    return (
        request.kind == DataRequest.Kind.CORRECTION
        and request.trainee.course.operator_id in actor.staff_operator_ids
    )


def can_view_data_request(actor: Actor, request: DataRequest) -> bool:
    if actor.program_staff or request.trainee_id in actor.trainee_ids:
        return True
    return (
        request.kind == DataRequest.Kind.CORRECTION
        and request.trainee.course.operator_id in actor.staff_operator_ids
    )


def data_requests_visible_to(actor: Actor) -> QuerySet[DataRequest]:
    """The queryset form of ``can_view_data_request``."""
    qs = DataRequest.objects.select_related(
        "trainee__course__operator", "decided_by", "requested_by"
    )
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    rule = Q(trainee_id__in=actor.trainee_ids) | Q(
        kind=DataRequest.Kind.CORRECTION,
        trainee__course__operator_id__in=actor.staff_operator_ids,
    )
    return qs.filter(rule)


def data_request_get_for(actor: Actor, request_id: object) -> DataRequest:
    return get_visible_or_404(data_requests_visible_to(actor), request_id)


def can_anonymise_trainee(actor: Actor, trainee: Trainee) -> bool:
    """Irreversible erasure: the program office (the controller) only."""
    return actor.program_staff
