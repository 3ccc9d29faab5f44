"""``manage.py deliver_emails``: the old name of ``manage.py messages_deliver`` (one delivery
pass of the outbox, careerhub.messaging), kept for crontabs that still call it."""

from __future__ import annotations

from careerhub.messaging.management.commands.messages_deliver import Command as Deliver


class Command(Deliver):
    pass
