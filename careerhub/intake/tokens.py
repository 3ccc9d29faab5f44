"""Signed links that let an applicant reach their own application without an account.

The access link carries the application id and its ``access_version``; bumping the version
(for example after an email change) makes every older link invalid, and it expires after
``APPLICANT_LINK_MAX_AGE_DAYS`` (a new one is sent by email from the link-request page).
The email-confirmation link also carries the address it was sent to, so confirming an old
address does nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from careerhub.intake.models import Application

ACCESS_SALT = "careerhub.intake.access"
CONFIRM_SALT = "careerhub.intake.confirm"
CONFIRM_MAX_AGE = 14 * 24 * 3600


def access_token(application: Application) -> str:
    return signing.dumps({"a": application.pk, "v": application.access_version}, salt=ACCESS_SALT)


def confirm_token(application: Application) -> str:
    return signing.dumps({"a": application.pk, "e": application.email_key}, salt=CONFIRM_SALT)


class AccessLinkExpired(Exception):
    """A genuine access link, older than ``APPLICANT_LINK_MAX_AGE_DAYS``.

    ``application`` is the application it was made for (still current), so the expired page
    can offer a new link for the right cohort; None when that link was replaced since.
    """

    def __init__(self, application: Application | None):
        super().__init__("access link expired")
        self.application = application


def access_max_age_days() -> int:
    return settings.APPLICANT_LINK_MAX_AGE_DAYS


def access_max_age() -> int:
    return access_max_age_days() * 24 * 3600


def _application_for(data: object) -> Application | None:
    if not isinstance(data, dict):
        return None
    return (
        Application.objects.select_related("cohort")
        .filter(pk=data.get("a"), access_version=data.get("v"))
        .first()
    )


def application_for_access_token(token: str) -> Application | None:
    """The application a link opens; None for a forged or replaced link. Raises
    ``AccessLinkExpired`` for a genuine link older than ``APPLICANT_LINK_MAX_AGE_DAYS``."""
    try:
        data = signing.loads(token, salt=ACCESS_SALT, max_age=access_max_age())
    except signing.SignatureExpired:
        # genuine but too old: say so (and for which application) instead of a bare 404
        raise AccessLinkExpired(_application_for(signing.loads(token, salt=ACCESS_SALT))) from None
    except signing.BadSignature:
        return None
    return _application_for(data)


def application_for_confirm_token(token: str) -> Application | None:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    return Application.objects.filter(pk=data.get("a"), email_key=data.get("e")).first()
