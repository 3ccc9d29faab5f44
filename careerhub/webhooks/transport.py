"""The outbox's transport for ``Channel.WEBHOOK``: one signed HTTP POST per message.

Registered by ``WebhooksConfig.ready`` with ``careerhub.messaging.transport.register_transport``.
For each message it loads the endpoint (``meta["endpoint"]``), checks the target again
(``careerhub.webhooks.targets``: a host name may have been pointed inside since), POSTs the body
with the Standard Webhooks headers (``careerhub.webhooks.signing``) and a short timeout, never
following a redirect, and writes the answer's status and time on the delivery's log row.
A 2xx answer is a delivery; anything else — another status, a timeout, a refused connection —
raises ``TransportError``, a failed attempt the outbox retries with back-off.

The standard library's HTTP client is enough for one POST and keeps the dependency list short.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from careerhub.messaging.models import Message
from careerhub.messaging.transport import TransportError
from careerhub.webhooks import signing
from careerhub.webhooks.models import WebhookDelivery, WebhookEndpoint
from careerhub.webhooks.targets import UnsafeTarget, target_check

USER_AGENT = "careerhub-webhooks/1"
ANSWER_BYTES = 2000
"""How much of a failed answer's body is kept for staff (the first line of it, in the log)."""


def timeout_seconds() -> float:
    return float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 5))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 3xx is the receiver's answer, not an address to follow (it could point inside)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class WebhookTransport:
    def __init__(self) -> None:
        # No proxy from the environment (an HTTP_PROXY would see every body), no redirects.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)

    def send(self, message: Message) -> str | None:
        meta = message.meta or {}
        endpoint = WebhookEndpoint.objects.filter(pk=meta.get("endpoint")).first()
        if endpoint is None:
            raise TransportError(_("The webhook endpoint no longer exists."), "endpoint deleted")
        if not endpoint.active:
            raise TransportError(
                _("The webhook endpoint is turned off."), f"endpoint {endpoint.pk} inactive"
            )
        try:
            target_check(message.to_address)
        except UnsafeTarget as exc:
            raise TransportError(exc.message, f"{exc.code}: {message.to_address}") from None
        body = message.body.encode("utf-8")
        msg_id = str(meta.get("event_id") or f"msg_{message.pk}")
        headers = signing.headers(secrets_=endpoint.signing_secrets(), msg_id=msg_id, body=body)
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked by target_check
            message.to_address,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
        )
        started = time.monotonic()
        status: int | None = None
        try:
            with self._opener.open(request, timeout=timeout_seconds()) as response:
                status = response.status
                response.read(ANSWER_BYTES)
        except urllib.error.HTTPError as exc:
            status = exc.code
            answer = _read(exc)
            self._log(message, status=status, started=started)
            raise TransportError(
                _("The receiving system answered with an error (HTTP %(status)s).")
                % {"status": status},
                f"HTTP {status}: {answer}",
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            self._log(message, status=None, started=started)
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                summary = _("The receiving system did not answer in time.")
            else:
                summary = _("The receiving system could not be reached.")
            raise TransportError(summary, f"{type(reason).__name__}: {reason}") from None
        self._log(message, status=status, started=started)
        if not 200 <= status < 300:
            raise TransportError(
                _("The receiving system answered with an error (HTTP %(status)s).")
                % {"status": status},
                f"HTTP {status}",
            )
        return msg_id

    @staticmethod
    def _log(message: Message, *, status: int | None, started: float) -> None:
        WebhookDelivery.objects.filter(message_id=message.pk).update(
            last_attempt_at=timezone.now(),
            http_status=status,
            response_ms=int((time.monotonic() - started) * 1000),
        )

    def close(self) -> None:
        pass


def _read(exc: Any) -> str:
    try:
        return exc.read(ANSWER_BYTES).decode("utf-8", "replace").strip()
    except Exception:  # the answer's body is only a hint for staff
        return ""
