"""Who may see and screen applicants.

Applicants are personal data given to the program office and to the operators of the
courses the applicant chose (their consent to provision to operators). So:

* the program office sees every application and every choice;
* operator staff see an application only when it chooses one of their courses, and within
  it only the choices of their own courses — never which other operator's course an
  applicant also chose, nor its scores or outcome (the applicant's preference rank of their
  own course is shown: it matters for their screening);
* consultants, recruiters, committee members and trainees see no applicants;
* an applicant sees only their own application, through their signed link (``tokens``).

Each rule is a predicate on one object and the matching queryset, tested to agree.
"""

from __future__ import annotations

from django.db.models import QuerySet

from careerhub.academy.models import Cohort, Course
from careerhub.core.actors import Actor
from careerhub.core.policy import get_visible_or_404
from careerhub.intake.models import (
    Application,
    ApplicationChoice,
    ApplicationImport,
    SelectionOverride,
)


def can_view_intake(actor: Actor) -> bool:
    """Whether the recruitment pages exist for this actor at all."""
    return actor.program_staff or bool(actor.staff_operator_ids)


def can_view_application(actor: Actor, application: Application) -> bool:
    if actor.program_staff:
        return True
    return application.choices.filter(course__operator_id__in=actor.staff_operator_ids).exists()


def applications_visible_to(actor: Actor) -> QuerySet[Application]:
    qs = Application.objects.select_related("cohort")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    if not actor.staff_operator_ids:
        return qs.none()
    return qs.filter(
        pk__in=ApplicationChoice.objects.filter(
            course__operator_id__in=actor.staff_operator_ids
        ).values("application_id")
    )


def application_get_for(actor: Actor, application_id: object) -> Application:
    return get_visible_or_404(applications_visible_to(actor), application_id)


def can_view_choice(actor: Actor, choice: ApplicationChoice) -> bool:
    return actor.program_staff or choice.course.operator_id in actor.staff_operator_ids


def choices_visible_to(actor: Actor) -> QuerySet[ApplicationChoice]:
    qs = ApplicationChoice.objects.select_related(
        "application__cohort", "course__operator", "course__cohort"
    )
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    return qs.filter(course__operator_id__in=actor.staff_operator_ids)


def choice_get_for(actor: Actor, choice_id: object) -> ApplicationChoice:
    return get_visible_or_404(choices_visible_to(actor), choice_id)


def override_get_for(actor: Actor, override_id: object) -> SelectionOverride:
    return get_visible_or_404(
        SelectionOverride.objects.filter(choice__in=choices_visible_to(actor)), override_id
    )


def can_screen_course(actor: Actor, course: Course) -> bool:
    """Record screening stages, scores and overrides: the program office and the course's
    operator staff (consultants do not screen)."""
    return actor.program_staff or course.operator_id in actor.staff_operator_ids


def screenable_courses_for(actor: Actor) -> QuerySet[Course]:
    qs = Course.objects.select_related("operator", "cohort", "track_role")
    if not actor.is_authenticated:
        return qs.none()
    if actor.program_staff:
        return qs.all()
    return qs.filter(operator_id__in=actor.staff_operator_ids)


def screenable_course_get_for(actor: Actor, course_id: object) -> Course:
    return get_visible_or_404(screenable_courses_for(actor), course_id)


def can_run_selection(actor: Actor, cohort: Cohort) -> bool:
    """Placement is cohort-wide (preferences cross operators). Running it changes nothing
    anyone else can see until publication, so any operator with a course in the cohort may."""
    if actor.program_staff:
        return True
    return cohort.courses.filter(operator_id__in=actor.staff_operator_ids).exists()


def can_publish_selection(actor: Actor, cohort: Cohort) -> bool:
    """One announcement for the whole cohort: the program office publishes."""
    return actor.program_staff


def cohorts_visible_to(actor: Actor) -> QuerySet[Cohort]:
    if actor.program_staff:
        return Cohort.objects.all()
    if not actor.staff_operator_ids:
        return Cohort.objects.none()
    return Cohort.objects.filter(courses__operator_id__in=actor.staff_operator_ids).distinct()


def cohort_get_for(actor: Actor, cohort_id: object) -> Cohort:
    return get_visible_or_404(cohorts_visible_to(actor), cohort_id)


def can_manage_recruitment(actor: Actor, cohort: Cohort) -> bool:
    """Open and close a cohort's recruitment by hand: the program office."""
    return actor.program_staff


def can_import_applications(actor: Actor, cohort: Cohort) -> bool:
    """Operators import the applications they collected elsewhere into their own courses."""
    return bool(actor.staff_operator_ids) and can_run_selection(actor, cohort)


def application_imports_visible_to(actor: Actor, cohort: Cohort) -> QuerySet[ApplicationImport]:
    """A cohort's application imports of the operators the actor works for as staff."""
    return ApplicationImport.objects.filter(
        cohort=cohort, operator_id__in=actor.staff_operator_ids
    ).select_related("uploaded_by")


def application_import_get_for(actor: Actor, cohort: Cohort, run_id: object) -> ApplicationImport:
    return get_visible_or_404(application_imports_visible_to(actor, cohort), run_id)
