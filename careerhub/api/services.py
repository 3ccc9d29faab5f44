"""Writes on API keys: create (the secret is returned once), rotate, revoke.

Every change writes an event (``api_key.created`` / ``.rotated`` / ``.revoked``) so the office
can answer "who gave this system access, and when".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.api import policies
from careerhub.api.auth import secret_hash, token_new
from careerhub.api.errors import ApiErrorCode
from careerhub.api.models import ApiKey, ApiKeyScope
from careerhub.core.actors import Actor
from careerhub.core.models import event_record
from careerhub.core.policy import PermissionDenied
from careerhub.core.validators import validate_free_text

DEFAULT_LIFETIME = timedelta(days=365)
MAX_LIFETIME = timedelta(days=730)
DEFAULT_GRACE = timedelta(days=7)
MAX_GRACE = timedelta(days=30)


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    token: str
    """``chk_<prefix>_<secret>``: shown once, never stored."""


def _expiry(expires_at: datetime | None, now: datetime) -> datetime:
    if expires_at is None:
        return now + DEFAULT_LIFETIME
    if expires_at <= now or expires_at > now + MAX_LIFETIME:
        raise ValidationError(
            {
                "expires_at": ValidationError(
                    _("A key expires after today and within two years."),
                    code=ApiErrorCode.API_KEY_EXPIRY,
                )
            }
        )
    return expires_at


def api_key_create(
    *,
    actor: Actor,
    scope: str,
    purpose: str,
    acts_for,
    operator=None,
    company=None,
    expires_at: datetime | None = None,
) -> IssuedKey:
    operator_id = getattr(operator, "pk", None)
    company_id = getattr(company, "pk", None)
    if not policies.can_manage_keys_of(
        actor, scope=scope, operator_id=operator_id, company_id=company_id
    ):
        raise PermissionDenied
    validate_free_text(purpose=purpose)
    if not policies.may_act_for(
        acts_for, scope=scope, operator_id=operator_id, company_id=company_id
    ):
        raise ValidationError(
            {
                "acts_for": ValidationError(
                    _("The person a key acts for must work for the key's organisation."),
                    code=ApiErrorCode.API_KEY_PERSON_NOT_MEMBER,
                )
            }
        )
    now = timezone.now()
    prefix, secret, token = token_new()
    key = ApiKey(
        prefix=prefix,
        secret_hash=secret_hash(secret),
        scope=scope,
        operator=operator if scope == ApiKeyScope.OPERATOR else None,
        company=company if scope == ApiKeyScope.COMPANY else None,
        purpose=purpose.strip(),
        acts_for=acts_for,
        created_by=actor.user,
        created_at=now,
        expires_at=_expiry(expires_at, now),
    )
    with transaction.atomic():
        key.full_clean()
        key.save()
        event_record(
            actor=actor,
            verb="api_key.created",
            target=key,
            prefix=prefix,
            scope=scope,
            acts_for=acts_for.pk,
            expires_at=key.expires_at.isoformat(),
        )
    return IssuedKey(key=key, token=token)


def api_key_rotate(*, actor: Actor, key: ApiKey, grace: timedelta = DEFAULT_GRACE) -> IssuedKey:
    """A new key with the same scope, purpose and person; the old one keeps working for
    ``grace`` (at most 30 days), so the caller's system can switch without downtime."""
    if not policies.can_manage_keys_of(
        actor, scope=key.scope, operator_id=key.operator_id, company_id=key.company_id
    ):
        raise PermissionDenied
    if key.revoked_at is not None:
        raise ValidationError(
            _("A revoked key cannot be rotated."), code=ApiErrorCode.API_KEY_ALREADY_REVOKED
        )
    if grace < timedelta(0) or grace > MAX_GRACE:
        raise ValidationError(
            {
                "grace": ValidationError(
                    _("The old key may keep working for up to 30 days."),
                    code=ApiErrorCode.API_KEY_GRACE,
                )
            }
        )
    now = timezone.now()
    with transaction.atomic():
        issued = api_key_create(
            actor=actor,
            scope=key.scope,
            purpose=key.purpose,
            acts_for=key.acts_for,
            operator=key.operator,
            company=key.company,
            expires_at=now + DEFAULT_LIFETIME,
        )
        key.expires_at = min(key.expires_at, now + grace)
        key.replaced_by = issued.key
        key.save(update_fields=["expires_at", "replaced_by"])
        event_record(
            actor=actor,
            verb="api_key.rotated",
            target=key,
            new_key=issued.key.pk,
            old_key_expires_at=key.expires_at.isoformat(),
        )
    return issued


def api_key_revoke(*, actor: Actor, key: ApiKey) -> ApiKey:
    if not policies.can_manage_keys_of(
        actor, scope=key.scope, operator_id=key.operator_id, company_id=key.company_id
    ):
        raise PermissionDenied
    if key.revoked_at is not None:
        return key
    with transaction.atomic():
        key.revoked_at = timezone.now()
        key.revoked_by = actor.user
        key.save(update_fields=["revoked_at", "revoked_by"])
        event_record(actor=actor, verb="api_key.revoked", target=key, prefix=key.prefix)
    return key
