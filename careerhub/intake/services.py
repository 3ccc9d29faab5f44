"""Writes of the recruitment flow: apply, screen, select, publish, enrol, move up.

Public actions (apply, change, confirm, respond) have no logged-in actor: they are reached
through a signed link and recorded with ``actor=None``. Staff actions take an ``Actor``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from careerhub.academy.models import (
    Cohort,
    Consent,
    Course,
    PortfolioLink,
    Trainee,
    TraineeSkill,
    TraineeStatusChange,
)
from careerhub.core.actors import Actor
from careerhub.accounts.models import Role, User
from careerhub.accounts.services import membership_grant
from careerhub.core import korean
from careerhub.core.choices import Region
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.intake import clock, notify, policies
from careerhub.intake.models import (
    MAX_CHOICES,
    Application,
    ApplicationChoice,
    ScreeningScore,
    ScreeningStage,
    SelectionOverride,
    SelectionRun,
    email_key,
    name_key,
)
from careerhub.intake.selection import Candidate, place
from careerhub.taxonomy.selectors import skill_resolve

Outcome = ApplicationChoice.Outcome
APPLICANT_FIELDS = (
    "name",
    "birth_date",
    "email",
    "phone",
    "region",
    "education",
    "major",
    "experience",
    "motivation",
    "skills_text",
    "portfolio_url",
)
REFILL_DAYS_AFTER_START = 7
"""A freed place is offered to the waitlist until this many days after the course starts."""
TWO_PLACES = Decimal("0.01")


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """A field's error that keeps its code, also readable as ``exc.code``."""
    error = ValidationError({field: ValidationError(message, code=code)})
    error.code = code
    return error


# --- the application window ----------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    state: str  # "none", "upcoming", "open", "closed"
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def window_for(cohort: Cohort, *, now: dt.datetime | None = None) -> Window:
    """Open from ``application_opens_at`` up to and including ``application_closes_at``;
    the time of the request that arrives decides, not when the form was loaded."""
    now = now or clock.now()
    opens, closes = cohort.application_opens_at, cohort.application_closes_at
    if opens is None or closes is None:
        state = "none"
    elif now < opens:
        state = "upcoming"
    elif now <= closes:
        state = "open"
    else:
        state = "closed"
    return Window(state=state, opens_at=opens, closes_at=closes)


def _window_error(cohort: Cohort) -> ValidationError:
    window = window_for(cohort)
    if window.state == "closed":
        return ValidationError(
            _("Applications for %(cohort)s closed on %(deadline)s. We cannot accept it.")
            % {"cohort": cohort, "deadline": korean.format_datetime(window.closes_at)},
            code="deadline_passed",
        )
    if window.state == "upcoming":
        return ValidationError(
            _("Applications for %(cohort)s open on %(opens)s.")
            % {"cohort": cohort, "opens": korean.format_datetime(window.opens_at)},
            code="not_open",
        )
    return ValidationError(
        _("%(cohort)s is not taking applications.") % {"cohort": cohort}, code="no_window"
    )


# --- applying --------------------------------------------------------------------------------


class DuplicateApplication(ValidationError):
    """The person already applied to this cohort; the existing application keeps everything."""

    def __init__(self, existing: Application):
        super().__init__(
            _(
                "You have already applied to %(cohort)s. We did not create a second "
                "application: we sent the link to view or change your application to the "
                "email address on it."
            )
            % {"cohort": existing.cohort},
            code="duplicate",
        )
        self.existing = existing


def _clean_person(data: Mapping[str, object]) -> dict[str, object]:
    values = {field: data.get(field, "") for field in APPLICANT_FIELDS}
    for field in ("name", "major", "experience", "motivation", "skills_text", "portfolio_url"):
        values[field] = str(values[field] or "").strip()
    values["email"] = str(values["email"] or "").strip().lower()
    values["phone"] = korean.phone_normalize(str(values["phone"] or ""))
    return values


