"""Writes on cohorts and their courses: the program office starts the next cohort.

A cohort has a number (4기), a training period, an optional application window (모집 기간)
and optional planned seats; its courses belong to one operator each, within the cohort's
training period and seats. Whether a cohort takes applications is decided in one place,
``Cohort.application_window_state`` (intake opens and closes recruitment by moving the same
two moments). Every write is checked in full before anything is saved, and leaves an event.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy import policies
from careerhub.academy.errors import AcademyErrorCode
from careerhub.academy.models import Cohort, Course
from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied

COHORT_FIELDS = (
    "number",
    "training_start",
    "training_end",
    "application_opens_at",
    "application_closes_at",
    "capacity",
    "employment_target",
)
COURSE_FIELDS = ("operator", "name", "track_role", "capacity", "start_date", "end_date")


def _error(field: str, message: str, code: AcademyErrorCode) -> tuple[str, ValidationError]:
    return field, ValidationError(message, code=code)


def _raise(errors: list[tuple[str, ValidationError]]) -> None:
    if errors:
        collected: dict[str, list[ValidationError]] = {}
        for field, error in errors:
            collected.setdefault(field, []).append(error)
        raise ValidationError(collected)


def _seats_taken(cohort: Cohort, *, without: Course | None = None) -> int:
    if cohort.pk is None:
        return 0
    courses = cohort.courses.all()
    if without is not None and without.pk is not None:
        courses = courses.exclude(pk=without.pk)
    return courses.aggregate(total=Sum("capacity"))["total"] or 0


def _cohort_errors(cohort: Cohort, *, before: dict[str, Any] | None) -> list[tuple[str, Any]]:
    errors = []
    if (
        cohort.number is not None
        and Cohort.objects.filter(number=cohort.number).exclude(pk=cohort.pk).exists()
    ):
        errors.append(
            _error(
                "number",
                _("Cohort %(number)s already exists. Choose another number.")
                % {"number": cohort.number},
                AcademyErrorCode.COHORT_NUMBER_TAKEN,
            )
        )
    if before is not None and cohort.number != before["number"]:
        opened = before["application_opens_at"] is not None and (
            before["application_opens_at"] <= timezone.now()
        )
        if opened or cohort.courses.filter(trainees__isnull=False).exists():
            errors.append(
                _error(
                    "number",
                    _(
                        "The number cannot change once applications have opened or trainees "
                        "are enrolled: receipts and records already carry it."
                    ),
                    AcademyErrorCode.COHORT_NUMBER_LOCKED,
                )
            )
    start, end = cohort.training_start, cohort.training_end
    if start and end and end <= start:
        errors.append(
            _error(
                "training_end",
                _("Training must end after it starts."),
                AcademyErrorCode.DATES_ORDER,
            )
        )
    opens, closes = cohort.application_opens_at, cohort.application_closes_at
    if (opens is None) != (closes is None):
        field = "application_closes_at" if closes is None else "application_opens_at"
        errors.append(
            _error(
                field,
                _("Give both when applications open and when they close, or neither."),
                AcademyErrorCode.WINDOW_INCOMPLETE,
            )
        )
    elif opens and closes:
        if closes <= opens:
            errors.append(
                _error(
                    "application_closes_at",
                    _("Applications must close after they open."),
                    AcademyErrorCode.DATES_ORDER,
                )
            )
        elif start and timezone.localdate(closes) >= start:
            errors.append(
                _error(
                    "application_closes_at",
                    _("Applications must close before training starts (%(start)s).")
                    % {"start": korean.format_date(start)},
                    AcademyErrorCode.WINDOW_AFTER_TRAINING,
                )
            )
    if cohort.pk is not None and start and end:
        outside = [
            c.name
            for c in cohort.courses.order_by("name")
            if c.start_date < start or c.end_date > end
        ]
        if outside:
            errors.append(
                _error(
                    "training_start",
                    _(
                        "These courses run outside the new training period: %(courses)s. "
                        "Change their dates first."
                    )
                    % {"courses": ", ".join(outside)},
                    AcademyErrorCode.COURSE_OUTSIDE_COHORT,
                )
            )
    taken = _seats_taken(cohort)
    if cohort.capacity is not None and cohort.capacity < taken:
        errors.append(
            _error(
                "capacity",
                _("The courses already hold %(seats)s seats; plan at least that many.")
                % {"seats": taken},
                AcademyErrorCode.OVER_COHORT_CAPACITY,
            )
        )
    return errors


def cohort_save(*, actor: Actor, cohort: Cohort | None, data: Mapping[str, Any]) -> Cohort:
    """Create a cohort (``cohort`` None) or change one: number, training period, application
    window (both moments or neither, closing before training starts), planned seats and
    employment-rate target. All is checked before anything is written."""
    if not policies.can_manage_cohorts(actor):
        raise PermissionDenied
    created = cohort is None
    cohort = Cohort() if cohort is None else Cohort.objects.get(pk=cohort.pk)
    before = {f: getattr(cohort, f) for f in COHORT_FIELDS}
    for field in COHORT_FIELDS:
        if field in data:
            setattr(cohort, field, data[field])
    if cohort.training_start:
        cohort.year = cohort.training_start.year
    _raise(_cohort_errors(cohort, before=None if created else before))
    with transaction.atomic():
        cohort.full_clean()
        cohort.save()
        changed = {
            f: getattr(cohort, f)
            for f in COHORT_FIELDS
            if created or getattr(cohort, f) != before[f]
        }
        event_record(
            actor=actor,
            verb="cohort.created" if created else "cohort.updated",
            target=cohort,
            **changed,
        )
    return cohort


def _course_errors(course: Course, *, before: dict[str, Any] | None) -> list[tuple[str, Any]]:
    cohort = course.cohort
    errors = []
    if (
        course.operator_id
        and course.name
        and Course.objects.filter(cohort=cohort, operator_id=course.operator_id, name=course.name)
        .exclude(pk=course.pk)
        .exists()
    ):
        errors.append(
            _error(
                "name",
                _("This operator already has a course of that name in %(cohort)s.")
                % {"cohort": cohort},
                AcademyErrorCode.COURSE_NAME_TAKEN,
            )
        )
    start, end = course.start_date, course.end_date
    if start and end and end <= start:
        errors.append(
            _error(
                "end_date", _("A course must end after it starts."), AcademyErrorCode.DATES_ORDER
            )
        )
    for field, day in (("start_date", start), ("end_date", end)):
        if day and not cohort.training_start <= day <= cohort.training_end:
            errors.append(
                _error(
                    field,
                    _("Choose a date within the cohort's training period (%(start)s–%(end)s).")
                    % {
                        "start": korean.format_date(cohort.training_start),
                        "end": korean.format_date(cohort.training_end),
                    },
                    AcademyErrorCode.COURSE_OUTSIDE_COHORT,
                )
            )
    if course.pk is not None and before is not None:
        enrolled = course.trainees.count()
        if course.capacity is not None and course.capacity < enrolled:
            errors.append(
                _error(
                    "capacity",
                    _("%(count)s trainees are already enrolled; the capacity cannot be lower.")
                    % {"count": enrolled},
                    AcademyErrorCode.CAPACITY_BELOW_ENROLLED,
                )
            )
        if course.operator_id != before["operator_id"] and enrolled:
            errors.append(
                _error(
                    "operator",
                    _("The course has trainees; its training operator cannot change."),
                    AcademyErrorCode.COURSE_OPERATOR_LOCKED,
                )
            )
    if cohort.capacity is not None and course.capacity:
        free = cohort.capacity - _seats_taken(cohort, without=course)
        if course.capacity > free:
            errors.append(
                _error(
                    "capacity",
                    _(
                        "%(cohort)s plans %(seats)s seats and %(free)s are still free; "
                        "lower the capacity or raise the cohort's seats."
                    )
                    % {"cohort": cohort, "seats": cohort.capacity, "free": max(free, 0)},
                    AcademyErrorCode.OVER_COHORT_CAPACITY,
                )
            )
    return errors


def course_save(
    *, actor: Actor, cohort: Cohort, course: Course | None, data: Mapping[str, Any]
) -> Course:
    """Create a course of ``cohort`` (``course`` None) or change one: operator, name, track
    role, capacity and dates, within the cohort's training period and planned seats."""
    if not policies.can_manage_cohorts(actor):
        raise PermissionDenied
    created = course is None
    if course is None:
        course = Course(cohort=cohort)
    else:
        course = Course.objects.select_related("cohort").get(pk=course.pk, cohort=cohort)
    before = (
        None
        if created
        else {"operator_id": course.operator_id} | {f: getattr(course, f) for f in COURSE_FIELDS}
    )
    for field in COURSE_FIELDS:
        if field in data:
            setattr(course, field, data[field])
    _raise(_course_errors(course, before=before))
    with transaction.atomic():
        course.full_clean()
        course.save()
        changed = {
            f: str(getattr(course, f)) if f in ("operator", "track_role") else getattr(course, f)
            for f in COURSE_FIELDS
            if created or getattr(course, f) != before[f]  # type: ignore[index]
        }
        event_record(
            actor=actor,
            verb="course.created" if created else "course.updated",
            target=course,
            cohort=cohort.number,
            **changed,
        )
    return course
