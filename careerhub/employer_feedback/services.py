"""Writes of employer feedback: asking the company once a hire has worked about a month, and
recording its answer.

``feedback_requests_send`` runs daily (``PERIODIC_TASKS`` → ``tasks.feedback_requests_task``).
It creates the hire's ``HireFeedback`` row and the messages to the company's recruiters in
one transaction: the row is unique per application, so of two runs (or a repeated one) only
the one that creates it writes the messages; a run missed for a few days
(``FEEDBACK_CATCH_UP_DAYS``) still asks, an older hire is not asked out of the blue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careerhub.accounts.models import Membership, Role
from careerhub.applications.models import Application
from careerhub.applications.transitions import Stage
from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.employer_feedback import policies, selectors
from careerhub.employer_feedback.errors import FeedbackErrorCode
from careerhub.employer_feedback.models import HireFeedback, SkillRating
from careerhub.messaging.links import absolute_url
from careerhub.messaging.services import Draft, messages_enqueue_bulk

MESSAGE_KIND = "hire_feedback_request"


def after_days() -> int:
    """Days after a hire's start date the employer is asked (``FEEDBACK_AFTER_DAYS``, 30)."""
    return int(getattr(settings, "FEEDBACK_AFTER_DAYS", 30))


def catch_up_days() -> int:
    """How many days late a request is still sent (``FEEDBACK_CATCH_UP_DAYS``, 14)."""
    return int(getattr(settings, "FEEDBACK_CATCH_UP_DAYS", 14))


def hires_due(*, today: dt.date):
    """Hires whose start date was ``after_days()`` ago (up to ``catch_up_days()`` more) and
    whose employer has not been asked."""
    latest = today - dt.timedelta(days=after_days())
    return (
        Application.objects.filter(
            status=Stage.HIRED,
            start_date__lte=latest,
            start_date__gte=latest - dt.timedelta(days=catch_up_days()),
            employer_feedback__isnull=True,
        )
        .select_related("trainee__course", "posting__company")
        .order_by("start_date", "pk")
    )


def _request_drafts(feedback: HireFeedback) -> list[Draft]:
    application = feedback.application
    url = absolute_url(reverse("employer_feedback:answer", args=[feedback.pk]))
    subject = _("[careerhub] How prepared is your new hire? (%(posting)s)") % {
        "posting": application.posting.title
    }
    body = _(
        "%(trainee)s started at %(company)s on %(start)s (%(posting)s). After their first "
        "month, please rate how well prepared they were in each skill of the posting (1 to 5) "
        "and add a comment if you like. It takes two minutes and helps the academy train the "
        "next cohorts.\n\nAnswer here: %(url)s\n\nThe training operator sees only totals per "
        "course and skill, never your answer about one person."
    ) % {
        "trainee": application.trainee.name,
        "company": application.posting.company.name,
        "start": korean.format_date(application.start_date),
        "posting": application.posting.title,
        "url": url,
    }
    recruiters = (
        Membership.objects.filter(
            role=Role.RECRUITER, company_id=application.posting.company_id, is_active=True
        )
        .select_related("user")
        .order_by("pk")
    )
    return [
        Draft(
            kind=MESSAGE_KIND,
            to_address=m.user.email,
            recipient_id=m.user_id,
            operator_id=application.trainee.course.operator_id,
            subjects={"trainees": [application.trainee_id]},
            subject=subject,
            body=body,
        )
        for m in recruiters
        if m.user.email and m.user.is_active
    ]


def feedback_requests_send(*, today: dt.date | None = None) -> int:
    """Ask the employers of every hire due; returns how many hires were asked about."""
    today = today or timezone.localdate()
    asked = 0
    with translation.override(settings.LANGUAGE_CODE):
        for application in hires_due(today=today):
            with transaction.atomic():
                feedback, created = HireFeedback.objects.get_or_create(
                    application=application,
                    defaults={"due_on": application.start_date + dt.timedelta(days=after_days())},
                )
                if not created:
                    continue  # another run asked first
                drafts = _request_drafts(feedback)
                messages_enqueue_bulk(drafts=drafts)  # in this transaction
                if drafts:
                    feedback.requested_at = timezone.now()
                    feedback.save(update_fields=["requested_at", "updated_at"])
                asked += 1
    return asked


def feedback_answer(
    *, actor: Actor, feedback: HireFeedback, ratings: Mapping[int, int | None], comment: str
) -> HireFeedback:
    """Record (or change) the company's answer: ``ratings`` maps skill id → 1–5, or None for
    a skill the company could not judge; at least one skill of the posting is rated (or, for
    a posting that listed no skills, a comment is given)."""
    if not policies.can_answer_feedback(actor, feedback):
        raise PermissionDenied
    allowed = {ps.skill_id for ps in selectors.posting_skills_of(feedback=feedback)}
    given = {int(k): v for k, v in ratings.items() if v not in (None, "")}
    stray = set(given) - allowed
    if stray:
        raise ValidationError(
            _("Rate only the skills the posting asked for."),
            code=FeedbackErrorCode.NOT_A_POSTING_SKILL,
        )
    for value in given.values():
        if not 1 <= int(value) <= 5:  # type: ignore[arg-type]
            raise ValidationError(
                _("Rate each skill from 1 to 5."), code=FeedbackErrorCode.RATING_OUT_OF_RANGE
            )
    comment = comment.strip()
    if not given and (allowed or not comment):
        raise ValidationError(
            _("Rate at least one skill.") if allowed else _("Write a comment."),
            code=FeedbackErrorCode.NO_RATING,
        )
    feedback.comment = comment
    feedback.answered_at = timezone.now()
    feedback.answered_by = actor.user
    with transaction.atomic():
        feedback.full_clean(exclude=["application", "answered_by"])
        feedback.save()
        feedback.ratings.exclude(skill_id__in=list(given)).delete()
        for skill_id, value in given.items():
            SkillRating.objects.update_or_create(
                feedback=feedback,
                skill_id=skill_id,
                defaults={"rating": int(value)},  # type: ignore[arg-type]
            )
        event_record(
            actor=actor,
            verb="hire_feedback.answered",
            target=feedback,
            ratings={str(k): int(v) for k, v in given.items()},  # type: ignore[arg-type]
        )
    return feedback
