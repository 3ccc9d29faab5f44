"""Screening by the program office and the course's operator staff: stages, scores and
selection overrides."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from careerhub.academy.models import (
    Cohort,
    Course,
)
from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.core.validators import validate_free_text
from careerhub.intake import clock, policies
from careerhub.intake.errors import IntakeErrorCode
from careerhub.intake.models import (
    ApplicationChoice,
    ScreeningScore,
    ScreeningStage,
    SelectionOverride,
)
from careerhub.intake.services.common import _field_error, _not_published
from careerhub.intake.services.window import window_for

TWO_PLACES = Decimal("0.01")


def _check_course_staff(actor: Actor, course: Course) -> None:
    if not policies.can_screen_course(actor, course):
        raise PermissionDenied


def _screening_open(cohort: Cohort) -> None:
    """Screening starts when applications close (choices may change until then)."""
    if window_for(cohort).state in ("upcoming", "open"):
        raise ValidationError(
            _("Screening starts after the application deadline (%(deadline)s).")
            % {"deadline": korean.format_datetime(cohort.application_closes_at)},
            code=IntakeErrorCode.WINDOW_OPEN,
        )


def stage_save(
    *, actor: Actor, course: Course, data: Mapping[str, object], stage: ScreeningStage | None = None
) -> ScreeningStage:
    """Create or change one screening stage of a course."""
    _check_course_staff(actor, course)
    _not_published(course.cohort_id)
    stage = stage or ScreeningStage(course=course)
    if stage.course_id != course.pk:
        raise PermissionDenied
    for field in ("kind", "name", "order", "weight", "max_score", "min_score"):
        if field in data:
            setattr(stage, field, data[field])
    if stage.pk and stage.scores.filter(score__gt=stage.max_score).exists():
        raise _field_error(
            "max_score",
            _("Some recorded scores are above this maximum."),
            IntakeErrorCode.SCORES_ABOVE,
        )
    with transaction.atomic():
        stage.full_clean()
        stage.save()
        event_record(
            actor=actor,
            verb="screening.stage_saved",
            target=stage,
            course=course.pk,
            weight=stage.weight,
            max_score=stage.max_score,
            min_score=stage.min_score,
        )
    return stage


def stage_delete(*, actor: Actor, stage: ScreeningStage) -> None:
    _check_course_staff(actor, stage.course)
    _not_published(stage.course.cohort_id)
    if stage.scores.exists():
        raise ValidationError(
            _("Scores were recorded in this stage; it cannot be removed."),
            code=IntakeErrorCode.STAGE_IN_USE,
        )
    with transaction.atomic():
        event_record(actor=actor, verb="screening.stage_deleted", target=stage, name=stage.name)
        stage.delete()


def scores_record(
    *,
    actor: Actor,
    choice: ApplicationChoice,
    scores: Mapping[int, Decimal | None],
    note: str = "",
) -> list[ScreeningScore]:
    """Record (or clear, with None) the scores of one applicant in a course's stages."""
    course = choice.course
    _check_course_staff(actor, course)
    _screening_open(course.cohort)
    _not_published(course.cohort_id)
    stages = {s.pk: s for s in course.screening_stages.all()}
    errors = {}
    for stage_id, value in scores.items():
        stage = stages.get(stage_id)
        if stage is None:
            raise ValidationError(_("Unknown screening stage."), code=IntakeErrorCode.UNKNOWN_STAGE)
        if value is not None and not (0 <= value <= stage.max_score):
            errors[f"stage_{stage_id}"] = _("%(stage)s: enter a score from 0 to %(max)s.") % {
                "stage": stage.name,
                "max": _plain(stage.max_score),
            }
    if errors:
        raise ValidationError(errors, code=IntakeErrorCode.SCORE_OUT_OF_RANGE)
    validate_free_text(note=note)
    written = []
    with transaction.atomic():
        for stage_id, value in scores.items():
            if value is None:
                ScreeningScore.objects.filter(choice=choice, stage_id=stage_id).delete()
                continue
            row, _created = ScreeningScore.objects.update_or_create(
                choice=choice,
                stage_id=stage_id,
                defaults={"score": value, "recorded_by": actor.user, "note": note.strip()},
            )
            written.append(row)
        event_record(
            actor=actor,
            verb="screening.scores_recorded",
            target=choice,
            application=choice.application_id,
            scores={str(k): v for k, v in scores.items()},
        )
    return written


def total_score(stages: Iterable[ScreeningStage], scores: Mapping[int, Decimal]) -> Decimal | None:
    """Σ weight × score / maximum over the course's stages; None until every stage is scored."""
    total = Decimal(0)
    for stage in stages:
        if stage.pk not in scores:
            return None
        total += stage.weight * scores[stage.pk] / stage.max_score
    return total.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def passes_minimums(stages: Iterable[ScreeningStage], scores: Mapping[int, Decimal]) -> bool:
    return all(scores.get(s.pk, Decimal(-1)) >= s.min_score for s in stages)


def override_set(
    *, actor: Actor, choice: ApplicationChoice, kind: str, reason: str
) -> SelectionOverride:
    """Select an applicant ahead of the ranking, or exclude them, with a recorded reason."""
    _check_course_staff(actor, choice.course)
    _screening_open(choice.course.cohort)
    _not_published(choice.course.cohort_id)
    if kind not in SelectionOverride.Kind.values:
        raise ValidationError(_("Unknown override."), code=IntakeErrorCode.INVALID_OVERRIDE)
    if not reason.strip():
        raise _field_error(
            "reason", _("Give the reason for the override."), IntakeErrorCode.REASON_REQUIRED
        )
    now = clock.now()
    with transaction.atomic():
        previous = (
            SelectionOverride.objects.select_for_update()
            .filter(choice=choice, revoked_at__isnull=True)
            .first()
        )
        if previous is not None:
            previous.revoked_at = now
            previous.revoked_by = actor.user
            previous.save(update_fields=["revoked_at", "revoked_by"])
        override = SelectionOverride(
            choice=choice, kind=kind, reason=reason.strip(), created_by=actor.user
        )
        override.full_clean()
        override.save()
        event_record(
            actor=actor,
            verb="selection.override_set",
            target=choice,
            override=kind,
            reason=override.reason,
            replaced=previous.pk if previous else None,
        )
    return override


def override_revoke(*, actor: Actor, override: SelectionOverride) -> SelectionOverride:
    _check_course_staff(actor, override.choice.course)
    _not_published(override.choice.course.cohort_id)
    if override.revoked_at is None:
        with transaction.atomic():
            override.revoked_at = clock.now()
            override.revoked_by = actor.user
            override.save(update_fields=["revoked_at", "revoked_by"])
            event_record(
                actor=actor,
                verb="selection.override_revoked",
                target=override.choice,
                override=override.kind,
                reason=override.reason,
            )
    return override


def _plain(value) -> str:
    """100 rather than 1E+2 or 100.00."""
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
