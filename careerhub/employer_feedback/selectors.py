"""Reads of employer feedback, scoped by who asks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, QuerySet

from careerhub.academy.models import Course
from careerhub.core.actors import Actor
from careerhub.employer_feedback import policies
from careerhub.employer_feedback.models import HireFeedback, SkillRating
from careerhub.hiring.models import PostingSkill


def min_answers() -> int:
    """Fewest ratings a course × skill cell needs before its average is shown
    (``FEEDBACK_MIN_ANSWERS``, default 3): below it one hire could be singled out."""
    return max(1, int(getattr(settings, "FEEDBACK_MIN_ANSWERS", 3)))


def feedback_list_for(*, actor: Actor) -> QuerySet[HireFeedback]:
    """The company's feedback requests: unanswered first, then the newest."""
    return policies.feedback_visible_to(actor).order_by("answered_at", "-due_on", "-pk")


def posting_skills_of(*, feedback: HireFeedback) -> list[PostingSkill]:
    """The skills the hire's posting asked for, required first: what the employer rates."""
    return list(
        PostingSkill.objects.filter(posting_id=feedback.application.posting_id)
        .select_related("skill")
        .order_by("-required", "skill__name_ko", "pk")
    )


@dataclass(frozen=True)
class Cell:
    skill: str
    answers: int
    average: float | None  # None: fewer than ``min_answers()`` ratings, hidden


@dataclass(frozen=True)
class CourseSummary:
    course: Course
    answered: int  # hires of the course whose employer answered
    cells: list[Cell]


def feedback_summary(*, actor: Actor) -> list[CourseSummary]:
    """Per course the actor may see and per skill rated: how many ratings and their average,
    hidden (``average`` None) below ``min_answers()``. No names, no comments: aggregates
    only, never one trainee's rating."""
    courses = list(policies.summary_courses_for(actor).order_by("-cohort__number", "name"))
    if not courses:
        return []
    by_id = {c.pk: c for c in courses}
    least = min_answers()
    answered = dict(
        HireFeedback.objects.filter(
            answered_at__isnull=False, application__trainee__course_id__in=list(by_id)
        )
        .values_list("application__trainee__course_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells: dict[int, list[Cell]] = defaultdict(list)
    for course_id, name_ko, name_en, n, avg in (
        SkillRating.objects.filter(
            feedback__answered_at__isnull=False,
            feedback__application__trainee__course_id__in=list(by_id),
        )
        .values_list(
            "feedback__application__trainee__course_id", "skill__name_ko", "skill__name_en"
        )
        .annotate(n=Count("pk"), avg=Avg("rating"))
        .order_by("feedback__application__trainee__course_id", "-n", "skill__name_ko")
    ):
        shown = round(float(avg), 1) if n >= least else None
        cells[course_id].append(Cell(skill=name_ko or name_en, answers=n, average=shown))
    return [
        CourseSummary(course=c, answered=int(answered.get(c.pk, 0)), cells=cells.get(c.pk, []))
        for c in courses
        if answered.get(c.pk)
    ]