def _choices_check(cohort: Cohort, course_ids: Sequence[int]) -> list[Course]:
    ids = [int(c) for c in course_ids if c]
    if not ids:
        raise _field_error("choices", _("Choose at least one course."), "no_choice")
    if len(ids) > MAX_CHOICES:
        raise _field_error(
            "choices", _("Choose at most %(n)d courses.") % {"n": MAX_CHOICES}, "too_many_choices"
        )
    if len(set(ids)) != len(ids):
        raise _field_error("choices", _("Each course can be chosen only once."), "repeated_choice")
    courses = Course.objects.in_bulk(ids)
    if len(courses) != len(ids) or any(c.cohort_id != cohort.pk for c in courses.values()):
        raise _field_error("choices", _("Choose courses of this cohort."), "unknown_course")
    return [courses[i] for i in ids]


def duplicate_of(
    *, cohort: Cohort, email: str, name: str, birth_date: dt.date, phone: str, exclude_pk=None
) -> Application | None:
    """The application of the same person in ``cohort``: same email, or same name, birth date
    and mobile number."""
    rule = Q(email_key=email_key(email))
    if name and birth_date and phone:
        rule |= Q(
            name_key=name_key(name),
            birth_date=birth_date,
            phone=korean.phone_normalize(phone),
        )
    qs = Application.objects.filter(rule, cohort=cohort)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("pk").first()


def _next_receipt(cohort: Cohort) -> tuple[int, str]:
    last = Application.objects.filter(cohort=cohort).aggregate(m=Max("receipt_seq"))["m"] or 0
    seq = last + 1
    return seq, f"{cohort.year}-{cohort.number:02d}-{seq:05d}"


def _choices_write(application: Application, courses: list[Course]) -> None:
    """Store the ranked choices. Choices only change while applications are open, before
    any screening, so rewriting them loses nothing."""
    wanted = [course.pk for course in courses]
    current = list(application.choices.order_by("rank").values_list("course_id", flat=True))
    if current == wanted:
        return
    application.choices.all().delete()
    ApplicationChoice.objects.bulk_create(
        ApplicationChoice(application=application, course_id=course_id, rank=rank)
        for rank, course_id in enumerate(wanted, start=1)
    )


def application_submit(
    *,
    cohort: Cohort,
    data: Mapping[str, object],
    course_ids: Sequence[int],
    consents: Iterable[str],
    base_url: str,
) -> Application:
    """A person applies through the public form. Refused after the deadline (the time this
    call runs decides), without both consents, or when the same person already applied
    (``DuplicateApplication``; the existing application's owner is sent their link)."""
    if not window_for(cohort).is_open:
        raise _window_error(cohort)
    consents = set(consents)
    missing = {"collection", "provision_operator"} - consents
    if missing:
        raise _field_error(
            "consents", _("Both consents are needed to process an application."), "consent_required"
        )
    values = _clean_person(data)
    courses = _choices_check(cohort, course_ids)
    now = clock.now()
    existing = duplicate_of(
        cohort=cohort, **{k: values[k] for k in ("email", "name", "birth_date", "phone")}
    )
    if existing is not None:
        _duplicate_refuse(existing, base_url)
    try:
        with transaction.atomic():
            Cohort.objects.select_for_update().get(pk=cohort.pk)  # serialise receipt numbers
            seq, number = _next_receipt(cohort)
            application = Application(
                cohort=cohort,
                receipt_seq=seq,
                receipt_number=number,
                consent_collection_at=now,
                consent_provision_at=now,
                submitted_at=now,
                **values,
            )
            application.full_clean(validate_constraints=False)
            application.save()
            _choices_write(application, courses)
            event_record(
                actor=None,
                verb="application.submitted",
                target=application,
                receipt=number,
                courses=[c.pk for c in courses],
            )
            notify.send(application=application, template="submitted", base_url=base_url)
    except IntegrityError:
        # Another request for the same person won the race: answer as for any duplicate.
        existing = duplicate_of(
            cohort=cohort, **{k: values[k] for k in ("email", "name", "birth_date", "phone")}
        )
        if existing is None:
            raise
        _duplicate_refuse(existing, base_url)
    return application


