"""Job alerts: a weekly digest of new openings that fit a trainee, through the outbox.

A trainee subscribes on their notification settings page (``ContactPreference.job_alerts``).
The scheduler runs ``job_alerts_task`` once a day; each subscriber gets at most one digest a
week (7 days after the last one), built from their current recommendations (the stored run,
or a fresh one when anything it depends on changed) and holding only job postings no earlier
digest named. Nothing new: no message, and the next day is tried again. Each digest is one
email (with the one-click opt-out link) and, for a trainee who chose it, its phone copy.

It lives in matching because it reads recommendations; messaging below only stores the
subscription and delivers.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careerhub.academy.models import Trainee
from careerhub.core.actors import Actor
from careerhub.matching import adapter
from careerhub.matching.services.recommendations import recommendations_refresh
from careerhub.messaging import phone
from careerhub.messaging import services as messaging
from careerhub.messaging.links import absolute_url
from careerhub.messaging.models import ContactPreference, Message

try:  # Django 6 ships the tasks framework; 5.2 uses the django-tasks backport
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

logger = logging.getLogger(__name__)

KIND = "job_alert"
EVERY = dt.timedelta(days=7)
TOP = 10
"""At most this many openings in one digest (the best fitting first)."""


def _already_sent(user_id: int) -> set[str]:
    """Opening keys earlier digests to ``user_id`` named."""
    keys: set[str] = set()
    for meta in Message.objects.filter(
        kind=KIND, recipient_id=user_id, channel="email"
    ).values_list("meta", flat=True):
        keys.update((meta or {}).get("openings", []))
    return keys


def subscribers_due(*, now: dt.datetime):
    return ContactPreference.objects.filter(job_alerts=True).filter(
        Q(job_alerts_sent_at__isnull=True) | Q(job_alerts_sent_at__lte=now - EVERY)
    )


def job_alert_for(*, pref: ContactPreference, now: dt.datetime) -> Message | None:
    """Write one subscriber's digest (None when there is nothing new or nobody to send to)."""
    trainee = (
        adapter.matchable_trainees(
            Trainee.objects.filter(user_id=pref.user_id), today=timezone.localdate(now)
        )
        .select_related("course")
        .first()
    )
    if trainee is None:  # no trainee record, dropped out, or already placed
        return None
    actor = Actor(user=trainee.user, trainee_ids=frozenset({trainee.pk}))
    run = recommendations_refresh(actor=actor, trainee=trainee, today=timezone.localdate(now))
    seen = _already_sent(pref.user_id)
    items = [
        item
        for item in run.items.select_related("posting__company").order_by("rank")
        if item.posting_id is not None and item.opening_key not in seen
    ][:TOP]
    if not items:
        return None
    link = absolute_url(reverse("matching:mine"))
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(count)s new openings that fit you") % {"count": len(items)}
        context = {
            "name": trainee.name,
            "items": items,
            "link": link,
            "stop_url": phone.stop_url(pref),
            "settings_url": absolute_url(reverse("messaging:settings")),
        }
        body = render_to_string("matching/email/job_alert.txt", context)
    with transaction.atomic():
        message = messaging.message_enqueue(
            kind=KIND,
            to_address=trainee.user.email if trainee.user else trainee.email,
            subject=subject,
            body=body,
            recipient_id=pref.user_id,
            operator_id=trainee.course.operator_id,
            subjects={"trainees": [trainee.pk]},
            meta={
                "openings": [item.opening_key for item in items],
                "phone_values": {"count": len(items), "url": link},
            },
        )
        ContactPreference.objects.filter(pk=pref.pk).update(job_alerts_sent_at=now)
    return message


def job_alerts_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """One daily pass: a digest for each subscriber whose last one is a week old."""
    now = now or timezone.now()
    counts = {"due": 0, "sent": 0, "nothing_new": 0}
    for pref in subscribers_due(now=now).select_related("user"):
        counts["due"] += 1
        try:
            message = job_alert_for(pref=pref, now=now)
        except Exception:  # one trainee's problem must not stop everyone else's digest
            logger.exception("job alert for user %s failed", pref.user_id)
            continue
        counts["sent" if message is not None else "nothing_new"] += 1
    return counts


@task()
def job_alerts_task() -> dict[str, int]:
    return job_alerts_send()
