"""Writes of the access review."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.audit import policies
from careerhub.audit.errors import AuditErrorCode
from careerhub.audit.models import AccessReview
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied


def review_confirm(*, actor: Actor, month: dt.date, note: str) -> AccessReview:
    """Confirm the month's access records were reviewed; a second confirmation replaces the note
    (the event log keeps every confirmation)."""
    if not policies.can_review_access(actor):
        raise PermissionDenied
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise ValidationError(
            _("A month that has not begun cannot be reviewed."), code=AuditErrorCode.FUTURE_MONTH
        )
    note = note.strip()
    if not note:
        raise ValidationError(
            _("Write what you reviewed and what you found."), code=AuditErrorCode.NOTE_REQUIRED
        )
    with transaction.atomic():
        review = AccessReview.objects.select_for_update().filter(month=month).first()
        review = review or AccessReview(month=month)
        review.reviewed_at = timezone.now()
        review.reviewed_by = actor.user
        review.reviewer_email = getattr(actor.user, "email", "") or ""
        review.note = note
        review.full_clean()
        review.save()
        event_record(actor=actor, verb="audit.review_confirmed", target=review, note=note)
    return review
