"""The retention run: destroy every kind of personal data whose period has ended (PIPA art. 21).

Run daily (``manage.py retention_enforce`` from cron, or ``tasks.retention_enforce_task``
from the task queue); both call ``retention_enforce``. Periods come from
``core.privacy_catalogue.periods()`` — the same numbers the notices and the privacy policy
state. Each category writes through the owning app's services:

- ``unselected_applicants``: no place held, no trainee, results published more than
  RETENTION_UNSELECTED_APPLICANT_DAYS ago → intake ``applicant_destroy`` (row deleted);
- ``evidence_files``: the trainee's cohort year + 1 + RETENTION_TRAINEE_YEARS has begun
  (Seoul time) → outcomes.retention ``evidence_file_destroy`` (file deleted from storage);
- ``trainees``: same → academy ``trainee_anonymise`` (irreversible);
- ``trainee_applications``: the application of such a trainee → intake ``applicant_destroy``;
- ``access_records``: older than ACCESS_RECORD_RETENTION_DAYS → core.access
  ``access_records_purge``;
- ``messages``: outbox messages (sent or failed) older than MESSAGE_RETENTION_DAYS →
  messaging ``messages_purge`` (a message still waiting is kept until it is settled).

A run is idempotent: what it destroyed is no longer due, so the next run finds nothing more.
A real run writes one ``DestructionRecord`` per category (zero included, so the register shows
the duty was done that day); a dry run only counts and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy import services as academy_services
from careerhub.academy.models import Trainee
from careerhub.core.access import access_records_purge
from careerhub.core.actors import Actor
from careerhub.core.models import AccessRecord
from careerhub.core.privacy_catalogue import periods
from careerhub.intake import services as intake_services
from careerhub.messaging.models import Message
from careerhub.messaging.services import messages_purge
from careerhub.outcomes import retention as outcomes_retention
from careerhub.privacy.models import DestructionRecord

SYSTEM_ACTOR = Actor(user=None, program_staff=True)
"""Who the retention run acts as: the program office (the controller, whose duty destruction
is), with no person behind it — its events have no actor and name the run in their reason.
Built here only; nothing else acts as the system."""

Category = DestructionRecord.Category
M = TypeVar("M")


@dataclass
class RetentionResult:
    run_id: uuid.UUID
    at: dt.datetime
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)


def trainee_cohort_year_limit(now: dt.datetime) -> int:
    """Trainees of cohorts whose year is below this are past retention: the program year
    ends on 31 December of the cohort's year and the period (in years) runs from then."""
    return timezone.localdate(now).year - periods().trainee_years


def _trainees_due(year_limit: int) -> list[Trainee]:
    trainees = Trainee.objects.filter(course__cohort__year__lt=year_limit).order_by("pk")
    return [t for t in trainees if not academy_services.is_anonymised(t)]


def retention_enforce(*, now: dt.datetime | None = None, dry_run: bool = False) -> RetentionResult:
    now = now or timezone.now()
    result = RetentionResult(run_id=uuid.uuid4(), at=now, dry_run=dry_run)
    reason = _("Retention period ended (run %(run)s).") % {"run": result.run_id}
    p = periods()
    year_limit = trainee_cohort_year_limit(now)

    def run(category: str, due: Iterable[M], destroy: Callable[[M], object]) -> None:
        items = list(due)
        if dry_run:
            result.counts[category] = len(items)
            return
        done = 0
        try:
            for item in items:
                destroy(item)  # one transaction each: what is destroyed stays destroyed
                done += 1
        finally:  # a failure half-way still registers what was destroyed before it
            result.counts[category] = done
            DestructionRecord.objects.create(
                run_id=result.run_id, category=category, count=done, at=now
            )

    run(
        Category.UNSELECTED_APPLICANTS,
        intake_services.applications_unselected_expired(now=now, days=p.unselected_applicant_days),
        lambda a: intake_services.applicant_destroy(
            actor=SYSTEM_ACTOR, application=a, reason=reason
        ),
    )
    run(
        Category.EVIDENCE_FILES,
        outcomes_retention.evidence_files_of_cohorts_before(year=year_limit),
        lambda o: outcomes_retention.evidence_file_destroy(
            actor=SYSTEM_ACTOR, outcome=o, reason=reason
        ),
    )
    # Their applications first, so the register counts them here (anonymising a trainee
    # also destroys the application, through intake's receiver, for erasure requests).
    past_trainees = Trainee.objects.filter(course__cohort__year__lt=year_limit).values_list(
        "pk", flat=True
    )
    run(
        Category.TRAINEE_APPLICATIONS,
        intake_services.applications_of_trainees(trainee_ids=past_trainees),
        lambda a: intake_services.applicant_destroy(
            actor=SYSTEM_ACTOR, application=a, reason=reason
        ),
    )
    run(
        Category.TRAINEES,
        _trainees_due(year_limit),
        lambda t: academy_services.trainee_anonymise(actor=SYSTEM_ACTOR, trainee=t, reason=reason),
    )
    _access_records(result, now=now, days=p.access_record_days)
    _messages(result, now=now)
    return result


def _access_records(result: RetentionResult, *, now: dt.datetime, days: int) -> None:
    """Access records go in one statement (``access_records_purge``: append-only otherwise)."""
    before = min(now, timezone.now()) - dt.timedelta(days=days)
    due: QuerySet[AccessRecord] = AccessRecord.objects.filter(at__lt=before)
    if result.dry_run:
        result.counts[Category.ACCESS_RECORDS] = due.count()
        return
    count = access_records_purge(before=before)
    result.counts[Category.ACCESS_RECORDS] = count
    DestructionRecord.objects.create(
        run_id=result.run_id, category=Category.ACCESS_RECORDS, count=count, at=result.at
    )


def _messages(result: RetentionResult, *, now: dt.datetime) -> None:
    """Outbox messages hold names, addresses and what happened to people: one statement."""
    days = int(getattr(settings, "MESSAGE_RETENTION_DAYS", 180))
    before = now - dt.timedelta(days=days)
    if result.dry_run:
        result.counts[Category.MESSAGES] = (
            Message.objects.filter(created_at__lt=before)
            .exclude(status__in=[Message.Status.PENDING, Message.Status.SENDING])
            .count()
        )
        return
    count = messages_purge(before=before)
    result.counts[Category.MESSAGES] = count
    DestructionRecord.objects.create(
        run_id=result.run_id, category=Category.MESSAGES, count=count, at=result.at
    )
