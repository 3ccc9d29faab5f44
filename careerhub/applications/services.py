"""Writes on job applications: apply, move through the stages, notify (emails go through the
outbox, careerhub.messaging).

A move names the version the mover saw; if someone else moved the application meanwhile,
the move is refused with a clear message instead of silently overwriting theirs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy.models import Trainee
from careerhub.accounts.models import Membership, Role, User
from careerhub.applications import policies
from careerhub.applications.errors import ApplicationsErrorCode
from careerhub.applications.models import Application, Notification, StageChange
from careerhub.applications.transitions import (
    NEEDS_INTERVIEW,
    NEEDS_REASON,
    NEEDS_START_DATE,
    Stage,
    is_allowed,
)
from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.core.validators import validate_free_text
from careerhub.hiring.models import JobPosting, PostingStatus
from careerhub.messaging.links import absolute_url
from careerhub.messaging.services import Draft, messages_enqueue_bulk
from careerhub.outcomes.services import outcome_propose_from_hire

logger = logging.getLogger(__name__)

EMPLOYMENT_TYPES = {  # posting employment type → outcome employment type
    "regular": "full_time",
    "contract": "contract",
    "intern_to_hire": "internship",
    "intern": "internship",
}


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this application while you were looking at it. "
            "Reload the page to see the current stage, then try again."
        ),
        code=ApplicationsErrorCode.STALE_VERSION,
    )


def application_create(
    *,
    actor: Actor,
    trainee: Trainee,
    posting: JobPosting,
    cover_note: str = "",
    behalf_consent: str = "",
) -> Application:
    """Apply to an open posting, as the trainee or — with their consent — for them."""
    if not policies.can_apply_for(actor, trainee):
        raise PermissionDenied
    on_behalf = trainee.pk not in actor.trainee_ids
    if on_behalf:
        if not behalf_consent.strip():
            raise ValidationError(
                {
                    "behalf_consent": ValidationError(
                        _("Record how the trainee agreed to this application."),
                        code=ApplicationsErrorCode.BEHALF_CONSENT_REQUIRED,
                    )
                }
            )
        if not Trainee.objects.consenting_to_companies().filter(pk=trainee.pk).exists():
            raise ValidationError(
                _(
                    "The trainee has not agreed to share their profile with companies; "
                    "staff cannot apply for them."
                ),
                code=ApplicationsErrorCode.NO_PROVISION_CONSENT,
            )
    if trainee.status == Trainee.Status.DROPPED:
        raise ValidationError(
            _("A trainee who dropped out cannot apply."), code=ApplicationsErrorCode.DROPPED
        )
    if posting.status != PostingStatus.OPEN or posting.deadline < timezone.localdate():
        raise ValidationError(
            _("This posting is not taking applications."),
            code=ApplicationsErrorCode.POSTING_NOT_OPEN,
        )
    application = Application(
        trainee=trainee,
        posting=posting,
        cover_note=cover_note.strip(),
        applied_by=actor.user,
        on_behalf=on_behalf,
        behalf_consent=behalf_consent.strip(),
    )
    try:
        with transaction.atomic():
            application.full_clean(validate_constraints=False)
            application.save()
            StageChange.objects.create(
                application=application, to_status=Stage.APPLIED, actor=actor.user
            )
            event_record(
                actor=actor,
                verb="application.created",
                target=application,
                posting=posting.pk,
                on_behalf=on_behalf,
            )
            _notify(actor=actor, application=application, change=Stage.APPLIED)
    except IntegrityError:
        raise ValidationError(
            _("There is already an application in progress for this posting."),
            code=ApplicationsErrorCode.DUPLICATE,
        ) from None
    return application


def application_move(
    *,
    actor: Actor,
    application: Application,
    to_status: str,
    expected_version: int,
    reason: str = "",
    details: Mapping[str, Any] | None = None,
) -> Application:
    """Move an application along the table in ``transitions``; nothing else is possible."""
    sides = policies.sides_of(actor, application)
    if not sides:
        raise PermissionDenied
    details = dict(details or {})
    validate_free_text(reason=reason)
    current = application.status
    if to_status not in Stage.values or not is_allowed(current, to_status, sides):
        raise ValidationError(
            _("An application cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": Stage(current).label,
                "to": Stage(to_status).label if to_status in Stage.values else to_status,
            },
            code=ApplicationsErrorCode.ILLEGAL_TRANSITION,
        )
    errors: dict[str, str] = {}
    if to_status in NEEDS_REASON and not reason.strip():
        errors["reason"] = _("Give the reason.")
    if to_status in NEEDS_INTERVIEW:
        if not details.get("interview_at"):
            errors["interview_at"] = _("Give the interview date and time.")
        if not (details.get("interview_place") or details.get("interview_link")):
            errors["interview_place"] = _("Give the place or the video link.")
    if to_status in NEEDS_START_DATE and not (details.get("start_date") or application.start_date):
        errors["start_date"] = _("Give the first working day.")
    if errors:
        raise ValidationError(errors, code=ApplicationsErrorCode.MISSING_DETAILS)
    for name in ("interview_at", "interview_place", "interview_link", "offer_salary", "start_date"):
        if details.get(name) not in (None, ""):
            setattr(application, name, details[name])
    application.status = to_status
    application.reason = reason.strip() if to_status in NEEDS_REASON else application.reason
    with transaction.atomic():
        updated = Application.objects.filter(
            pk=application.pk, version=expected_version, status=current
        ).update(version=F("version") + 1)
        if not updated:
            raise _stale()
        application.version = expected_version + 1
        application.full_clean(validate_constraints=False)
        if to_status == Stage.HIRED:
            application.outcome = _propose_outcome(actor, application)
        application.save()
        StageChange.objects.create(
            application=application,
            from_status=current,
            to_status=to_status,
            reason=reason.strip(),
            details={k: str(v) for k, v in details.items() if v not in (None, "")},
            actor=actor.user,
        )
        event_record(
            actor=actor,
            verb="application.moved",
            target=application,
            from_status=current,
            to_status=to_status,
            sides=sorted(sides),
        )
        _notify(actor=actor, application=application, change=to_status)
    return application


def _propose_outcome(actor: Actor, application: Application):
    posting = application.posting
    return outcome_propose_from_hire(
        actor=actor,
        trainee=application.trainee,
        company_id=posting.company_id,
        job_role_id=posting.role_id,
        job_title=posting.title,
        start_date=application.start_date,
        employment_type=EMPLOYMENT_TYPES.get(posting.employment_type, "full_time"),
        annual_salary=application.offer_salary,
        in_city=posting.region == "gwangju",
        reference=_("Hired through application #%(id)s") % {"id": application.pk},
    )


# --- notifications and email ----------------------------------------------------------------


def _recipients(application: Application) -> list[User]:
    """The trainee, their consultant and the recruiters of the posting's company."""
    people: dict[int, User] = {}
    trainee = application.trainee
    if trainee.user_id:
        people[trainee.user_id] = trainee.user
    if trainee.consultant_id:
        people[trainee.consultant_id] = trainee.consultant
    for membership in Membership.objects.filter(
        role=Role.RECRUITER, company_id=application.posting.company_id, is_active=True
    ).select_related("user"):
        people[membership.user_id] = membership.user
    return list(people.values())


