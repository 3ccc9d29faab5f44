"""Deleting evidence files whose retention period has ended (PIPA art. 21).

An outcome's evidence file (an employment contract, an insurance record, a business
registration) is kept as long as the trainee's record: ``RETENTION_TRAINEE_YEARS`` after the
end of the program year. Then the file is deleted from storage — through the field's own
storage, so it works wherever evidence lives (public media or private storage) — and the
outcome keeps its facts for the employment rate, with ``evidence_reference`` telling what
was checked. A module of its own beside ``services``; called by
``careerhub.privacy.retention`` with the system actor.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.outcomes.models import Outcome


def evidence_files_of_cohorts_before(*, year: int) -> QuerySet[Outcome]:
    """Outcomes with an evidence file, of trainees whose cohort's year is before ``year``."""
    return (
        Outcome.objects.filter(trainee__course__cohort__year__lt=year)
        .exclude(evidence_file="")
        .exclude(evidence_file__isnull=True)
        .order_by("pk")
    )


def evidence_file_destroy(*, actor: Actor, outcome: Outcome, reason: str) -> None:
    """Delete the outcome's evidence file from storage and clear the field and the uploaded
    file's original name (which may name the person). Irreversible.
    The outcome's version is not bumped: its facts did not change."""
    if not actor.program_staff:
        raise PermissionDenied
    with transaction.atomic():
        outcome.evidence_file.delete(save=False)  # through the field's storage, wherever
        Outcome.objects.filter(pk=outcome.pk).update(evidence_file="", evidence_name="")
        event_record(actor=actor, verb="outcome.evidence_destroyed", target=outcome, reason=reason)
