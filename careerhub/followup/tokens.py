"""Signed links of check-ins, made the way intake signs an applicant's link
(``careerhub.intake.tokens``): ``django.core.signing`` with a salt of their own, the row's id
inside, and an age limit checked on the way in.

- The answer link carries the check-in's id; it works ``CHECKIN_LINK_MAX_AGE_DAYS`` (a
  reminder carries the same link, so the limit counts from the first message).
- The opt-out link carries the trainee's id and works for a year: someone who wants no more
  messages must not find the way out expired.

A forged or tampered link is None; a genuine one past its age raises ``LinkExpired``.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from careerhub.followup.models import CheckIn

ANSWER_SALT = "careerhub.followup.answer"
OPT_OUT_SALT = "careerhub.followup.opt_out"
OPT_OUT_MAX_AGE = 365 * 24 * 3600


class LinkExpired(Exception):
    """A genuine check-in link, older than ``CHECKIN_LINK_MAX_AGE_DAYS``."""


def link_max_age_days() -> int:
    return int(getattr(settings, "CHECKIN_LINK_MAX_AGE_DAYS", 30))


def answer_token(checkin: CheckIn) -> str:
    return signing.dumps({"c": checkin.pk, "t": checkin.trainee_id}, salt=ANSWER_SALT)


def opt_out_token(trainee_id: int) -> str:
    return signing.dumps({"t": trainee_id}, salt=OPT_OUT_SALT)


def checkin_for_token(token: str) -> CheckIn | None:
    try:
        data = signing.loads(token, salt=ANSWER_SALT, max_age=link_max_age_days() * 24 * 3600)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        CheckIn.objects.select_related("trainee__course__cohort", "job__company")
        .filter(pk=data.get("c"), trainee_id=data.get("t"))
        .first()
    )


def trainee_id_for_opt_out(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=OPT_OUT_SALT, max_age=OPT_OUT_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("t"), int):
        return None
    return data["t"]