def _notify(*, actor: Actor, application: Application, change: str) -> None:
    message = _("%(trainee)s · %(posting)s (%(company)s): %(stage)s") % {
        "trainee": application.trainee.name,
        "posting": application.posting.title,
        "company": application.posting.company.name,
        "stage": Stage(change).label,
    }
    if change == Stage.INTERVIEW_SCHEDULED and application.interview_at:
        message += " · " + korean.format_datetime(application.interview_at)
    url = reverse("applications:detail", args=[application.pk])
    drafts = []
    for user in _recipients(application):
        if user.pk == actor.user_id:
            continue
        Notification.objects.create(
            user=user, application=application, message=message[:500], url=url
        )
        if user.email:
            drafts.append(
                Draft(
                    kind="application_update",
                    to_address=user.email,
                    recipient_id=user.pk,
                    operator_id=application.trainee.course.operator_id,
                    subjects={"trainees": [application.trainee_id]},
                    subject=_("[careerhub] Application update: %(stage)s")
                    % {"stage": Stage(change).label},
                    body=message
                    + "\n\n"
                    + _("See the application: %(url)s") % {"url": absolute_url(url)},
                )
            )
    # Written in this transaction, sent by the task queue after it commits.
    messages_enqueue_bulk(drafts=drafts)


def notifications_mark_read(*, actor: Actor) -> int:
    return Notification.objects.filter(user=actor.user_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
