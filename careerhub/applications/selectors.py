"""Reads of applications, scoped by who asks."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.academy.models import Trainee
from careerhub.accounts.models import Membership, Role, User
from careerhub.applications import policies
from careerhub.applications.models import Application, Notification
from careerhub.applications.transitions import ACTIVE, Stage
from careerhub.core.actors import Actor
from careerhub.hiring.models import JobPosting, PostingStatus
from careerhub.messaging.ical import CalendarEvent, Person, event_uid, local_day_bounds
from careerhub.messaging.links import absolute_url


def application_list_for(*, actor: Actor, status: str = "") -> QuerySet[Application]:
    qs = policies.applications_visible_to(actor)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "-pk")


def stage_counts(applications: QuerySet[Application]) -> Counter[str]:
    return Counter(dict(applications.order_by().values_list("status").annotate(n=Count("pk"))))


def open_postings_for(*, trainee: Trainee) -> QuerySet[JobPosting]:
    """Open postings the trainee has no live application to, nearest deadline first."""
    applied = Application.objects.filter(trainee=trainee, status__in=ACTIVE).values("posting_id")
    return (
        JobPosting.objects.filter(status=PostingStatus.OPEN, deadline__gte=timezone.localdate())
        .exclude(pk__in=applied)
        .select_related("company", "role")
        .order_by("deadline", "pk")
    )


def active_application_count(*, trainee: Trainee) -> int:
    return Application.objects.filter(trainee=trainee, status__in=ACTIVE).count()


def notifications_for(*, actor: Actor, limit: int = 50) -> QuerySet[Notification]:
    return Notification.objects.filter(user=actor.user_id).order_by("-created_at")[:limit]


def unread_count(*, actor: Actor) -> int:
    return Notification.objects.filter(user=actor.user_id, read_at__isnull=True).count()


# --- calendar -------------------------------------------------------------------------------


def interview_minutes() -> int:
    """How long an interview is put in calendars (``INTERVIEW_MINUTES``, default 60): the
    application records when it starts, not when it ends."""
    return int(getattr(settings, "INTERVIEW_MINUTES", 60))


def recruiters_of(application: Application) -> list[User]:
    """The active recruiters of the posting's company."""
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.RECRUITER, company_id=application.posting.company_id, is_active=True
        ).select_related("user")
    ]


def interview_calendar_event(*, application: Application, cancelled: bool = False) -> CalendarEvent:
    """The application's current interview round as a calendar event: one UID per round
    (a reschedule keeps it, a further round gets its own), the row's sequence, the trainee and
    the company's recruiters as attendees."""
    posting = application.posting
    trainee = application.trainee
    attendees = [
        Person((trainee.user.email if trainee.user else "") or trainee.email, trainee.name)
    ]
    attendees += [Person(u.email, u.name) for u in recruiters_of(application) if u.email]
    url = absolute_url(reverse("applications:detail", args=[application.pk]))
    lines = [
        _("Company: %(company)s") % {"company": posting.company.name},
        _("Job posting: %(posting)s") % {"posting": posting.title},
        _("Candidate: %(trainee)s") % {"trainee": trainee.name},
    ]
    if application.interview_link:
        lines.append(_("Video link: %(url)s") % {"url": application.interview_link})
    lines.append(_("See the application: %(url)s") % {"url": url})
    starts = application.interview_at
    assert starts is not None, "an interview event needs the interview's time"
    return CalendarEvent(
        uid=event_uid("application", application.pk, "interview", application.interview_round or 1),
        sequence=application.interview_sequence,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=interview_minutes()),
        summary=_("Interview: %(company)s · %(posting)s (%(trainee)s)")
        % {"company": posting.company.name, "posting": posting.title, "trainee": trainee.name},
        description="\n".join(lines),
        location=application.interview_place or application.interview_link,
        url=url,
        attendees=tuple(p for p in attendees if p.email),
        cancelled=cancelled,
    )


def upcoming_interviews_of_person(*, actor: Actor) -> QuerySet[Application]:
    """Scheduled interviews not yet over where the actor is the candidate or a recruiter of the
    company: the person's own calendar."""
    if not actor.is_authenticated:
        return Application.objects.none()
    since = timezone.now() - dt.timedelta(minutes=interview_minutes())
    return (
        Application.objects.filter(
            Q(trainee_id__in=actor.trainee_ids)
            | Q(posting__company_id__in=actor.recruiter_company_ids),
            status=Stage.INTERVIEW_SCHEDULED,
            interview_at__gte=since,
        )
        .select_related("trainee__user", "posting__company")
        .order_by("interview_at", "pk")
    )


def interviews_to_remind(*, tomorrow: dt.date) -> QuerySet[Application]:
    """Interviews on ``tomorrow`` (local date) whose reminder has not gone out."""
    start, end = local_day_bounds(tomorrow)
    return (
        Application.objects.filter(
            status=Stage.INTERVIEW_SCHEDULED,
            interview_reminded_at__isnull=True,
            interview_at__gte=start,
            interview_at__lt=end,
        )
        .select_related("trainee__user", "trainee__course", "posting__company")
        .order_by("interview_at", "pk")
    )
