"""Reads of the recruitment flow, always scoped by who asks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from careerhub.academy.models import Cohort, Course, Trainee
from careerhub.core.actors import Actor
from careerhub.intake import policies
from careerhub.intake.models import (
    Application,
    ApplicationChoice,
    ScreeningScore,
    SelectionOverride,
    SelectionRun,
)
from careerhub.intake.services import window_for

Outcome = ApplicationChoice.Outcome


@dataclass(frozen=True)
class Funnel:
    label: str
    applications: int
    screened: int
    selected: int
    enrolled: int
    dropped: int
    completed: int
    capacity: int
    course_id: int | None = None

    @property
    def stages(self) -> list[tuple[str, int]]:
        return [
            ("applications", self.applications),
            ("screened", self.screened),
            ("selected", self.selected),
            ("enrolled", self.enrolled),
            ("dropped", self.dropped),
            ("completed", self.completed),
        ]


def _active_choices(cohort: Cohort) -> QuerySet[ApplicationChoice]:
    return ApplicationChoice.objects.filter(
        application__cohort=cohort, application__withdrawn_at__isnull=True
    )


def funnel_for(*, actor: Actor, cohort: Cohort) -> tuple[Funnel, list[Funnel]]:
    """The cohort's funnel (only over the actor's courses for operator staff) and one funnel
    per course: applications naming the course, fully screened, selected (holding or having
    taken a place), enrolled (trainees ever enrolled), dropped out, completed."""
    courses = list(
        policies.screenable_courses_for(actor)
        .filter(cohort=cohort)
        .order_by("operator__name", "name")
    )
    course_ids = [c.pk for c in courses]
    choices = _active_choices(cohort).filter(course_id__in=course_ids)
    per_course = {
        row["course_id"]: row
        for row in choices.values("course_id").annotate(
            applications=Count("pk"),
            screened=Count("pk", filter=Q(total_score__isnull=False)),
            selected=Count("pk", filter=Q(outcome__in=[Outcome.SELECTED, Outcome.ENROLLED])),
        )
    }
    trainees = {
        row["course_id"]: row
        for row in Trainee.objects.filter(course_id__in=course_ids)
        .values("course_id")
        .annotate(
            enrolled=Count("pk"),
            dropped=Count("pk", filter=Q(status=Trainee.Status.DROPPED)),
            completed=Count("pk", filter=Q(status=Trainee.Status.COMPLETED)),
        )
    }
    rows = []
    for course in courses:
        c, t = per_course.get(course.pk, {}), trainees.get(course.pk, {})
        rows.append(
            Funnel(
                label=f"{course.operator} · {course.name}",
                course_id=course.pk,
                capacity=course.capacity,
                applications=c.get("applications", 0),
                screened=c.get("screened", 0),
                selected=c.get("selected", 0),
                enrolled=t.get("enrolled", 0),
                dropped=t.get("dropped", 0),
                completed=t.get("completed", 0),
            )
        )
    # people, not choices: an applicant naming two courses counts once (one query for all three)
    people = choices.aggregate(
        applications=Count("application_id", distinct=True),
        screened=Count("application_id", distinct=True, filter=Q(total_score__isnull=False)),
        selected=Count(
            "application_id",
            distinct=True,
            filter=Q(outcome__in=[Outcome.SELECTED, Outcome.ENROLLED]),
        ),
    )
    totals = Funnel(
        label=str(cohort),
        capacity=sum(c.capacity for c in courses),
        applications=people["applications"],
        screened=people["screened"],
        selected=people["selected"],
        enrolled=sum(r.enrolled for r in rows),
        dropped=sum(r.dropped for r in rows),
        completed=sum(r.completed for r in rows),
    )
    return totals, rows


def cohort_list_for(*, actor: Actor) -> list[tuple[Cohort, object, Funnel]]:
    return [
        (cohort, window_for(cohort), funnel_for(actor=actor, cohort=cohort)[0])
        for cohort in policies.cohorts_visible_to(actor).order_by("-number")
    ]


def latest_run(cohort: Cohort) -> SelectionRun | None:
    return SelectionRun.objects.filter(cohort=cohort).order_by("-run_at", "-pk").first()


def published_run(cohort: Cohort) -> SelectionRun | None:
    return SelectionRun.objects.filter(cohort=cohort, published_at__isnull=False).first()


def course_choice_list_for(
    *, actor: Actor, course: Course, query: str = "", outcome: str = ""
) -> QuerySet[ApplicationChoice]:
    """The applicants who chose ``course``, best screening total first."""
    qs = (
        policies.choices_visible_to(actor)
        .filter(course=course, application__withdrawn_at__isnull=True)
        .prefetch_related(
            Prefetch("scores", queryset=ScreeningScore.objects.select_related("stage")),
            Prefetch(
                "overrides",
                queryset=SelectionOverride.objects.filter(revoked_at__isnull=True),
                to_attr="active_overrides",
            ),
        )
    )
    if query:
        qs = qs.filter(
            Q(application__name__icontains=query) | Q(application__receipt_number__icontains=query)
        )
    if outcome in Outcome.values:
        qs = qs.filter(outcome=outcome)
    return qs.order_by(
        "waitlist_position",
        "-total_score",
        "application__submitted_at",
        "application__receipt_seq",
    )


def application_detail_for(*, actor: Actor, application_id: object) -> tuple[Application, list]:
    """One application and the choices the actor may see (the view records the access)."""
    application = policies.application_get_for(actor, application_id)
    choices = list(
        policies.choices_visible_to(actor)
        .filter(application=application)
        .prefetch_related(
            Prefetch(
                "scores", queryset=ScreeningScore.objects.select_related("stage", "recorded_by")
            ),
            Prefetch(
                "overrides",
                queryset=SelectionOverride.objects.select_related("created_by", "revoked_by"),
            ),
            "course__screening_stages",
        )
        .order_by("rank")
    )
    return application, choices


@dataclass(frozen=True)
class ApplicantChoiceView:
    rank: int
    course: Course
    outcome: str | None  # None until results are published
    outcome_label: str
    waitlist_position: int | None


def applicant_view(application: Application) -> tuple[list[ApplicantChoiceView], bool]:
    """What the applicant sees of their choices: outcomes only after publication."""
    published = published_run(application.cohort) is not None
    rows = []
    for choice in application.choices.select_related("course__operator").order_by("rank"):
        rows.append(
            ApplicantChoiceView(
                rank=choice.rank,
                course=choice.course,
                outcome=choice.outcome if published else None,
                outcome_label=str(choice.get_outcome_display()) if published else "",
                waitlist_position=choice.waitlist_position if published else None,
            )
        )
    return rows, published


def held_choice(application: Application) -> ApplicationChoice | None:
    if published_run(application.cohort) is None:
        return None
    return application.choices.filter(outcome=Outcome.SELECTED).select_related("course").first()


def open_cohorts() -> list[tuple[Cohort, object]]:
    """Cohorts with an application window, newest first, with the window's state now."""
    cohorts = Cohort.objects.filter(application_closes_at__isnull=False).order_by("-number")
    return [(c, window_for(c)) for c in cohorts]


def stage_weights_total(course: Course) -> Decimal:
    return sum((s.weight for s in course.screening_stages.all()), Decimal(0))
