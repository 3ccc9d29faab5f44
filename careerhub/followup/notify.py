"""The check-in messages, through the outbox (``careerhub.messaging``), written in Korean in
the transaction that records the check-in. Every one carries its own answer link and an
opt-out link (``tokens``), so it is marked secret: staff see that it was sent, not the link.
``message_enqueue`` sends it on the channel the person chose (email by default)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from careerhub.followup import tokens
from careerhub.followup.models import CheckIn
from careerhub.messaging.links import absolute_url
from careerhub.messaging.services import message_enqueue


def _render(template: str, context: dict) -> tuple[str, str]:
    with translation.override("ko"):
        subject = " ".join(
            render_to_string(f"followup/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"followup/email/{template}_body.txt", context)
    return subject, body


def checkin_send(*, checkin: CheckIn, reminder: bool = False) -> None:
    """The question (or its one reminder) to whoever the check-in asks."""
    trainee = checkin.trainee
    context = {
        "checkin": checkin,
        "trainee": trainee,
        "employer": checkin.respondent == CheckIn.Respondent.EMPLOYER,
        "company": checkin.job.employer if checkin.job_id else "",
        "reminder": reminder,
        "days": tokens.link_max_age_days(),
        "answer_url": absolute_url(
            reverse("followup_public:answer", args=[tokens.answer_token(checkin)])
        ),
        "opt_out_url": absolute_url(
            reverse("followup_public:opt_out", args=[tokens.opt_out_token(trainee.pk)])
        ),
    }
    template = "retention" if checkin.kind == CheckIn.Kind.RETENTION else "checkin"
    subject, body = _render(template, context)
    kind = f"{template}_reminder" if reminder else template
    message_enqueue(
        kind=kind,
        to_address=checkin.to_address,
        subject=subject,
        body=body,
        recipient_id=checkin.recipient_id,
        operator_id=trainee.course.operator_id,
        subjects={"trainees": [trainee.pk]},
        secret=True,
    )


def follow_up_send(*, checkin: CheckIn) -> None:
    """Tell the trainee's consultant that a graduate is still seeking (no link to answers:
    the follow-up list is behind their login)."""
    trainee = checkin.trainee
    consultant = trainee.consultant
    if consultant is None or not consultant.email:
        return
    subject, body = _render(
        "follow_up",
        {
            "checkin": checkin,
            "trainee": trainee,
            "list_url": absolute_url(reverse("followup:follow_ups")),
        },
    )
    message_enqueue(
        kind="checkin_follow_up",
        to_address=consultant.email,
        subject=subject,
        body=body,
        recipient_id=consultant.pk,
        operator_id=trainee.course.operator_id,
        subjects={"trainees": [trainee.pk]},
    )
