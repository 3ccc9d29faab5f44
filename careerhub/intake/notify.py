"""Emails to applicants, sent only after the transaction that caused them commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from careerhub.intake import tokens
from careerhub.intake.models import Application


def _links(application: Application, base_url: str) -> dict[str, str]:
    base = base_url.rstrip("/")
    return {
        "manage_url": base
        + reverse("intake_public:manage", args=[tokens.access_token(application)]),
        "confirm_url": base
        + reverse("intake_public:confirm_email", args=[tokens.confirm_token(application)]),
    }


def send(
    *, application: Application, template: str, base_url: str, to: str = "", **context
) -> None:
    """Render ``intake/email/<template>_subject.txt`` and ``..._body.txt`` in Korean and send
    them to the applicant once the current transaction commits."""
    with translation.override("ko"):
        ctx = {"application": application, "cohort": application.cohort, **context}
        ctx |= _links(application, base_url)
        subject = " ".join(render_to_string(f"intake/email/{template}_subject.txt", ctx).split())
        body = render_to_string(f"intake/email/{template}_body.txt", ctx)
    recipient = to or application.email
    _on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient]))


def _on_commit(callback) -> None:
    """Send only if the change is kept (tests inside one transaction replace this)."""
    transaction.on_commit(callback)
