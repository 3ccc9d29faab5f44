"""What each kind of message is, in words (the staff page filters and shows these).

Kinds are short slugs the sending app chooses; messaging imports no app, so the labels of the
kinds the product sends are listed here. An unknown kind is shown as it is."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Promise] = {
    "application_update": _("Job application update"),
    "intake_submitted": _("Application received"),
    "intake_duplicate": _("Application already received"),
    "intake_changed": _("Application changed"),
    "intake_email_changed": _("Applicant email changed"),
    "intake_link": _("Link to the application page"),
    "intake_result": _("Selection result"),
    "intake_moved_up": _("Place offered from the waitlist"),
    "intake_enrolled": _("Enrolment confirmed"),
    "match_day_unmatched": _("Match day result"),
    "consulting_booked": _("Consulting session booked"),
    "consulting_cancelled": _("Consulting session cancelled"),
    "hire_feedback_request": _("Request for feedback on a hire"),
    "consulting_reminder": _("Consulting session reminder"),
    "interview_reminder": _("Interview reminder"),
    "password_reset": _("Password reset"),
    "webhook": _("Webhook event"),  # careerhub.webhooks: one event to one endpoint
    "checkin": _("Graduate check-in"),
    "checkin_reminder": _("Graduate check-in reminder"),
    "checkin_follow_up": _("Graduate still seeking: follow up"),
    "retention": _("Retention check-in"),
    "retention_reminder": _("Retention check-in reminder"),
    "job_alert": _("Weekly job alert"),
    "announcement": _("Announcement to a group"),
}


def label(kind: str) -> str:
    return str(LABELS.get(kind, kind))