def _duplicate_refuse(existing: Application, base_url: str) -> None:
    with transaction.atomic():
        event_record(actor=None, verb="application.duplicate_refused", target=existing)
        notify.send(application=existing, template="duplicate", base_url=base_url)
    raise DuplicateApplication(existing)


def application_update(
    *,
    application: Application,
    data: Mapping[str, object],
    course_ids: Sequence[int],
    base_url: str,
) -> Application:
    """The applicant changes their application before the deadline. A new email address must
    be confirmed again, and old links stop working."""
    cohort = application.cohort
    if not window_for(cohort).is_open:
        raise _window_error(cohort)
    if not application.is_active:
        raise ValidationError(_("This application was withdrawn."), code="withdrawn")
    values = _clean_person(data)
    courses = _choices_check(cohort, course_ids)
    clash = duplicate_of(
        cohort=cohort,
        exclude_pk=application.pk,
        **{k: values[k] for k in ("email", "name", "birth_date", "phone")},
    )
    if clash is not None:
        raise _field_error(
            "email", _("Another application already uses these details."), "duplicate"
        )
    old_email = application.email
    changed = sorted(k for k, v in values.items() if getattr(application, k) != v)
    for field, value in values.items():
        setattr(application, field, value)
    email_changed = email_key(old_email) != email_key(application.email)
    if email_changed:
        application.email_confirmed_at = None
        application.access_version += 1
    try:
        with transaction.atomic():
            application.full_clean(validate_constraints=False)
            application.save()
            _choices_write(application, courses)
            event_record(
                actor=None,
                verb="application.changed",
                target=application,
                fields=changed,
                courses=[c.pk for c in courses],
            )
            notify.send(application=application, template="changed", base_url=base_url)
            if email_changed:
                notify.send(
                    application=application,
                    template="email_changed",
                    base_url=base_url,
                    to=old_email,
                )
    except IntegrityError:
        raise _field_error(
            "email", _("Another application already uses these details."), "duplicate"
        ) from None
    return application


def application_confirm_email(*, application: Application) -> Application:
    if application.email_confirmed_at is None:
        with transaction.atomic():
            application.email_confirmed_at = clock.now()
            application.save(update_fields=["email_confirmed_at", "updated_at"])
            event_record(actor=None, verb="application.email_confirmed", target=application)
    return application


def application_withdraw(*, application: Application) -> Application:
    """The applicant withdraws before the deadline; the record stays (who applied is history)."""
    if not window_for(application.cohort).is_open:
        raise _window_error(application.cohort)
    if application.withdrawn_at is None:
        with transaction.atomic():
            application.withdrawn_at = clock.now()
            application.save(update_fields=["withdrawn_at", "updated_at"])
            event_record(actor=None, verb="application.withdrawn", target=application)
    return application


def application_link_resend(*, cohort: Cohort, email: str, base_url: str) -> None:
    """Send the access link again. The caller shows the same message whether or not an
    application exists, so nobody learns who applied."""
    application = Application.objects.filter(cohort=cohort, email_key=email_key(email)).first()
    if application is not None:
        with transaction.atomic():
            event_record(actor=None, verb="application.link_resent", target=application)
            notify.send(application=application, template="link", base_url=base_url)


# --- screening --------------------------------------------------------------------------


def _check_course_staff(actor: Actor, course: Course) -> None:
    if not policies.can_screen_course(actor, course):
        raise PermissionDenied


def _published(cohort_id: int) -> bool:
    return SelectionRun.objects.filter(cohort_id=cohort_id, published_at__isnull=False).exists()


def _screening_open(cohort: Cohort) -> None:
    """Screening starts when applications close (choices may change until then)."""
    if window_for(cohort).state in ("upcoming", "open"):
        raise ValidationError(
            _("Screening starts after the application deadline (%(deadline)s).")
            % {"deadline": korean.format_datetime(cohort.application_closes_at)},
            code="window_open",
        )


