"""Writes for a trainee's dismissals and what they leave out of the next recommendations.

A dismissal's reason only *suggests* how much to leave out ("not a region I can work in"
suggests every opening in that region); the trainee confirms the scope — only this opening,
every opening of its company, region or role — and can see, narrow and undo every exclusion
(issue 14 item 7: one region reason had silently removed 20 of 23 openings of the trainee's
own preferred region).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from careerhub.academy.models import Trainee
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.matching import adapter, policies
from careerhub.matching.errors import MatchingErrorCode
from careerhub.matching.exclusions import scopes_for
from careerhub.matching.models import Feedback
from careerhub.matching.services.shared import _opening_info, _opening_refs, _today

Scope = Feedback.Scope


def _check_scope(opening: adapter.OpeningInfo | Feedback, scope: str) -> None:
    if scope not in scopes_for(opening):
        raise ValidationError(
            {
                "scope": ValidationError(
                    _("Choose what to leave out of your recommendations."),
                    code=MatchingErrorCode.BAD_SCOPE,
                )
            }
        )


def feedback_dismiss(
    *,
    actor: Actor,
    trainee: Trainee,
    opening_key: str,
    reason: str,
    scope: str = Scope.OPENING,
    note: str = "",
) -> Feedback:
    """Dismiss an opening with a reason. The next run leaves out what ``scope`` says: the
    opening alone (the default), or every opening of its company, region or role."""
    if not policies.can_act_on_recommendations(actor, trainee):
        raise PermissionDenied
    if reason not in Feedback.Reason.values:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Choose why you dismiss it."), code=MatchingErrorCode.REASON_REQUIRED
                )
            }
        )
    info = _opening_info(opening_key, today=_today())
    _check_scope(info, scope)
    with transaction.atomic():
        Feedback.objects.filter(trainee=trainee, opening_key=info.key).delete()
        fb = Feedback(
            trainee=trainee,
            kind=Feedback.Kind.DISMISSED,
            reason=reason,
            scope=scope,
            note=note.strip(),
            role_code=info.role_code,
            region=info.region,
            company_id_value=info.company_id,
            created_by=actor.user,
            **_opening_refs(info),
        )
        fb.full_clean()
        fb.save()
        event_record(
            actor=actor,
            verb="matching.dismissed",
            target=fb,
            opening=info.key,
            reason=reason,
            scope=scope,
        )
    return fb


def feedback_scope_change(*, actor: Actor, feedback: Feedback, scope: str) -> Feedback:
    """Widen or narrow what a dismissal leaves out (e.g. back to only its opening)."""
    if not policies.can_act_on_recommendations(actor, feedback.trainee):
        raise PermissionDenied
    if feedback.kind != Feedback.Kind.DISMISSED:
        raise ValidationError(
            {
                "scope": ValidationError(
                    _("Only a dismissed opening leaves anything out."),
                    code=MatchingErrorCode.BAD_SCOPE,
                )
            }
        )
    _check_scope(feedback, scope)
    with transaction.atomic():
        was = feedback.scope
        feedback.scope = scope
        feedback.full_clean()
        feedback.save(update_fields=["scope"])
        event_record(
            actor=actor,
            verb="matching.dismissal_scope_changed",
            target=feedback,
            opening=feedback.opening_key,
            scope_was=was,
            scope=scope,
        )
    return feedback


def feedback_undo(*, actor: Actor, feedback: Feedback) -> None:
    """Take back a save or a dismissal: a dismissed opening (and whatever its scope left
    out) comes back in the next recommendations."""
    if not policies.can_act_on_recommendations(actor, feedback.trainee):
        raise PermissionDenied
    with transaction.atomic():
        event_record(
            actor=actor,
            verb="matching.feedback_undone",
            target=feedback,
            kind_was=feedback.kind,
            scope_was=feedback.scope,
            opening=feedback.opening_key,
        )
        feedback.delete()
