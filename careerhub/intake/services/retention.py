"""Destroying application records whose retention period has ended (PIPA art. 21).

An applicant who did not enrol is kept ``RETENTION_UNSELECTED_APPLICANT_DAYS`` after their
cohort's results were published — the period the application form promises
(``core.privacy_catalogue``) — and then their application is deleted with its choices,
screening scores and overrides. An enrolled applicant's application becomes part of the
trainee record and is deleted when that record is anonymised (``trainee_ids``).

The application row is deleted rather than blanked: its fields are required and unique per
person, and nothing outside intake refers to it. The selection run's summary keeps the
cohort's counts. Called by ``careerhub.privacy.retention`` with the system actor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.intake.models import Application, ApplicationChoice, SelectionRun


def applications_unselected_expired(*, now: dt.datetime, days: int) -> QuerySet[Application]:
    """Applications of people who hold no place and are no trainee, in cohorts whose results
    were published more than ``days`` days before ``now``."""
    published_before = now - dt.timedelta(days=days)
    published = SelectionRun.objects.filter(
        cohort_id=OuterRef("cohort_id"),
        published_at__isnull=False,
        published_at__lt=published_before,
    )
    holding = ApplicationChoice.objects.filter(
        application_id=OuterRef("pk"), outcome__in=ApplicationChoice.HOLDING
    )
    return (
        Application.objects.filter(trainee__isnull=True)
        .filter(Exists(published))
        .exclude(Exists(holding))
        .order_by("pk")
    )


def applications_of_trainees(*, trainee_ids: Iterable[int]) -> QuerySet[Application]:
    """The applications through which these trainees enrolled."""
    return Application.objects.filter(trainee_id__in=list(trainee_ids)).order_by("pk")


def applicant_destroy(*, actor: Actor, application: Application, reason: str) -> None:
    """Delete one application and everything recorded about the applicant in it, for good.
    The event keeps only the id, the cohort and the reason — no personal data."""
    if not actor.program_staff:
        raise PermissionDenied
    with transaction.atomic():
        event_record(
            actor=actor,
            verb="application.destroyed",
            target=application,
            cohort=application.cohort_id,
            reason=reason,
        )
        application.delete()


def trainee_anonymised_receive(*, actor: Actor, anonymised) -> None:
    """An erased trainee's recruitment application goes too (registered with
    ``academy.hooks.trainee_anonymised_register``): it holds their name, contacts and answers."""
    for application in Application.objects.filter(trainee_id=anonymised.trainee_id):
        applicant_destroy(actor=actor, application=application, reason=anonymised.reason)
