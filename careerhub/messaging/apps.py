from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    """The outbox: every message the product sends (email now; SMS or KakaoTalk later) is a row
    written in the transaction of the change that causes it and delivered after commit by the
    task queue. Just above ``core``: every app may enqueue, none is imported from here."""

    name = "careerhub.messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        # The SMS / KakaoTalk provider (Solapi). Without configuration its factory still
        # answers, and a phone message fails with "not set up" instead of going anywhere.
        from careerhub.messaging import solapi, transport
        from careerhub.messaging.models import Channel

        transport.register_transport(Channel.SMS, solapi.transport_factory)
        transport.register_transport(Channel.ALIMTALK, solapi.transport_factory)
