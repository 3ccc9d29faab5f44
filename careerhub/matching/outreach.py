"""Targeted messages: staff write to a filtered group of trainees about an opening, a match
day or an event (e.g. "unplaced completers of the data-analyst role, available this month").

- Who may send: the program office (every trainee) and an operator's staff (their own
  operators' trainees). Consultants and companies may not.
- The group: trainees of the sender's scope, not dropped out, filtered on cohort, course,
  role (desired or the course's track), status, not yet placed, and available by a date.
- Who receives it: of the group, each trainee with a login (so the message has an opt-out)
  who has not stopped announcements. ``audience_for`` answers both the preview (count and
  list, with who is left out and why) and the send, so the preview is exactly the recipients;
  the send also checks that the group has not changed since the preview (``digest``).
- The send is one ``MessageBatch`` staff follow on its progress page; each email ends with
  the recipient's one-click opt-out link, and a recipient who chose text messages or
  KakaoTalk also gets the phone copy (daytime only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerhub.academy.models import Trainee
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.matching import adapter
from careerhub.matching.errors import MatchingErrorCode
from careerhub.messaging import phone
from careerhub.messaging import services as messaging
from careerhub.messaging.models import ContactPreference, MessageBatch
from careerhub.messaging.preferences import announcement_stopped_user_ids

KIND = "announcement"

TOPICS = {
    "opening": gettext_lazy("A job opening"),
    "match_day": gettext_lazy("A match day"),
    "event": gettext_lazy("An event"),
}


def can_send_announcements(actor: Actor) -> bool:
    return actor.program_staff or bool(actor.staff_operator_ids)


def audience_scope(actor: Actor) -> QuerySet[Trainee]:
    """The trainees ``actor`` may write to."""
    qs = Trainee.objects.exclude(status=Trainee.Status.DROPPED)
    if actor.program_staff:
        return qs
    if actor.staff_operator_ids:
        return qs.filter(course__operator_id__in=actor.staff_operator_ids)
    return qs.none()


@dataclass(frozen=True)
class Audience:
    cohort_id: int | None = None
    course_id: int | None = None
    role_id: int | None = None
    status: str = ""
    unplaced: bool = False
    available_by: dt.date | None = None


@dataclass
class AudiencePreview:
    recipients: list[Trainee]
    left_out: dict[str, list[Trainee]] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        ids = ",".join(str(t.pk) for t in self.recipients)
        return hashlib.sha256(ids.encode()).hexdigest()[:16]


def audience_for(*, actor: Actor, audience: Audience, today: dt.date) -> AudiencePreview:
    """The recipients of a message to ``audience`` (and who is left out, and why)."""
    if not can_send_announcements(actor):
        raise PermissionDenied
    qs = audience_scope(actor)
    if audience.cohort_id:
        qs = qs.filter(course__cohort_id=audience.cohort_id)
    if audience.course_id:
        qs = qs.filter(course_id=audience.course_id)
    if audience.role_id:
        qs = qs.filter(Q(desired_roles=audience.role_id) | Q(course__track_role=audience.role_id))
    if audience.status:
        qs = qs.filter(status=audience.status)
    if audience.unplaced:
        qs = adapter.matchable_trainees(qs, today=today)
    if audience.available_by:
        qs = qs.filter(
            Q(available_from__isnull=True) | Q(available_from__lte=audience.available_by)
        )
    trainees = list(
        Trainee.objects.filter(pk__in=qs.values("pk"))
        .select_related("course__cohort", "course__operator", "user")
        .order_by("course__cohort__number", "course__name", "name", "pk")
    )
    stopped = announcement_stopped_user_ids([t.user_id for t in trainees if t.user_id])
    preview = AudiencePreview(recipients=[], left_out={"no_login": [], "opted_out": []})
    for trainee in trainees:
        if trainee.user_id is None:
            preview.left_out["no_login"].append(trainee)
        elif trainee.user_id in stopped:
            preview.left_out["opted_out"].append(trainee)
        else:
            preview.recipients.append(trainee)
    return preview


def announcement_send(
    *,
    actor: Actor,
    audience: Audience,
    topic: str,
    subject: str,
    body: str,
    expected_digest: str,
    today: dt.date | None = None,
) -> MessageBatch:
    """Send the message to the previewed group as one batch."""
    today = today or timezone.localdate()
    errors = {}
    if topic not in TOPICS:
        errors["topic"] = _("Choose what the message is about.")
    if not subject.strip():
        errors["subject"] = _("Write a subject.")
    if not body.strip():
        errors["body"] = _("Write the message.")
    if errors:
        raise ValidationError(errors, code=MatchingErrorCode.INVALID_ANNOUNCEMENT)
    preview = audience_for(actor=actor, audience=audience, today=today)
    if preview.digest != expected_digest:
        raise ValidationError(
            _("The group changed since the preview. Check the new list and send again."),
            code=MatchingErrorCode.AUDIENCE_CHANGED,
        )
    if not preview.recipients:
        raise ValidationError(
            _("Nobody in this group can receive the message."),
            code=MatchingErrorCode.AUDIENCE_EMPTY,
        )
    operators = {t.course.operator_id for t in preview.recipients}
    with transaction.atomic():
        prefs = _preferences_for([t.user_id for t in preview.recipients if t.user_id])
        batch = messaging.message_batch_create(
            title=subject,
            kind=KIND,
            created_by_id=actor.user_id,
            operator_id=operators.pop() if len(operators) == 1 else None,
        )
        drafts = []
        with translation.override(settings.LANGUAGE_CODE):
            for trainee in preview.recipients:
                pref = prefs[trainee.user_id]
                footer = _(
                    "You receive this because you are a trainee of the academy. "
                    "Stop announcements: %(url)s"
                ) % {"url": phone.stop_url(pref)}
                drafts.append(
                    messaging.Draft(
                        kind=KIND,
                        to_address=trainee.user.email if trainee.user else trainee.email,
                        subject=subject,
                        body=f"{body.strip()}\n\n--\n{footer}\n",
                        recipient_id=trainee.user_id,
                        operator_id=trainee.course.operator_id,
                        subjects={"trainees": [trainee.pk]},
                        meta={"topic": topic, "phone_values": {"subject": subject[:40]}},
                    )
                )
        messaging.messages_enqueue_bulk(drafts=drafts, batch=batch)
        event_record(
            actor=actor,
            verb="announcement.sent",
            target=batch,
            topic=topic,
            recipients=len(drafts),
            left_out={k: len(v) for k, v in preview.left_out.items()},
        )
    return batch


def _preferences_for(user_ids: list[int]) -> dict[int, ContactPreference]:
    """Each recipient's preference (made for those who have none: it holds the opt-out code)."""
    existing = {p.user_id: p for p in ContactPreference.objects.filter(user_id__in=user_ids)}
    missing = [ContactPreference(user_id=uid) for uid in user_ids if uid not in existing]
    if missing:
        ContactPreference.objects.bulk_create(missing)
        existing |= {
            p.user_id: p
            for p in ContactPreference.objects.filter(user_id__in=[m.user_id for m in missing])
        }
    return existing
