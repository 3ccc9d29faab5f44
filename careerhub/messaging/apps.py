from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    """The outbox: every message the product sends (email now; SMS or KakaoTalk later) is a row
    written in the transaction of the change that causes it and delivered after commit by the
    task queue. Just above ``core``: every app may enqueue, none is imported from here."""

    name = "careerhub.messaging"
    verbose_name = _("Messages")
