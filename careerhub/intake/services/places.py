"""Answering an offered place, moving the waitlist up, and enrolling in academy."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from careerhub.academy import services as academy_services
from careerhub.academy.hooks import TraineeDropped
from careerhub.academy.models import Consent, Course, Trainee, TraineeSkill
from careerhub.accounts.actors import actor_for
from careerhub.accounts.models import Role, User
from careerhub.accounts.services import membership_grant
from careerhub.core.actors import Actor
from careerhub.core.choices import Region
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.intake import clock, notify, policies
from careerhub.intake.errors import IntakeErrorCode
from careerhub.intake.models import Application, ApplicationChoice, SelectionRun
from careerhub.intake.services.common import Outcome, _published
from careerhub.messaging.links import absolute_url
from careerhub.taxonomy.selectors import skill_resolve

REFILL_DAYS_AFTER_START = 7
"""A freed place is offered to the waitlist until this many days after the course starts."""


def _held_choice(application: Application) -> ApplicationChoice:
    choice = (
        ApplicationChoice.objects.select_for_update()
        .select_related("course")
        .filter(application=application, outcome=Outcome.SELECTED)
        .first()
    )
    if choice is None or not _published(application.cohort_id):
        raise ValidationError(
            _("There is no place offered to you to answer."), code=IntakeErrorCode.NO_OFFER
        )
    return choice


def offer_accept(*, application: Application, base_url: str) -> Trainee:
    """The selected applicant confirms: they become a trainee of the course, their profile,
    skills and consents carried over, and they leave the waitlists of their other choices."""
    with transaction.atomic():
        choice = _held_choice(application)
        course = Course.objects.select_for_update().get(pk=choice.course_id)
        now = clock.now()
        trainee = _enrol(application, course, now)
        choice.outcome = Outcome.ENROLLED
        choice.outcome_changed_at = now
        choice.save(update_fields=["outcome", "outcome_changed_at"])
        application.choices.filter(outcome=Outcome.WAITLISTED).update(
            outcome=Outcome.CLOSED, waitlist_position=None, outcome_changed_at=now
        )
        application.trainee = trainee
        application.save(update_fields=["trainee", "updated_at"])
        event_record(
            actor=None, verb="application.place_accepted", target=application, course=course.pk
        )
        notify.send(
            application=application,
            template="enrolled",
            base_url=base_url,
            password_url=_password_url(trainee.user, base_url),
        )
    return trainee


def offer_decline(*, application: Application, base_url: str) -> Application:
    """The applicant gives up the place (and every waitlist); the place goes to the next."""
    with transaction.atomic():
        choice = _held_choice(application)
        now = clock.now()
        choice.outcome = Outcome.DECLINED
        choice.outcome_changed_at = now
        choice.save(update_fields=["outcome", "outcome_changed_at"])
        application.choices.filter(outcome=Outcome.WAITLISTED).update(
            outcome=Outcome.CLOSED, waitlist_position=None, outcome_changed_at=now
        )
        event_record(
            actor=None,
            verb="application.place_declined",
            target=application,
            course=choice.course_id,
        )
        _refill([choice.course_id], actor=None, base_url=base_url)
    return application


def places_refill(*, actor: Actor, course: Course, base_url: str) -> list[Application]:
    """Offer the free places of ``course`` to its waitlist, best first (and the places those
    applicants leave to the next, and so on). Staff who screen the course only."""
    if not policies.can_screen_course(actor, course):
        raise PermissionDenied
    with transaction.atomic():
        return _refill([course.pk], actor=actor, base_url=base_url)


def trainee_dropped_receive(*, actor: Actor, dropped: TraineeDropped) -> list[str]:
    """Academy's ``trainee_dropped`` hook (registered in ``IntakeConfig.ready``): a dropout
    in the first week frees a place for the course's waitlist. Runs inside the dropout's
    transaction with the rights of whoever recorded it, so a refill that is refused or fails
    undoes the dropout too."""
    course = Course.objects.get(pk=dropped.course_id)
    promoted = places_refill(actor=actor, course=course, base_url=dropped.base_url)
    return [
        _("The freed place was offered to %(name)s from the waitlist.") % {"name": a.name}
        for a in promoted
    ]


def free_places(course: Course) -> int:
    held = ApplicationChoice.objects.filter(course=course, outcome=Outcome.SELECTED).count()
    seated = course.trainees.exclude(status=Trainee.Status.DROPPED).count()
    return max(0, course.capacity - held - seated)


def refill_open(course: Course, today: dt.date | None = None) -> bool:
    today = today or clock.now().astimezone(korean_tz()).date()
    return today <= course.start_date + dt.timedelta(days=REFILL_DAYS_AFTER_START)


def korean_tz():
    from django.utils import timezone

    return timezone.get_default_timezone()


def _refill(course_ids: list[int], *, actor, base_url: str) -> list[Application]:
    promoted: list[Application] = []
    queue = list(course_ids)
    while queue:
        course = Course.objects.select_for_update().get(pk=queue.pop(0))
        if not _published(course.cohort_id) or not refill_open(course):
            continue
        for _i in range(free_places(course)):
            choice = (
                ApplicationChoice.objects.select_related("application__cohort")
                .filter(
                    course=course,
                    outcome=Outcome.WAITLISTED,
                    application__withdrawn_at__isnull=True,
                )
                .order_by("waitlist_position", "pk")
                .first()
            )
            if choice is None:
                break
            application = choice.application
            now = clock.now()
            released = application.choices.filter(outcome=Outcome.SELECTED).first()
            if released is not None:  # a lower choice: give it back
                released.outcome = Outcome.CLOSED
                released.outcome_changed_at = now
                released.save(update_fields=["outcome", "outcome_changed_at"])
                queue.append(released.course_id)
            choice.outcome = Outcome.SELECTED
            choice.waitlist_position = None
            choice.outcome_changed_at = now
            choice.save(update_fields=["outcome", "waitlist_position", "outcome_changed_at"])
            application.choices.filter(outcome=Outcome.WAITLISTED, rank__gt=choice.rank).update(
                outcome=Outcome.CLOSED, waitlist_position=None, outcome_changed_at=now
            )
            event_record(
                actor=actor,
                verb="application.moved_up",
                target=application,
                course=course.pk,
                released_course=released.course_id if released else None,
            )
            notify.send(
                application=application, template="moved_up", base_url=base_url, course=course
            )
            promoted.append(application)
    return promoted


def _enrolling_actor(cohort_id: int) -> Actor:
    """Whose rights an accepted place is enrolled with: the program office member who
    published the selection — publishing is what offered the place; the applicant only holds
    it (their acceptance is its own event, ``application.place_accepted``, without actor)."""
    run = (
        SelectionRun.objects.filter(cohort_id=cohort_id, published_at__isnull=False)
        .select_related("published_by")
        .order_by("-published_at", "-pk")
        .first()
    )
    return actor_for(run.published_by if run is not None else None)


def _enrol(application: Application, course: Course, now: dt.datetime) -> Trainee:
    """The trainee for an accepted place, through academy's enrolment (a trainee already
    in the course with the same email address is kept, and given a login if it has none)."""
    actor = _enrolling_actor(application.cohort_id)
    trainee = Trainee.objects.filter(course=course, email__iexact=application.email).first()
    try:
        if trainee is None:
            today = now.astimezone(korean_tz()).date()
            regions = [application.region] if application.region in Region.values else []
            level = TraineeSkill.Level.ELEMENTARY
            links = (
                [(_("Portfolio"), application.portfolio_url)] if application.portfolio_url else []
            )
            trainee = academy_services.trainee_enrol(
                actor=actor,
                course=course,
                name=application.name,
                email=application.email,
                phone=application.phone,
                birth_date=application.birth_date,
                enrolled_on=max(course.start_date, today),
                user=_login_for(application),
                desired_regions=regions,
                introduction=application.motivation,
                skills=dict.fromkeys(_skills_from_text(application.skills_text), level),
                links=links,
                consents={
                    Consent.Purpose.COLLECTION: application.consent_collection_at,
                    Consent.Purpose.PROVISION_OPERATOR: application.consent_provision_at,
                },
                consent_version=application.consent_version,
                reason=_("Enrolment confirmed (application %(receipt)s)")
                % {"receipt": application.receipt_number},
                reference=application.receipt_number,
            )
        elif trainee.user_id is None:
            user = _login_for(application)
            if user is not None:
                academy_services.trainee_user_link(actor=actor, trainee=trainee, user=user)
    except PermissionDenied:
        # The selection's publisher lost their rights since: the office must enrol by hand.
        raise ValidationError(
            _("Your place cannot be confirmed online. Please contact the program office."),
            code=IntakeErrorCode.ENROLMENT_REFUSED,
        ) from None
    return trainee


def _skills_from_text(text: str) -> list[int]:
    """Skill ids named in free text ("파이썬, SQL / PyTorch"), through the taxonomy aliases."""
    ids: list[int] = []
    for part in text.replace("/", ",").replace("·", ",").replace(";", ",").split(","):
        skill = skill_resolve(text=part.strip()) if part.strip() else None
        if skill is not None and skill.pk not in ids:
            ids.append(skill.pk)
    return ids


def _login_for(application: Application) -> User | None:
    user = User.objects.filter(email__iexact=application.email).first()
    if user is None:
        user = User(email=application.email.lower(), name=application.name, phone=application.phone)
        user.set_unusable_password()
        user.save()
    elif Trainee.objects.filter(user=user).exists():
        return None  # the login already belongs to another trainee record
    membership_grant(actor=None, user=user, role=Role.TRAINEE)
    return user


def _password_url(user: User | None, base_url: str) -> str:
    if user is None or user.has_usable_password():
        return ""
    # Links in mail come from SITE_URL (careerhub.messaging.links), not the request.
    return absolute_url(
        reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
