"""Messages on the phone: the short Korean text of each kind, and the extra phone message
written beside an email for a person who chose text messages or KakaoTalk.

``message_enqueue`` / ``messages_enqueue_bulk`` call :func:`phone_drafts` with the drafts they
are about to write; for each email draft whose recipient has an active phone channel (chosen,
with a number and consent) and whose kind has a text here, one more draft goes into the same
transaction. So every app that sends an email gets the phone copy without knowing about it.

Rules the texts keep:

- An SMS holds 90 bytes of EUC-KR; the transactional texts fit in one (a test checks it), a
  longer text (a job alert, an announcement) goes as LMS.
- A text never carries a sign-in link: for a password reset it says to read the email.
- Every text ends with an opt-out. A notice about the person's own application or booking
  says where to turn messages off (the settings page); a job alert or an announcement carries
  the one-click opt-out link (``stop_url``). Those two are not advertising for profit (the
  sender is the publicly funded program office and the person subscribed), but they are
  treated like advertising under 정보통신망법 제50조 anyway: sent only to people who opted in
  (job alerts) or did not opt out (announcements), with the sender's name and a free
  opt-out in the message, and not at night (21:00–08:00: the phone copy waits until 08:00).
- 알림톡 uses a template registered with Kakao (``ALIMTALK_TEMPLATES``: kind → templateId); its
  registered text must be the Korean text below with ``#{count}``, ``#{url}``, ``#{subject}``
  where the values go (the same text is the SMS sent when KakaoTalk cannot deliver). A kind
  without a registered template goes to that person as a text message instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerhub.messaging import solapi
from careerhub.messaging.links import absolute_url
from careerhub.messaging.models import Channel, ContactPreference

if TYPE_CHECKING:
    from careerhub.messaging.services import Draft

TEXTS: dict[str, Promise] = {
    "application_update": gettext_lazy(
        "Your job application has an update. Please read your email."
    ),
    "match_day_unmatched": gettext_lazy("The match day result is out. Please read your email."),
    "consulting_booked": gettext_lazy(
        "Your consulting session is booked. The date and time are in your email."
    ),
    "consulting_cancelled": gettext_lazy(
        "Your consulting session was cancelled. Please read your email."
    ),
    "intake_result": gettext_lazy("Your selection result is out. Please read your email."),
    "intake_moved_up": gettext_lazy(
        "A place was offered to you from the waitlist. Please read your email."
    ),
    "intake_enrolled": gettext_lazy("Your enrolment is confirmed. Please read your email."),
    "password_reset": gettext_lazy("We emailed you a link to reset your password."),
    "consulting_reminder": gettext_lazy(
        "Your consulting session is tomorrow. The details are in your email."
    ),
    "interview_reminder": gettext_lazy(
        "Your interview is tomorrow. The details are in your email."
    ),
    "checkin": gettext_lazy("How are you doing since the course? The short form is in your email."),
    "checkin_reminder": gettext_lazy(
        "How are you doing since the course? The short form is in your email."
    ),
    "retention": gettext_lazy("Does your job continue? The short form is in your email."),
    "retention_reminder": gettext_lazy("Does your job continue? The short form is in your email."),
    "job_alert": gettext_lazy("%(count)s new openings fit you this week. Details: %(url)s"),
    "announcement": gettext_lazy("%(subject)s Details are in your email."),
}
"""The phone text of each kind (Korean in the catalogue). A kind not here gets no phone copy."""

LINK_OPT_OUT = frozenset({"job_alert", "announcement"})
"""Kinds that carry the one-click opt-out link (and wait for daytime)."""

QUIET_HOURS = (21, 8)
"""No job alert or announcement reaches a phone between 21:00 and 08:00 (local time)."""


def phone_channels_on() -> bool:
    return solapi.sms_configured()


def stop_url(pref: ContactPreference) -> str:
    return absolute_url(reverse("messaging:stop", args=[pref.stop_code]))


def phone_text(
    kind: str, *, pref: ContactPreference | None = None, values: Mapping[str, Any] | None = None
) -> str:
    """The Korean phone text of ``kind``: sender, text, opt-out. '' for a kind without one."""
    template = TEXTS.get(kind)
    if template is None:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(template)
        if values:
            text = text % dict(values)
        if kind in LINK_OPT_OUT and pref is not None:
            opt_out = _("Opt out: %(url)s") % {"url": stop_url(pref)}
        else:
            opt_out = _("Opt out: notification settings")
        return f"{_('[AI Academy]')} {text} {opt_out}"


def _daytime(now: dt.datetime) -> dt.datetime:
    """``now``, or 08:00 the next morning when ``now`` falls in the quiet hours."""
    local = timezone.localtime(now)
    start, end = QUIET_HOURS
    if local.hour >= start:
        local = (local + dt.timedelta(days=1)).replace(hour=end, minute=0, second=0, microsecond=0)
    elif local.hour < end:
        local = local.replace(hour=end, minute=0, second=0, microsecond=0)
    return local


def active_preferences(user_ids: Sequence[int]) -> dict[int, ContactPreference]:
    """The recipients with an active phone channel (one query)."""
    if not user_ids:
        return {}
    rows = ContactPreference.objects.filter(user_id__in=set(user_ids)).exclude(phone_channel="")
    return {p.user_id: p for p in rows if p.phone_active}


def phone_drafts(drafts: Sequence[Draft], *, now: dt.datetime) -> list[tuple[Draft, dt.datetime]]:
    """The phone copies of ``drafts`` (with when each may go), for recipients who chose one."""
    from careerhub.messaging.services import Draft

    if not phone_channels_on():
        return []
    wanted = [
        d
        for d in drafts
        if d.channel == Channel.EMAIL and d.recipient_id is not None and d.kind in TEXTS
    ]
    prefs = active_preferences([d.recipient_id for d in wanted if d.recipient_id is not None])
    if not prefs:
        return []
    alimtalk_on = solapi.alimtalk_configured()
    out: list[tuple[Draft, dt.datetime]] = []
    for draft in wanted:
        pref = prefs.get(draft.recipient_id or 0)
        if pref is None:
            continue
        values = dict(draft.meta.get("phone_values") or {})
        if draft.kind == "announcement":
            values.setdefault("subject", draft.subject[:40])
        try:
            text = phone_text(draft.kind, pref=pref, values=values)
        except (KeyError, ValueError, TypeError):  # a value the text needs is missing
            continue
        channel, meta = Channel.SMS, {}
        template_id = solapi.alimtalk_template_id(draft.kind)
        if pref.phone_channel == Channel.ALIMTALK and alimtalk_on and template_id:
            channel = Channel.ALIMTALK
            variables = {f"#{{{k}}}": str(v) for k, v in values.items()}
            meta = {"template_id": template_id, "variables": variables}
        out.append(
            (
                Draft(
                    kind=draft.kind,
                    to_address=pref.phone,
                    subject=draft.subject,
                    body=text,
                    recipient_id=draft.recipient_id,
                    operator_id=draft.operator_id,
                    subjects=draft.subjects,
                    channel=channel,
                    meta=meta,
                ),
                _daytime(now) if draft.kind in LINK_OPT_OUT else now,
            )
        )
    return out
