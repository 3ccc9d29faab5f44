from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Webhooks: the events integrations wait for (a job application moved, an outcome
    verified, a posting closed, a cohort plan finished), signed and delivered through the
    outbox to the endpoints of the organisations' systems. A top-layer app: it subscribes to
    the event log and registers the outbox's webhook transport, so no lower app imports it."""

    name = "careerhub.webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from careerhub.core.events import event_subscribe
        from careerhub.messaging.models import Channel
        from careerhub.messaging.transport import register_transport
        from careerhub.webhooks import catalogue, services
        from careerhub.webhooks.transport import WebhookTransport

        for verb in catalogue.VERBS:
            event_subscribe(verb, services.webhook_events_dispatch)
        register_transport(Channel.WEBHOOK, WebhookTransport)
