"""Who is calling the API: a signed-in browser (session + CSRF) or an API key.

A key is sent as ``Authorization: Bearer chk_<prefix>_<secret>`` or ``X-API-Key:
chk_<prefix>_<secret>``. The prefix finds the key, the SHA-256 of the secret must match the
stored hash (compared in constant time). A key acts for one person and within its scope only:
``key_actor`` builds that person's ``Actor`` exactly as the pages do
(``careerhub.accounts.actors.actor_for``) and keeps only the roles of the key's organisation,
so the same policies and selectors decide what the key may see and do. The Actor carries
``api_key_id``: events and access records show the key beside the person.

Views call ``api_actor(request)``; nothing else in the API builds an Actor.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from careerhub.accounts.actors import actor_for
from careerhub.api.errors import ApiErrorCode, NotAuthenticated
from careerhub.api.models import ApiKey, ApiKeyScope
from careerhub.core import ratelimit
from careerhub.core.actors import ANONYMOUS, Actor

TOKEN_PREFIX = "chk_"  # noqa: S105 - the marker of a careerhub key, not a secret
LAST_USED_EVERY = timedelta(minutes=1)
"""``last_used_at`` is written at most this often per key (not one write per request)."""


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_new() -> tuple[str, str, str]:
    """A new (prefix, secret, token): the token is what the caller sends, shown once."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    return prefix, secret, f"{TOKEN_PREFIX}{prefix}_{secret}"


def token_split(token: str) -> tuple[str, str] | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    parts = token[len(TOKEN_PREFIX) :].split("_", 1)
    if len(parts) != 2 or not all(parts):
        return None
    return parts[0], parts[1]


def key_actor(key: ApiKey) -> Actor:
    """The person's Actor, limited to the key's organisation (ANONYMOUS when nothing is left)."""
    person = actor_for(key.acts_for)
    if not person.is_authenticated:
        return ANONYMOUS
    if key.scope == ApiKeyScope.OFFICE:
        if not person.program_staff:
            return ANONYMOUS
        return Actor(user=person.user, program_staff=True, api_key_id=key.pk)
    if key.scope == ApiKeyScope.OPERATOR:
        staff = person.staff_operator_ids & {key.operator_id}
        consultant = person.consultant_operator_ids & {key.operator_id}
        if not (staff or consultant):
            return ANONYMOUS
        return Actor(
            user=person.user,
            staff_operator_ids=frozenset(staff),
            consultant_operator_ids=frozenset(consultant),
            api_key_id=key.pk,
        )
    companies = person.recruiter_company_ids & {key.company_id}
    if not companies:
        return ANONYMOUS
    return Actor(user=person.user, recruiter_company_ids=frozenset(companies), api_key_id=key.pk)


def key_authenticate(request, token: str) -> ApiKey:
    """The key behind ``token``, with ``request.actor`` and ``request.api_key`` set; raises
    ``NotAuthenticated`` with the reason (a revoked or expired key says so only to a caller
    who holds its secret)."""
    cached = getattr(request, "api_key", None)
    if cached is not None:
        return cached
    parts = token_split(token.strip())
    key = None
    if parts is not None:
        key = ApiKey.objects.select_related("acts_for").filter(prefix=parts[0]).first()
    if key is None or not hmac.compare_digest(key.secret_hash, secret_hash(parts[1])):
        raise NotAuthenticated(
            ApiErrorCode.API_KEY_INVALID, _("This API key is not valid. Check that it is whole.")
        )
    now = timezone.now()
    if key.revoked_at is not None:
        raise NotAuthenticated(
            ApiErrorCode.API_KEY_REVOKED,
            _("This API key was revoked. Ask your organisation for a new key."),
        )
    if key.expires_at <= now:
        raise NotAuthenticated(
            ApiErrorCode.API_KEY_EXPIRED,
            _("This API key has expired. Ask your organisation for a new key."),
        )
    actor = key_actor(key)
    if not actor.is_authenticated or not key.acts_for.is_active:
        raise NotAuthenticated(
            ApiErrorCode.API_KEY_NO_ROLE,
            _(
                "The person this API key acts for no longer works for its organisation. "
                "Ask for a new key."
            ),
        )
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    request.api_key = key
    request.actor = actor
    return key


class KeyBearer(HttpBearer):
    """``Authorization: Bearer chk_<prefix>_<secret>``."""

    openapi_description = "API key: `Authorization: Bearer chk_<prefix>_<secret>`"

    def authenticate(self, request, token):
        return key_authenticate(request, token)


class KeyHeader(APIKeyHeader):
    """``X-API-Key: chk_<prefix>_<secret>``."""

    param_name = "X-API-Key"
    openapi_description = "API key: `X-API-Key: chk_<prefix>_<secret>`"

    def authenticate(self, request, key):
        if not key:
            return None
        return key_authenticate(request, key)


class BrowserSession(SessionAuth):
    """The signed-in browser (the docs page's "Try it out"); unsafe methods need the CSRF
    token (``X-CSRFToken``)."""

    openapi_description = "Browser session cookie (CSRF token required on writes)"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or not getattr(request, "actor", ANONYMOUS).is_authenticated:
            return None
        return user


AUTH = [KeyBearer(), KeyHeader(), BrowserSession()]


def api_actor(request) -> Actor:
    """The Actor of this API request: the key's (limited to its scope) or the session's."""
    actor = getattr(request, "actor", None)
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated()
    return actor


def rate_target(request) -> str:
    key = getattr(request, "api_key", None)
    if key is not None:
        return f"api-key:{key.pk}"
    user = getattr(request, "user", None)
    return f"user:{getattr(user, 'pk', '')}"


class KeyThrottle(BaseThrottle):
    """``settings.RATELIMITS["api"]`` per key (or per signed-in user), counted in the shared
    cache by ``careerhub.core.ratelimit``; over the rate: 429 with ``Retry-After``."""

    def __init__(self) -> None:
        self._local = threading.local()  # one throttle object serves every thread

    def allow_request(self, request) -> bool:
        self._local.request = request
        return not ratelimit.limited(request, "api", target=rate_target(request))

    def wait(self) -> float | None:
        request = self._local.request
        return ratelimit.retry_after(request, "api", target=rate_target(request))