def _not_published(cohort_id: int) -> None:
    if _published(cohort_id):
        raise ValidationError(
            _("The results are published; screening and selection can no longer change."),
            code="published",
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
            "max_score", _("Some recorded scores are above this maximum."), "scores_above"
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
            _("Scores were recorded in this stage; it cannot be removed."), code="stage_in_use"
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
            raise ValidationError(_("Unknown screening stage."), code="unknown_stage")
        if value is not None and not (0 <= value <= stage.max_score):
            errors[f"stage_{stage_id}"] = _("%(stage)s: enter a score from 0 to %(max)s.") % {
                "stage": stage.name,
                "max": _plain(stage.max_score),
            }
    if errors:
        raise ValidationError(errors, code="score_out_of_range")
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
        raise ValidationError(_("Unknown override."), code="invalid_override")
    if not reason.strip():
        raise _field_error("reason", _("Give the reason for the override."), "reason_required")
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


# --- selection ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SelectionInputs:
    candidates: list[Candidate]
    capacities: dict[int, int]
    ranking: dict[tuple[int, int], tuple]
    totals: dict[tuple[int, int], Decimal]  # (course, application) -> total, when complete
    choice_ids: dict[tuple[int, int], int]  # (course, application) -> choice id


def selection_inputs(*, cohort: Cohort) -> SelectionInputs:
    """What the placement needs, from the database: eligible applicants ranked per course.

    Eligible in a course: the application is active and confirmed (or imported), every stage
    of the course is scored, no stage is below its pass mark, and no active exclusion.
    Ranking: a "select ahead" override first, then total score, then earlier submission.
    """
    courses = list(Course.objects.filter(cohort=cohort).order_by("pk"))
    stages: dict[int, list[ScreeningStage]] = {c.pk: [] for c in courses}
    for stage in ScreeningStage.objects.filter(course__cohort=cohort):
        stages[stage.course_id].append(stage)
    scores: dict[int, dict[int, Decimal]] = {}
    for choice_id, stage_id, score in ScreeningScore.objects.filter(
        choice__application__cohort=cohort
    ).values_list("choice_id", "stage_id", "score"):
        scores.setdefault(choice_id, {})[stage_id] = score
    overrides = dict(
        SelectionOverride.objects.filter(
            choice__application__cohort=cohort, revoked_at__isnull=True
        ).values_list("choice_id", "kind")
    )
    applications = (
        Application.objects.filter(cohort=cohort, withdrawn_at__isnull=True)
        .filter(Q(email_confirmed_at__isnull=False) | Q(source=Application.Source.IMPORT))
        .order_by("receipt_seq")
    )
    by_app: dict[int, list[ApplicationChoice]] = {}
    submitted = {}
    for app in applications:
        submitted[app.pk] = (app.submitted_at, app.receipt_seq)
    for choice in ApplicationChoice.objects.filter(application_id__in=list(submitted)).order_by(
        "application_id", "rank"
    ):
        by_app.setdefault(choice.application_id, []).append(choice)
    ranking, totals, choice_ids = {}, {}, {}
    candidates = []
    for app_id, choices in by_app.items():
        for choice in choices:
            key = (choice.course_id, app_id)
            choice_ids[key] = choice.pk
            course_stages = stages.get(choice.course_id, [])
            got = scores.get(choice.pk, {})
            total = total_score(course_stages, got) if course_stages else None
            if total is None:
                continue
            totals[key] = total
            kind = overrides.get(choice.pk)
            if kind == SelectionOverride.Kind.EXCLUDE:
                continue
            if kind != SelectionOverride.Kind.PRIORITY and not passes_minimums(course_stages, got):
                continue
            tier = 0 if kind == SelectionOverride.Kind.PRIORITY else 1
            ranking[key] = (tier, -total, *submitted[app_id])
        candidates.append(Candidate(app_id, tuple(c.course_id for c in choices)))
    seated = dict(
        Trainee.objects.filter(course__in=courses)
        .exclude(status=Trainee.Status.DROPPED)
        .values("course_id")
        .annotate(n=Count("pk"))
        .values_list("course_id", "n")
    )
    return SelectionInputs(
        candidates=candidates,
        # Trainees already in a course (e.g. moved in by staff) take their places first.
        capacities={c.pk: max(0, c.capacity - seated.get(c.pk, 0)) for c in courses},
        ranking=ranking,
        totals=totals,
        choice_ids=choice_ids,
    )


def selection_run(*, actor: Actor, cohort: Cohort) -> SelectionRun:
    """Place the cohort's applicants into its courses and store each choice's outcome as a
    draft only staff see. Allowed after the deadline and until the results are published;
    running again with the same scores and overrides gives the same result."""
    if not policies.can_run_selection(actor, cohort):
        raise PermissionDenied
    window = window_for(cohort)
    if window.state in ("upcoming", "open"):
        raise ValidationError(
            _("Selection can run only after the application deadline (%(deadline)s).")
            % {"deadline": korean.format_datetime(window.closes_at)},
            code="window_open",
        )
    now = clock.now()
    with transaction.atomic():
        Cohort.objects.select_for_update().get(pk=cohort.pk)
        _not_published(cohort.pk)
        inputs = selection_inputs(cohort=cohort)
        placement = place(
            candidates=inputs.candidates, capacities=inputs.capacities, ranking=inputs.ranking
        )
        outcomes = _outcomes(inputs, placement)
        choices = list(ApplicationChoice.objects.filter(application__cohort=cohort))
        for choice in choices:
            outcome, position = outcomes.get(choice.pk, (Outcome.NOT_SELECTED, None))
            choice.outcome = outcome
            choice.waitlist_position = position
            choice.total_score = inputs.totals.get((choice.course_id, choice.application_id))
            choice.outcome_changed_at = now
        # Clear held places first: the one-place-per-applicant constraint holds at every step.
        ApplicationChoice.objects.filter(application__cohort=cohort).update(
            outcome=Outcome.PENDING, waitlist_position=None
        )
        ApplicationChoice.objects.bulk_update(
            choices,
            ["outcome", "waitlist_position", "total_score", "outcome_changed_at"],
            batch_size=500,
        )
        summary = {
            str(course_id): {
                "places": inputs.capacities[course_id],
                "selected": len(placement.selected.get(course_id, ())),
                "waitlisted": len(placement.waitlist.get(course_id, ())),
            }
            for course_id in inputs.capacities
        }
        run = SelectionRun.objects.create(
            cohort=cohort, run_at=now, run_by=actor.user, summary=summary
        )
        event_record(
            actor=actor,
            verb="selection.run",
            target=run,
            cohort=cohort.pk,
            selected=sum(v["selected"] for v in summary.values()),
        )
    return run


def _outcomes(inputs: SelectionInputs, placement) -> dict[int, tuple[str, int | None]]:
    outcomes: dict[int, tuple[str, int | None]] = {}
    for course_id, people in placement.selected.items():
        for app_id in people:
            outcomes[inputs.choice_ids[(course_id, app_id)]] = (Outcome.SELECTED, None)
    for course_id, people in placement.waitlist.items():
        for position, app_id in enumerate(people, start=1):
            outcomes[inputs.choice_ids[(course_id, app_id)]] = (Outcome.WAITLISTED, position)
    prefs = {c.applicant: c.preferences for c in inputs.candidates}
    for app_id, course_id in placement.assigned.items():
        if course_id is None:
            continue
        for lower in prefs[app_id][prefs[app_id].index(course_id) + 1 :]:
            outcomes[inputs.choice_ids[(lower, app_id)]] = (Outcome.CLOSED, None)
    return outcomes


def selection_publish(*, actor: Actor, run: SelectionRun, base_url: str) -> SelectionRun:
    """Publish the latest run: applicants see their outcome on their page and by email."""
    if not policies.can_publish_selection(actor, run.cohort):
        raise PermissionDenied
    with transaction.atomic():
        Cohort.objects.select_for_update().get(pk=run.cohort_id)
        _not_published(run.cohort_id)
        latest = SelectionRun.objects.filter(cohort_id=run.cohort_id).order_by("-run_at", "-pk")
        if latest.first() != run:
            raise ValidationError(
                _("A newer selection run exists; publish that one."), code="stale_run"
            )
        run.published_at = clock.now()
        run.published_by = actor.user
        run.save(update_fields=["published_at", "published_by"])
        event_record(actor=actor, verb="selection.published", target=run, cohort=run.cohort_id)
        for application in (
            Application.objects.filter(cohort_id=run.cohort_id, withdrawn_at__isnull=True)
            .select_related("cohort")
            .prefetch_related("choices__course")
        ):
            notify.send(application=application, template="result", base_url=base_url)
    return run


# --- responding to a place, moving up, enrolling -------------------------------------------


def _held_choice(application: Application) -> ApplicationChoice:
    choice = (
        ApplicationChoice.objects.select_for_update()
        .select_related("course")
        .filter(application=application, outcome=Outcome.SELECTED)
        .first()
    )
    if choice is None or not _published(application.cohort_id):
        raise ValidationError(_("There is no place offered to you to answer."), code="no_offer")
    return choice


def offer_accept(*, application: Application, base_url: str) -> Trainee:
    """The selected applicant confirms: they become a trainee of the course, their profile,
    skills and consents carried over, and they leave the waitlists of their other choices."""
    with transaction.atomic():
        choice = _held_choice(application)
        course = Course.objects.select_for_update().get(pk=choice.course_id)
        now = clock.now()
        trainee = _trainee_from_application(application, course, now)
        choice.outcome = Outcome.ENROLLED
        choice.outcome_changed_at = now
        choice.save(update_fields=["outcome", "outcome_changed_at"])
        application.choices.filter(outcome=Outcome.WAITLISTED).update(
            outcome=Outcome.CLOSED, waitlist_position=None, outcome_changed_at=now
        )
        application.trainee = trainee
        application.save(update_fields=["trainee", "updated_at"])
        event_record(
            actor=None, verb="application.place_accepted", target=application, course=course.pk
        )
        notify.send(
            application=application,
            template="enrolled",
            base_url=base_url,
            password_url=_password_url(trainee.user, base_url),
        )
    return trainee


def offer_decline(*, application: Application, base_url: str) -> Application:
    """The applicant gives up the place (and every waitlist); the place goes to the next."""
    with transaction.atomic():
        choice = _held_choice(application)
        now = clock.now()
        choice.outcome = Outcome.DECLINED
        choice.outcome_changed_at = now
        choice.save(update_fields=["outcome", "outcome_changed_at"])
        application.choices.filter(outcome=Outcome.WAITLISTED).update(
            outcome=Outcome.CLOSED, waitlist_position=None, outcome_changed_at=now
        )
        event_record(
            actor=None,
            verb="application.place_declined",
            target=application,
            course=choice.course_id,
        )
        _refill([choice.course_id], actor=None, base_url=base_url)
    return application


def places_refill(*, actor: Actor | None, course: Course, base_url: str) -> list[Application]:
    """Offer the free places of ``course`` to its waitlist, best first (and the places those
    applicants leave to the next, and so on)."""
    if actor is not None and not policies.can_screen_course(actor, course):
        raise PermissionDenied
    with transaction.atomic():
        return _refill([course.pk], actor=actor, base_url=base_url)


def free_places(course: Course) -> int:
    held = ApplicationChoice.objects.filter(course=course, outcome=Outcome.SELECTED).count()
    seated = course.trainees.exclude(status=Trainee.Status.DROPPED).count()
    return max(0, course.capacity - held - seated)


def refill_open(course: Course, today: dt.date | None = None) -> bool:
    today = today or clock.now().astimezone(korean_tz()).date()
    return today <= course.start_date + dt.timedelta(days=REFILL_DAYS_AFTER_START)


def korean_tz():
    from django.utils import timezone

    return timezone.get_default_timezone()


def _refill(course_ids: list[int], *, actor, base_url: str) -> list[Application]:
    promoted: list[Application] = []
    queue = list(course_ids)
    while queue:
        course = Course.objects.select_for_update().get(pk=queue.pop(0))
        if not _published(course.cohort_id) or not refill_open(course):
            continue
        for _i in range(free_places(course)):
            choice = (
                ApplicationChoice.objects.select_related("application__cohort")
                .filter(
                    course=course,
                    outcome=Outcome.WAITLISTED,
                    application__withdrawn_at__isnull=True,
                )
                .order_by("waitlist_position", "pk")
                .first()
            )
            if choice is None:
                break
            application = choice.application
            now = clock.now()
            released = application.choices.filter(outcome=Outcome.SELECTED).first()
            if released is not None:  # a lower choice: give it back
                released.outcome = Outcome.CLOSED
                released.outcome_changed_at = now
                released.save(update_fields=["outcome", "outcome_changed_at"])
                queue.append(released.course_id)
            choice.outcome = Outcome.SELECTED
            choice.waitlist_position = None
            choice.outcome_changed_at = now
            choice.save(update_fields=["outcome", "waitlist_position", "outcome_changed_at"])
            application.choices.filter(outcome=Outcome.WAITLISTED, rank__gt=choice.rank).update(
                outcome=Outcome.CLOSED, waitlist_position=None, outcome_changed_at=now
            )
            event_record(
                actor=actor,
                verb="application.moved_up",
                target=application,
                course=course.pk,
                released_course=released.course_id if released else None,
            )
            notify.send(
                application=application, template="moved_up", base_url=base_url, course=course
            )
            promoted.append(application)
    return promoted


def _trainee_from_application(
    application: Application, course: Course, now: dt.datetime
) -> Trainee:
    today = now.astimezone(korean_tz()).date()
    trainee = Trainee.objects.filter(course=course, email__iexact=application.email).first()
    if trainee is None:
        trainee = Trainee(
            course=course,
            name=application.name,
            email=application.email,
            phone=application.phone,
            birth_date=application.birth_date,
            enrolled_on=max(course.start_date, today),
            desired_regions=[application.region] if application.region in Region.values else [],
            introduction=application.motivation,
        )
        trainee.full_clean(exclude=["user"])
        trainee.save()
        trainee.desired_roles.add(course.track_role_id)
        for skill_id in _skills_from_text(application.skills_text):
            TraineeSkill.objects.get_or_create(
                trainee=trainee,
                skill_id=skill_id,
                defaults={"level": TraineeSkill.Level.ELEMENTARY},
            )
        if application.portfolio_url:
            PortfolioLink.objects.create(
                trainee=trainee, label=_("Portfolio"), url=application.portfolio_url
            )
        for purpose, at in (
            (Consent.Purpose.COLLECTION, application.consent_collection_at),
            (Consent.Purpose.PROVISION_OPERATOR, application.consent_provision_at),
        ):
            Consent.objects.create(
                trainee=trainee, purpose=purpose, granted_at=at, version=application.consent_version
            )
        TraineeStatusChange.objects.create(
            trainee=trainee,
            from_status="",
            to_status=Trainee.Status.ENROLLED,
            effective_on=trainee.enrolled_on,
            reason=_("Enrolment confirmed (application %(receipt)s)")
            % {"receipt": application.receipt_number},
        )
        event_record(
            actor=None,
            verb="trainee.enrolled",
            target=trainee,
            application=application.receipt_number,
        )
    if trainee.user_id is None:
        trainee.user = _login_for(application)
        trainee.save(update_fields=["user", "updated_at"])
    return trainee


def _skills_from_text(text: str) -> list[int]:
    """Skill ids named in free text ("파이썬, SQL / PyTorch"), through the taxonomy aliases."""
    ids: list[int] = []
    for part in text.replace("/", ",").replace("·", ",").replace(";", ",").split(","):
        skill = skill_resolve(text=part.strip()) if part.strip() else None
        if skill is not None and skill.pk not in ids:
            ids.append(skill.pk)
    return ids


def _login_for(application: Application) -> User | None:
    user = User.objects.filter(email__iexact=application.email).first()
    if user is None:
        user = User(email=application.email.lower(), name=application.name, phone=application.phone)
        user.set_unusable_password()
        user.save()
    elif Trainee.objects.filter(user=user).exists():
        return None  # the login already belongs to another trainee record
    membership_grant(actor=None, user=user, role=Role.TRAINEE)
    return user


def _password_url(user: User | None, base_url: str) -> str:
    if user is None or user.has_usable_password():
        return ""
    return base_url.rstrip("/") + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def _plain(value) -> str:
    """100 rather than 1E+2 or 100.00."""
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
