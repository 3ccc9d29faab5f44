"""Writes on job applications: apply, move through the stages, notify (emails go through the
outbox, careerhub.messaging).

A move names the version the mover saw; if someone else moved the application meanwhile,
the move is refused with a clear message instead of silently overwriting theirs.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careerhub.academy.models import Trainee
from careerhub.accounts.models import User
from careerhub.applications import policies, selectors
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
from careerhub.messaging.ical import CalendarEvent, invite_attachment, reminder_day
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
    was_at = application.interview_at
    for name in ("interview_at", "interview_place", "interview_link", "offer_salary", "start_date"):
        if details.get(name) not in (None, ""):
            setattr(application, name, details[name])
    calendar = _interview_calendar_change(application, current, to_status, was_at=was_at)
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
        invite = None
        if calendar is not None:
            invite = selectors.interview_calendar_event(
                application=application, cancelled=calendar == "cancel"
            )
        _notify(actor=actor, application=application, change=to_status, invite=invite)
    return application


def _interview_calendar_change(
    application: Application, current: str, to_status: str, *, was_at: Any
) -> str | None:
    """What the move does to the interview in people's calendars — ``"invite"`` (a new round),
    ``"update"`` (same round, same UID, SEQUENCE + 1) or ``"cancel"`` (the interview to come
    will not take place) — and the round, sequence and reminder on the row to match. An
    interview scheduled before invites existed (round 0) never reached a calendar: its first
    change is a new invite."""
    if to_status == Stage.INTERVIEW_SCHEDULED and (
        current != Stage.INTERVIEW_SCHEDULED or application.interview_round == 0
    ):
        application.interview_round += 1
        application.interview_sequence = 0
        application.interview_reminded_at = None
        return "invite"
    if to_status == Stage.INTERVIEW_SCHEDULED:
        application.interview_round = application.interview_round or 1
        application.interview_sequence += 1
        if application.interview_at != was_at:
            application.interview_reminded_at = None  # a new day: remind again
        return "update"
    if (
        current == Stage.INTERVIEW_SCHEDULED
        and to_status in (Stage.REJECTED, Stage.WITHDRAWN)
        and application.interview_at is not None
        and application.interview_at > timezone.now()
    ):
        application.interview_round = application.interview_round or 1
        application.interview_sequence += 1
        return "cancel"
    return None


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
    for user in selectors.recruiters_of(application):
        people[user.pk] = user
    return list(people.values())


def _notify(
    *,
    actor: Actor,
    application: Application,
    change: str,
    invite: CalendarEvent | None = None,
) -> None:
    """A notification on each person's page and an email, to everyone concerned but the one
    who made the change. With ``invite`` (an interview scheduled, moved or cancelled), the
    emails to the interview's attendees — the trainee and the recruiters, the one who made the
    change too — carry the calendar invite; the consultant's does not (not an attendee)."""
    message = _("%(trainee)s · %(posting)s (%(company)s): %(stage)s") % {
        "trainee": application.trainee.name,
        "posting": application.posting.title,
        "company": application.posting.company.name,
        "stage": Stage(change).label,
    }
    if change == Stage.INTERVIEW_SCHEDULED and application.interview_at:
        message += " · " + korean.format_datetime(application.interview_at)
    url = reverse("applications:detail", args=[application.pk])
    attendees = {p.email.lower() for p in invite.attendees} if invite is not None else set()
    attachment = invite_attachment(invite) if invite is not None else {}
    subject = _("[careerhub] Application update: %(stage)s") % {"stage": Stage(change).label}
    body = message + "\n\n" + _("See the application: %(url)s") % {"url": absolute_url(url)}
    drafts = []
    invited: set[str] = set()

    def email(user: User | None, address: str) -> None:
        with_invite = address.lower() in attendees
        if with_invite:
            invited.add(address.lower())
        drafts.append(
            Draft(
                kind="application_update",
                to_address=address,
                recipient_id=user.pk if user is not None else None,
                operator_id=application.trainee.course.operator_id,
                subjects={"trainees": [application.trainee_id]},
                subject=subject,
                body=body,
                **(attachment if with_invite else {}),
            )
        )

    for user in _recipients(application):
        if user.pk == actor.user_id:
            continue
        Notification.objects.create(
            user=user, application=application, message=message[:500], url=url
        )
        if user.email:
            email(user, user.email)
    if invite is not None:  # attendees not told above: the one who moved it, a trainee
        by_address = {u.email.lower(): u for u in _recipients(application) if u.email}
        for person in invite.attendees:  # without a login (their email on the record)
            if person.email.lower() not in invited:
                email(by_address.get(person.email.lower()), person.email)
    # Written in this transaction, sent by the task queue after it commits.
    messages_enqueue_bulk(drafts=drafts)


def interviews_remind(*, now: dt.datetime | None = None) -> int:
    """The day-before reminder of each interview tomorrow (local date), to the trainee and the
    company's recruiters, once: the row is claimed (``interview_reminded_at``) in the
    transaction that writes the messages, so a second run, or two at once, send nothing more.
    Returns how many interviews were reminded."""
    now = now or timezone.now()
    day = reminder_day(now)
    if day is None:
        return 0
    reminded = 0
    with translation.override(settings.LANGUAGE_CODE):
        for application in selectors.interviews_to_remind(tomorrow=day):
            with transaction.atomic():
                claimed = Application.objects.filter(
                    pk=application.pk,
                    status=Stage.INTERVIEW_SCHEDULED,
                    interview_at=application.interview_at,
                    interview_reminded_at__isnull=True,
                ).update(interview_reminded_at=now)
                if not claimed:
                    continue
                event = selectors.interview_calendar_event(application=application)
                url = absolute_url(reverse("applications:detail", args=[application.pk]))
                body = _(
                    "Reminder: the interview of %(trainee)s at %(company)s (%(posting)s) is "
                    "tomorrow, %(when)s."
                ) % {
                    "trainee": application.trainee.name,
                    "company": application.posting.company.name,
                    "posting": application.posting.title,
                    "when": korean.format_datetime(application.interview_at),
                }
                if event.location:
                    body += "\n" + _("Place: %(place)s") % {"place": event.location}
                body += "\n\n" + _("See the application: %(url)s") % {"url": url}
                by_address = {u.email.lower(): u for u in _recipients(application) if u.email}
                messages_enqueue_bulk(
                    drafts=[
                        Draft(
                            kind="interview_reminder",
                            to_address=person.email,
                            recipient_id=getattr(by_address.get(person.email.lower()), "pk", None),
                            operator_id=application.trainee.course.operator_id,
                            subjects={"trainees": [application.trainee_id]},
                            subject=_("[careerhub] Interview tomorrow"),
                            body=body,
                        )
                        for person in event.attendees
                    ]
                )
                reminded += 1
    return reminded


def notifications_mark_read(*, actor: Actor) -> int:
    return Notification.objects.filter(user=actor.user_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
