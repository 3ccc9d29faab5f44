"""Each person's channel choice and consent to receive: reads and writes.

Only the person changes their own preference (``contact_preference_set``); the one-click
opt-out link of a text message or job alert (``contact_preference_stop``) is the other way in,
and needs no sign-in because the code in it only turns messages off. Every change leaves an
event (who, when, what, the notice version), so the consent record is complete even after the
person changes their mind several times.

Consent to receive on a phone is kept apart from the academy's data-processing consents
(``academy.Consent`` is per trainee and per processing purpose; this is per user, for any
role, and only about how messages reach them) — the same shape of record: given at, notice
version, withdrawn at.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerhub.core import korean
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.messaging.errors import MessagingErrorCode
from careerhub.messaging.models import ContactPreference

CONSENT_VERSION = "2026-12"
CONSENT_NOTICE = gettext_lazy(
    "I agree that the program office collects my mobile phone number and uses it to send me "
    "the notices I receive by email as text messages or KakaoTalk notifications, until I "
    "withdraw. I may refuse; I then receive every notice by email only."
)
"""What the person agrees to when they choose a phone channel (shown beside the choice)."""


def contact_preference_of(user_id: int) -> ContactPreference:
    """The person's preference; an unsaved default (email only) when they never chose."""
    pref = ContactPreference.objects.filter(user_id=user_id).first()
    return pref or ContactPreference(user_id=user_id)


@dataclass(frozen=True)
class PreferenceChoice:
    phone_channel: str = ""
    phone: str = ""
    consent: bool = False
    announcements: bool = True
    job_alerts: bool = False


def _clean_phone(value: str) -> str:
    if not value.strip():
        return ""
    digits = korean.phone_normalize(value)
    if not korean.phone_is_valid(value) or not digits.startswith("01"):
        raise ValidationError(
            {"phone": _("Enter a mobile phone number, e.g. 010-1234-5678.")},
            code=MessagingErrorCode.INVALID_PHONE,
        )
    return korean.format_phone(digits)


def contact_preference_set(
    *, actor: Actor, user_id: int, choice: PreferenceChoice
) -> ContactPreference:
    """The person's own choice of channel, consent and subscriptions."""
    if actor.user_id != user_id:
        raise PermissionDenied
    channel = choice.phone_channel
    if channel not in ContactPreference.PhoneChannel.values:
        raise ValidationError(
            {"phone_channel": _("Choose how messages reach you.")},
            code=MessagingErrorCode.INVALID_CHANNEL,
        )
    phone = _clean_phone(choice.phone)
    if channel and not phone:
        raise ValidationError(
            {"phone": _("Enter the mobile phone number the messages go to.")},
            code=MessagingErrorCode.INVALID_PHONE,
        )
    if channel and not choice.consent:
        raise ValidationError(
            {"consent": _("Messages on your phone need your consent.")},
            code=MessagingErrorCode.CONSENT_REQUIRED,
        )
    now = timezone.now()
    with transaction.atomic():
        pref = ContactPreference.objects.select_for_update().filter(user_id=user_id).first()
        pref = pref or ContactPreference(user_id=user_id)
        was_active = pref.pk is not None and pref.phone_active
        before = (pref.phone_channel, pref.phone, pref.job_alerts, pref.announcements_stopped_at)
        if channel:
            if not was_active or pref.phone != phone:
                pref.consented_at, pref.consent_version = now, CONSENT_VERSION
            pref.phone_channel, pref.phone = channel, phone
        else:
            if was_active:
                pref.withdrawn_at = now
            pref.phone_channel = ""
            pref.phone = phone
        pref.job_alerts = choice.job_alerts
        if choice.announcements:
            pref.announcements_stopped_at = None
        elif pref.announcements_stopped_at is None:
            pref.announcements_stopped_at = now
        pref.full_clean(exclude=["user"])
        pref.save()
        after = (pref.phone_channel, pref.phone, pref.job_alerts, pref.announcements_stopped_at)
        if before != after:
            event_record(
                actor=actor,
                verb="contact_preference.changed",
                target=pref,
                phone_channel=pref.phone_channel or "email",
                consent=(
                    "given"
                    if channel and not was_active
                    else "withdrawn"
                    if was_active and not channel
                    else ""
                ),
                notice_version=CONSENT_VERSION if channel else "",
                job_alerts=pref.job_alerts,
                announcements=pref.announcements_stopped_at is None,
            )
    return pref


STOP_ALL = "all"


def contact_preference_stop(*, code: str) -> ContactPreference | None:
    """The one-click opt-out: phone messages, job alerts and announcements all stop. None for
    an unknown code (the page then says the link is not valid)."""
    now = timezone.now()
    with transaction.atomic():
        pref = ContactPreference.objects.select_for_update().filter(stop_code=code).first()
        if pref is None:
            return None
        was_active = pref.phone_active
        if was_active:
            pref.withdrawn_at = now
        pref.phone_channel = ""
        pref.job_alerts = False
        pref.announcements_stopped_at = pref.announcements_stopped_at or now
        pref.save()
        event_record(
            actor=None,
            verb="contact_preference.stopped",
            target=pref,
            consent="withdrawn" if was_active else "",
            via="opt-out link",
        )
    return pref


def announcement_stopped_user_ids(user_ids) -> set[int]:
    """Of ``user_ids``: those who asked not to receive staff announcements."""
    return set(
        ContactPreference.objects.filter(
            user_id__in=user_ids, announcements_stopped_at__isnull=False
        ).values_list("user_id", flat=True)
    )
