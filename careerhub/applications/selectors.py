"""Reads of applications, scoped by who asks."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, QuerySet
from django.utils import timezone

from careerhub.academy.models import Trainee
from careerhub.applications import policies
from careerhub.applications.models import Application, Notification
from careerhub.applications.transitions import ACTIVE
from careerhub.core.actors import Actor
from careerhub.hiring.models import JobPosting, PostingStatus


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
