"""Placing the cohort's applicants into its courses, and publishing the result."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from careerhub.academy.models import (
    Cohort,
    Course,
    Trainee,
)
from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.intake import clock, notify, policies
from careerhub.intake.errors import IntakeErrorCode
from careerhub.intake.models import (
    Application,
    ApplicationChoice,
    ScreeningScore,
    ScreeningStage,
    SelectionOverride,
    SelectionRun,
)
from careerhub.intake.selection import Candidate, place
from careerhub.intake.services.common import Outcome, _not_published
from careerhub.intake.services.screening import passes_minimums, total_score
from careerhub.intake.services.window import window_for


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
            code=IntakeErrorCode.WINDOW_OPEN,
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
                _("A newer selection run exists; publish that one."), code=IntakeErrorCode.STALE_RUN
            )
        run.published_at = clock.now()
        run.published_by = actor.user
        run.save(update_fields=["published_at", "published_by"])
        event_record(actor=actor, verb="selection.published", target=run, cohort=run.cohort_id)
        # One bulk send the office can follow (outbox batch): the request only writes rows.
        notify.send_many(
            applications=Application.objects.filter(
                cohort_id=run.cohort_id, withdrawn_at__isnull=True
            )
            .select_related("cohort")
            .prefetch_related("choices__course"),
            template="result",
            title=_("Selection results: %(cohort)s") % {"cohort": run.cohort},
            actor=actor,
        )
    return run
