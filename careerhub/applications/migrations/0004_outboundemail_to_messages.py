"""The job-application emails move into the one outbox (careerhub.messaging): every email
still waiting or failed is copied as a message, with its attempts and error, so nothing that
was not sent is lost; sent ones are history the outbox does not need."""

from django.db import migrations
from django.utils import timezone


def copy_unsent(apps, schema_editor):
    OutboundEmail = apps.get_model("applications", "OutboundEmail")
    Message = apps.get_model("messaging", "Message")
    now = timezone.now()
    rows = []
    for email in OutboundEmail.objects.exclude(status="sent").select_related("notification"):
        note = email.notification
        rows.append(
            Message(
                channel="email",
                kind="application_update",
                to_address=email.to_email,
                recipient_id=note.user_id if note else None,
                subjects={"trainees": [note.application.trainee_id]} if note else {},
                subject=email.subject,
                body=email.body,
                operator_id=email.operator_id,
                status="failed" if email.status == "failed" else "pending",
                attempts=email.attempts,
                next_attempt_at=None
                if email.status == "failed"
                else (email.next_attempt_at or now),
                last_error=email.last_error,
            )
        )
    Message.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_applied_by_optional"),
        ("messaging", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_unsent, migrations.RunPython.noop)]
