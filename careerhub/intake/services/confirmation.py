"""Staff ask an applicant again to confirm their email address (issue 14 item 6): an
unconfirmed web application is left out of selection whatever its scores, so the screening
pages say so and offer to send the confirmation link again, through the outbox."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.intake import notify, policies
from careerhub.intake.errors import IntakeErrorCode
from careerhub.intake.models import Application
from careerhub.intake.services.common import _not_published


def application_confirmation_resend(*, actor: Actor, application: Application) -> None:
    """Put the confirmation email to the applicant in the outbox again (sent after commit),
    recorded as an event. Refused for a confirmed, imported or withdrawn application and
    once the cohort's results are published (confirming then would change nothing)."""
    if not policies.can_view_application(actor, application):
        raise PermissionDenied
    if application.is_confirmed or application.source != Application.Source.WEB:
        raise ValidationError(
            _("This applicant's email address needs no confirmation."),
            code=IntakeErrorCode.ALREADY_CONFIRMED,
        )
    if application.withdrawn_at is not None:
        raise ValidationError(_("The application was withdrawn."), code=IntakeErrorCode.WITHDRAWN)
    _not_published(application.cohort_id)
    with transaction.atomic():
        event_record(actor=actor, verb="application.confirmation_resent", target=application)
        notify.send(application=application, template="confirm_again")
