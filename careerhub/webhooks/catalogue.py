"""The events an integration may subscribe to, and how each is built from the event log.

Each ``EventType`` says which ``Event`` rows (verb and target model) it comes from, which of
them count (a posting's status change only when it closes), how its object is loaded, who may
receive it — the same policy function the pages use, asked for the endpoint's scope — and the
``data`` of its envelope: ids and the new state, nothing personal beyond ids except what the
scope may see under that policy (an outcome's type and dates, to the trainee's operator and
the office only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from careerhub.applications import policies as application_policies
from careerhub.applications.models import Application
from careerhub.core.actors import Actor
from careerhub.hiring import policies as hiring_policies
from careerhub.hiring.models import JobPosting, PostingStatus
from careerhub.matching import policies as matching_policies
from careerhub.matching.models import PlanRun
from careerhub.outcomes import policies as outcome_policies
from careerhub.outcomes.models import Outcome


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


@dataclass(frozen=True)
class EventType:
    type: str
    label: Promise
    description: Promise
    sources: tuple[tuple[str, str], ...]  # (verb, target model label)
    load: Callable[[str], Any]  # target id → object, or None
    visible: Callable[[Actor, Any], bool]
    data: Callable[[Any, Any], dict[str, Any]]  # (event, object) → data
    accept: Callable[[Any], bool] = lambda event: True
    subjects: Callable[[Any], dict[str, list[int]]] = lambda obj: {}


def _application(pk: str) -> Application | None:
    return Application.objects.select_related("posting", "trainee__course").filter(pk=pk).first()


def _application_data(event, app: Application) -> dict[str, Any]:
    return {
        "application": app.pk,
        "posting": app.posting_id,
        "company": app.posting.company_id,
        "trainee": app.trainee_id,
        "from_status": event.data.get("from_status"),
        "status": event.data.get("to_status", app.status),
        "version": app.version,
    }


def _outcome(pk: str) -> Outcome | None:
    return Outcome.objects.select_related("trainee__course").filter(pk=pk).first()


def _outcome_data(event, outcome: Outcome) -> dict[str, Any]:
    return {
        "outcome": outcome.pk,
        "trainee": outcome.trainee_id,
        "operator": outcome.trainee.course.operator_id,
        "cohort": outcome.trainee.course.cohort_id,
        "outcome_type": outcome.outcome_type,
        "status": outcome.status,
        "start_date": _iso(outcome.start_date),
        "company": outcome.company_id,
        "verified_at": _iso(outcome.verified_at),
    }


def _posting(pk: str) -> JobPosting | None:
    return JobPosting.objects.select_related("company").filter(pk=pk).first()


def _posting_data(event, posting: JobPosting) -> dict[str, Any]:
    return {
        "posting": posting.pk,
        "company": posting.company_id,
        "from_status": event.data.get("from_status"),
        "status": event.data.get("to_status", posting.status),
    }


def _plan(pk: str) -> PlanRun | None:
    return PlanRun.objects.filter(pk=pk).first()


def _plan_data(event, run: PlanRun) -> dict[str, Any]:
    return {
        "plan_run": run.pk,
        "cohort": run.cohort_id,
        "course": run.course_id,
        "operator": run.operator_id,
        "status": run.status,
        "trainee_count": run.trainee_count,
        "placed_count": run.placed_count,
        "finished_at": _iso(run.finished_at),
    }


APPLICATION_MOVED = EventType(
    type="application.moved",
    label=_("Job application moved"),
    description=_("A job application moved to another stage (e.g. interview, offer, hired)."),
    sources=(("application.moved", "applications.application"),),
    load=_application,
    visible=lambda actor, app: bool(application_policies.sides_of(actor, app)),
    data=_application_data,
    subjects=lambda app: {"trainees": [app.trainee_id]},
)
OUTCOME_VERIFIED = EventType(
    type="outcome.verified",
    label=_("Outcome verified"),
    description=_("Staff verified a trainee's outcome against its evidence."),
    sources=(("outcome.confirmed", "outcomes.outcome"),),
    load=_outcome,
    visible=lambda actor, outcome: outcome_policies.can_view_outcomes_of(actor, outcome.trainee),
    data=_outcome_data,
    subjects=lambda outcome: {"trainees": [outcome.trainee_id]},
)
POSTING_CLOSED = EventType(
    type="posting.closed",
    label=_("Job posting closed"),
    description=_("A job posting was closed or filled."),
    sources=(("posting.status_changed", "hiring.jobposting"),),
    accept=lambda event: (
        event.data.get("to_status") in (PostingStatus.CLOSED, PostingStatus.FILLED)
    ),
    load=_posting,
    visible=lambda actor, posting: hiring_policies.can_edit_posting(actor, posting),
    data=_posting_data,
)
PLAN_FINISHED = EventType(
    type="plan.finished",
    label=_("Cohort plan finished"),
    description=_("A cohort plan run finished (done or failed); its results can be read."),
    sources=(
        ("matching.plan_finished", "matching.planrun"),
        ("matching.plan_failed", "matching.planrun"),
        ("runs.reaped", "matching.planrun"),
    ),
    load=_plan,
    visible=lambda actor, run: matching_policies.can_view_plan_run(actor, run),
    data=_plan_data,
)
TEST = "webhook.test"

EVENT_TYPES: dict[str, EventType] = {
    t.type: t for t in (APPLICATION_MOVED, OUTCOME_VERIFIED, POSTING_CLOSED, PLAN_FINISHED)
}
BY_SOURCE: dict[tuple[str, str], EventType] = {
    source: t for t in EVENT_TYPES.values() for source in t.sources
}
VERBS: tuple[str, ...] = tuple(sorted({verb for verb, _target in BY_SOURCE}))


def choices() -> list[tuple[str, str]]:
    return [(t.type, str(t.label)) for t in EVENT_TYPES.values()]


def label(event_type: str) -> str:
    if event_type == TEST:
        return str(_("Test event"))
    t = EVENT_TYPES.get(event_type)
    return str(t.label) if t else event_type
