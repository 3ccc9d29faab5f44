"""Signed links that let an applicant reach their own application without an account.

The access link carries the application id and its ``access_version``; bumping the version
(for example after an email change) makes every older link invalid. The email-confirmation
link also carries the address it was sent to, so confirming an old address does nothing.
"""

from __future__ import annotations

from django.core import signing

from careerhub.intake.models import Application

ACCESS_SALT = "careerhub.intake.access"
CONFIRM_SALT = "careerhub.intake.confirm"
CONFIRM_MAX_AGE = 14 * 24 * 3600


def access_token(application: Application) -> str:
    return signing.dumps({"a": application.pk, "v": application.access_version}, salt=ACCESS_SALT)


def confirm_token(application: Application) -> str:
    return signing.dumps({"a": application.pk, "e": application.email_key}, salt=CONFIRM_SALT)


def application_for_access_token(token: str) -> Application | None:
    try:
        data = signing.loads(token, salt=ACCESS_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        Application.objects.select_related("cohort")
        .filter(pk=data.get("a"), access_version=data.get("v"))
        .first()
    )


def application_for_confirm_token(token: str) -> Application | None:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    return Application.objects.filter(pk=data.get("a"), email_key=data.get("e")).first()
