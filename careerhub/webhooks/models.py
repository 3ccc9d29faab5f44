"""Webhook endpoints of the organisations' systems, and the log of what was delivered to them.

An endpoint belongs to one organisation scope, as an API key does: the program office, one
training operator or one company. It receives only the events of objects that scope may see
under the same policies as the pages (``careerhub.webhooks.catalogue``). Deliveries travel
through the outbox (``careerhub.messaging``: one ``Message`` per event and endpoint, claimed,
retried with back-off, failures shown to staff); ``WebhookDelivery`` adds what an HTTP
delivery has and an email has not — the answer's status code and how long it took.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careerhub.core.choices import OrganisationScope
from careerhub.core.models import TimeStampedModel

Scope = OrganisationScope  # the one organisation scope, shared with API keys


class WebhookEndpoint(TimeStampedModel):
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(
        _("address (URL)"),
        max_length=254,
        help_text=_("Where the events are sent (HTTPS), e.g. https://ats.example.com/careerhub."),
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    operator = models.ForeignKey(
        "academy.TrainingOperator",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("training operator"),
    )
    company = models.ForeignKey(
        "companies.Company",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("company"),
    )
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        editable=False,
        help_text=_("Shown once when it is made; never shown again."),
    )
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_until = models.DateTimeField(null=True, blank=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="office", operator__isnull=True, company__isnull=True)
                    | Q(scope="operator", operator__isnull=False, company__isnull=True)
                    | Q(scope="company", company__isnull=False, operator__isnull=True)
                ),
                name="webhook_endpoint_scope_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def signing_secrets(self, *, now: dt.datetime | None = None) -> list[str]:
        """The secrets a delivery is signed with: the current one, and the previous one for a
        while after a rotation (the receiver's system may not have the new one yet)."""
        now = now or timezone.now()
        secrets = [self.secret]
        if self.previous_secret and self.previous_secret_until and self.previous_secret_until > now:
            secrets.append(self.previous_secret)
        return secrets

    @property
    def owner_label(self) -> str:
        if self.scope == Scope.OPERATOR and self.operator_id:
            return str(self.operator)
        if self.scope == Scope.COMPANY and self.company_id:
            return str(self.company)
        return str(Scope(self.scope).label)


class WebhookDelivery(models.Model):
    """One event sent to one endpoint: its outbox message (status, attempts, last error) and
    the HTTP answer of the last attempt."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    message = models.OneToOneField(
        "messaging.Message",
        on_delete=models.CASCADE,
        related_name="webhook_delivery",
        verbose_name=_("message"),
    )
    event_id = models.CharField(_("event id"), max_length=64)
    event_type = models.CharField(_("event"), max_length=64)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    response_ms = models.PositiveIntegerField(_("response time (ms)"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["endpoint", "created_at"], name="webhook_delivery_log")]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id}"
