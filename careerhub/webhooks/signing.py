"""Signatures of the Standard Webhooks specification (https://www.standardwebhooks.com/).

A secret is ``whsec_`` and the base64 of 32 random bytes; the HMAC key is those bytes. Each
delivery carries ``webhook-id`` (the event's id, the same on every retry), ``webhook-timestamp``
(Unix seconds when it was sent) and ``webhook-signature``: ``v1,`` and the base64 of
HMAC-SHA256 over ``"{id}.{timestamp}.{body}"``, one per secret in use, separated by spaces.
A receiver checks one of them in constant time and refuses timestamps far from its clock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable, Mapping

PREFIX = "whsec_"
TOLERANCE_SECONDS = 5 * 60


def secret_generate() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def signature(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(*, secrets_: Iterable[str], msg_id: str, body: bytes, timestamp: int | None = None):
    """The three headers of one delivery, signed with every secret of ``secrets_``."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(ts),
        "webhook-signature": " ".join(
            signature(secret=s, msg_id=msg_id, timestamp=ts, body=body) for s in secrets_
        ),
    }


def verify(
    *, secret: str, headers_: Mapping[str, str], body: bytes, now: int | None = None
) -> bool:
    """What a receiver does (used by the tests and shown in the docs): the timestamp within
    five minutes, and one ``v1`` signature equal to ours."""
    lower = {k.lower(): v for k, v in headers_.items()}
    msg_id = lower.get("webhook-id", "")
    try:
        ts = int(lower.get("webhook-timestamp", ""))
    except ValueError:
        return False
    if not msg_id or abs((int(time.time()) if now is None else now) - ts) > TOLERANCE_SECONDS:
        return False
    expected = signature(secret=secret, msg_id=msg_id, timestamp=ts, body=body)
    return any(
        hmac.compare_digest(candidate, expected)
        for candidate in lower.get("webhook-signature", "").split()
    )
