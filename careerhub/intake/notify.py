"""Emails to applicants, through the outbox (careerhub.messaging): written in the transaction
of the change that causes them, delivered by the task queue once it commits.

Links come from ``SITE_URL`` (``careerhub.messaging.links``), never from the request: a mail
read days later, sent by a worker, must point at the site's one public address. ``base_url``
is still accepted so callers need not change, and ignored."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from careerhub.core.actors import Actor
from careerhub.intake import tokens
from careerhub.intake.models import Application
from careerhub.messaging.links import absolute_url
from careerhub.messaging.models import MessageBatch
from careerhub.messaging.services import (
    Draft,
    message_batch_create,
    message_enqueue,
    messages_enqueue_bulk,
)


def _links(application: Application) -> dict[str, str]:
    return {
        "manage_url": absolute_url(
            reverse("intake_public:manage", args=[tokens.access_token(application)])
        ),
        "confirm_url": absolute_url(
            reverse("intake_public:confirm_email", args=[tokens.confirm_token(application)])
        ),
    }


def draft(*, application: Application, template: str, to: str = "", **context) -> Draft:
    """Render ``intake/email/<template>_subject.txt`` and ``..._body.txt`` in Korean."""
    with translation.override("ko"):
        ctx = {"application": application, "cohort": application.cohort, **context}
        ctx |= _links(application)
        subject = " ".join(render_to_string(f"intake/email/{template}_subject.txt", ctx).split())
        body = render_to_string(f"intake/email/{template}_body.txt", ctx)
    return Draft(
        kind=f"intake_{template}",
        to_address=to or application.email,
        subject=subject,
        body=body,
        subjects={"applicants": [application.pk]},
        # every intake mail carries the applicant's own access link: not for staff eyes
        secret=True,
    )


def send(
    *, application: Application, template: str, base_url: str = "", to: str = "", **context
) -> None:
    """Put one email to the applicant in the outbox (sent once the transaction commits)."""
    d = draft(application=application, template=template, to=to, **context)
    message_enqueue(
        kind=d.kind,
        to_address=d.to_address,
        subject=d.subject,
        body=d.body,
        subjects=d.subjects,
        secret=d.secret,
    )


def send_many(
    *, applications: Iterable[Application], template: str, title: str, actor: Actor
) -> MessageBatch:
    """One bulk send (e.g. a cohort's results): one batch staff can follow, rows written in
    the caller's transaction with a few INSERTs; the request sends nothing itself."""
    batch = message_batch_create(
        title=title or _("Emails to applicants"),
        kind=f"intake_{template}",
        created_by_id=actor.user_id,
    )
    messages_enqueue_bulk(
        drafts=[draft(application=a, template=template) for a in applications], batch=batch
    )
    return batch
