"""API keys and the stored answers of idempotent creates.

``ApiKey`` lives here, not in ``accounts``: its scope points at a training operator or a company
(apps above accounts), and only the API reads it. A key stores the SHA-256 of its secret, never
the secret; the secret is shown once, when the key is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careerhub.core.choices import OrganisationScope

ApiKeyScope = OrganisationScope  # the one organisation scope, shared with webhook endpoints


class ApiKey(models.Model):
    """One organisation's key for one purpose, acting for one person of that organisation."""

    prefix = models.CharField(_("key prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    scope = models.CharField(_("scope"), max_length=16, choices=ApiKeyScope.choices)
    operator = models.ForeignKey(
        "academy.TrainingOperator",
        verbose_name=_("training operator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    acts_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts for"),
        on_delete=models.PROTECT,
        related_name="api_keys",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="apikey_scope_matches_organisation",
                condition=(
                    Q(scope="office", operator__isnull=True, company__isnull=True)
                    | Q(scope="operator", operator__isnull=False, company__isnull=True)
                    | Q(scope="company", company__isnull=False, operator__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"chk_{self.prefix}… · {self.purpose}"

    @property
    def organisation(self):
        return self.operator or self.company

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class IdempotencyRecord(models.Model):
    """The answer to one create made with an ``Idempotency-Key``, kept ``IDEMPOTENCY_HOURS``."""

    scope = models.CharField(_("scope"), max_length=64)
    key = models.CharField(_("idempotency key"), max_length=255)
    request_hash = models.CharField(_("request hash"), max_length=64)
    status = models.PositiveSmallIntegerField(_("status"))
    content_type = models.CharField(_("content type"), max_length=100)
    body = models.BinaryField(_("body"))
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_scope_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
