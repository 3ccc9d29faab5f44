"""The SMS / KakaoTalk 알림톡 transport: Solapi's REST API v4 (formerly CoolSMS).

One request per message, ``POST {SOLAPI_BASE_URL}/messages/v4/send-many/detail`` with the
HMAC-SHA256 ``Authorization`` header Solapi documents::

    HMAC-SHA256 apiKey=<key>, date=<ISO 8601>, salt=<random>, signature=<hex>
    signature = hex(HMAC-SHA256(api_secret, date + salt))

- an SMS (≤ 90 bytes in EUC-KR) or LMS (longer; with a subject) is ``{to, from, text, type}``;
- an 알림톡 is ``type: "ATA"`` with ``kakaoOptions {pfId, templateId, variables}``; Kakao
  renders the registered template with the variables, and when the phone has no KakaoTalk
  Solapi sends the same text as SMS/LMS instead (``disableSms: false``).

The answer carries ``failedMessageList`` (refused at once, with a status code and message)
and, with ``showMessageList``, the accepted message's ``messageId`` — kept as the message's
``external_id`` with the provider's status (``statusCode`` 2000 = accepted) in ``meta``.
A refusal or an unreachable server raises ``TransportError`` in words staff understand, and
the outbox tries again with its back-off.

Without ``SMS_PROVIDER=solapi`` and a key, a secret and a sender number the channels are off:
``sms_configured()`` is False, no phone message is written, and a message that is there
anyway fails with "not set up" instead of being sent anywhere. The base URL is a setting so
the tests can point it at a local fake of the API (never the network).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from careerhub.messaging.models import Channel, Message
from careerhub.messaging.transport import NoTransport, TransportError

SEND_PATH = "/messages/v4/send-many/detail"
LIST_PATH = "/messages/v4/list"
SMS_BYTE_LIMIT = 90
"""An SMS holds 90 bytes of EUC-KR (45 Hangul syllables); beyond that it is an LMS."""
LMS_SUBJECT_LIMIT = 40
ACCEPTED = "2000"
"""Solapi's status code for a message it accepted (delivery is reported later)."""
IN_FLIGHT = frozenset({ACCEPTED, "3000"})
"""Accepted, or handed to the phone company: the final status is still to come."""
RECEIVED = "4000"
"""The phone received the message. Any other final code is a failed delivery."""
POLL_WINDOW = dt.timedelta(days=3)
"""Statuses are asked for this long after sending (carriers settle within hours)."""


def sms_bytes(text: str) -> int:
    """The length the carriers count: EUC-KR bytes (a character EUC-KR lacks counts 2)."""
    total = 0
    for ch in text:
        try:
            total += len(ch.encode("euc-kr"))
        except UnicodeEncodeError:
            total += 2
    return total


def sms_type(text: str) -> str:
    return "SMS" if sms_bytes(text) <= SMS_BYTE_LIMIT else "LMS"


def phone_digits(phone: str) -> str:
    """010-1234-5678 → 01012345678 (Solapi takes digits only)."""
    return re.sub(r"\D", "", phone or "")


@dataclass(frozen=True)
class SolapiConfig:
    api_key: str
    api_secret: str
    sender: str
    pf_id: str = ""
    base_url: str = "https://api.solapi.com"
    timeout: float = 10.0

    @classmethod
    def from_settings(cls) -> SolapiConfig | None:
        """The configuration, or None when the SMS channel is off."""
        if str(getattr(settings, "SMS_PROVIDER", "") or "").lower() != "solapi":
            return None
        key = getattr(settings, "SOLAPI_API_KEY", "") or ""
        secret = getattr(settings, "SOLAPI_API_SECRET", "") or ""
        sender = phone_digits(getattr(settings, "SMS_SENDER_NUMBER", "") or "")
        if not (key and secret and sender):
            return None
        return cls(
            api_key=key,
            api_secret=secret,
            sender=sender,
            pf_id=getattr(settings, "ALIMTALK_PF_ID", "") or "",
            base_url=str(getattr(settings, "SOLAPI_BASE_URL", "") or cls.base_url).rstrip("/"),
            timeout=float(getattr(settings, "SOLAPI_TIMEOUT_SECONDS", 10.0) or 10.0),
        )


def sms_configured() -> bool:
    return SolapiConfig.from_settings() is not None


def alimtalk_configured() -> bool:
    config = SolapiConfig.from_settings()
    return config is not None and bool(config.pf_id)


def alimtalk_template_id(kind: str) -> str:
    """The 알림톡 template registered for ``kind`` (``ALIMTALK_TEMPLATES``), or ''."""
    templates = getattr(settings, "ALIMTALK_TEMPLATES", {}) or {}
    return str(templates.get(kind, "") or "")


def signature(api_secret: str, date: str, salt: str) -> str:
    return hmac.new(api_secret.encode(), (date + salt).encode(), hashlib.sha256).hexdigest()


def authorization(
    api_key: str, api_secret: str, *, date: str | None = None, salt: str | None = None
) -> str:
    date = date or timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds")
    salt = salt or secrets.token_hex(16)
    return (
        f"HMAC-SHA256 apiKey={api_key}, date={date}, salt={salt}, "
        f"signature={signature(api_secret, date, salt)}"
    )


def message_payload(message: Message, config: SolapiConfig) -> dict[str, Any]:
    """One entry of ``messages`` in Solapi's request for ``message``."""
    entry: dict[str, Any] = {
        "to": phone_digits(message.to_address),
        "from": config.sender,
        "customFields": {"careerhub": str(message.pk)},
    }
    meta = message.meta or {}
    if message.channel == Channel.ALIMTALK:
        entry["type"] = "ATA"
        entry["text"] = message.body  # the fallback SMS/LMS when KakaoTalk cannot deliver
        entry["kakaoOptions"] = {
            "pfId": config.pf_id,
            "templateId": meta.get("template_id", ""),
            "variables": dict(meta.get("variables") or {}),
            "disableSms": False,
        }
    else:
        entry["text"] = message.body
        entry["type"] = sms_type(message.body)
        if entry["type"] == "LMS":
            entry["subject"] = (message.subject or "")[:LMS_SUBJECT_LIMIT] or _("Notice")
    return entry


def _summary(code: str, status: int | None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        if status in (401, 403) or code in {
            "InvalidAPIKey",
            "SignatureDoesNotMatch",
            "Unauthorized",
            "Forbidden",
        }:
            return _("The text message provider refused our key. Check the SMS settings.")
        if code in {"NotEnoughBalance", "InsufficientBalance"}:
            return _("The text message account has no balance left.")
        if status is not None and status >= 500:
            return _("The text message provider had a problem; it will be tried again.")
        return _("The text message provider did not accept the message.")


def _unreachable(exc: BaseException) -> TransportError:
    with translation.override(settings.LANGUAGE_CODE):
        summary = _("The text message provider could not be reached.")
    return TransportError(summary, f"{type(exc).__name__}: {exc}")


class SolapiTransport:
    """The transport of the SMS and 알림톡 channels (``transport.register_transport``)."""

    def __init__(self, config: SolapiConfig | None = None) -> None:
        self.config = config or SolapiConfig.from_settings()

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._request("POST", SEND_PATH, body)

    def _request(self, method: str, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
        assert self.config is not None
        if not self.config.base_url.startswith(("https://", "http://")):
            raise NoTransport(_summary("", None), f"SOLAPI_BASE_URL {self.config.base_url!r}")
        request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
            self.config.base_url + path,
            data=json.dumps(body, ensure_ascii=False).encode() if body is not None else None,
            method=method,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": authorization(self.config.api_key, self.config.api_secret),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raw = exc.read() or b"{}"
            try:
                answer = json.loads(raw)
            except ValueError:
                answer = {}
            code = str(answer.get("errorCode", "") or "")
            detail = f"HTTP {exc.code} {code}: {answer.get('errorMessage', '')}".strip()
            raise TransportError(_summary(code, exc.code), detail) from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise _unreachable(exc) from exc
        try:
            answer = json.loads(raw)
        except ValueError as exc:
            raise TransportError(_summary("", 502), f"not JSON: {raw[:200]!r}") from exc
        return answer if isinstance(answer, dict) else {}

    def send(self, message: Message) -> str | None:
        if self.config is None:
            with translation.override(settings.LANGUAGE_CODE):
                summary = _("Text messages are not set up, so the message cannot be sent.")
            raise NoTransport(summary, "SMS_PROVIDER / SOLAPI_* settings are missing")
        if message.channel == Channel.ALIMTALK and not (
            self.config.pf_id and (message.meta or {}).get("template_id")
        ):
            with translation.override(settings.LANGUAGE_CODE):
                summary = _("KakaoTalk notifications are not set up for this kind of message.")
            raise NoTransport(summary, f"no pfId or templateId for kind {message.kind!r}")
        answer = self._post(
            {"messages": [message_payload(message, self.config)], "showMessageList": True}
        )
        failed = answer.get("failedMessageList") or []
        if failed:
            first = failed[0] if isinstance(failed[0], dict) else {}
            code = str(first.get("statusCode", ""))
            detail = f"{code}: {first.get('statusMessage', '')}"
            raise TransportError(_summary(code, None), detail)
        listed = answer.get("messageList") or []
        first = listed[0] if listed and isinstance(listed[0], dict) else {}
        if isinstance(answer.get("messageList"), dict):  # some versions key the list by id
            first = next(iter(answer["messageList"].values()), {}) or {}
        group = answer.get("groupInfo") or {}
        external_id = str(first.get("messageId") or group.get("groupId") or group.get("_id") or "")
        status = str(first.get("statusCode") or ACCEPTED)
        Message.objects.filter(pk=message.pk).update(
            meta={
                **(message.meta or {}),
                "provider": "solapi",
                "provider_status": status,
                "provider_status_message": str(first.get("statusMessage", ""))[:200],
                "group_id": str(group.get("groupId") or group.get("_id") or ""),
            }
        )
        return external_id or None

    def status_of(self, message_id: str) -> tuple[str, str]:
        """The provider's current status code and message of one sent message
        (``GET /messages/v4/list?criteria=messageId&cond=eq&value=…``)."""
        query = urllib.parse.urlencode({"criteria": "messageId", "cond": "eq", "value": message_id})
        answer = self._request("GET", f"{LIST_PATH}?{query}", None)
        listed = answer.get("messageList") or {}
        row = listed.get(message_id) if isinstance(listed, dict) else None
        if not isinstance(row, dict):
            return "", ""
        return str(row.get("statusCode") or ""), str(row.get("statusMessage") or "")

    def close(self) -> None:
        """Nothing to close: each request is its own HTTPS connection."""


def transport_factory() -> SolapiTransport:
    return SolapiTransport()


def delivery_statuses_poll(*, now: dt.datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Ask Solapi for the final status of phone messages sent in the last days that have none
    yet: 4000 (received) is kept in ``meta``; any other final code turns the message into a
    failed one with the provider's reason, for staff to see and send again."""
    from careerhub.messaging.models import Message

    counts = {"asked": 0, "received": 0, "failed": 0, "waiting": 0}
    config = SolapiConfig.from_settings()
    if config is None:
        return counts
    now = now or timezone.now()
    rows = list(
        Message.objects.filter(
            channel__in=[Channel.SMS, Channel.ALIMTALK],
            status=Message.Status.SENT,
            sent_at__gte=now - POLL_WINDOW,
        )
        .exclude(external_id="")
        .filter(meta__provider_status__in=sorted(IN_FLIGHT))
        .order_by("sent_at")[:limit]
    )
    client = SolapiTransport(config)
    for message in rows:
        counts["asked"] += 1
        try:
            code, text = client.status_of(message.external_id)
        except TransportError:
            break  # the provider is unreachable: the next poll asks again
        if not code or code in IN_FLIGHT:
            counts["waiting"] += 1
            continue
        meta = {**(message.meta or {}), "provider_status": code, "provider_status_message": text}
        if code == RECEIVED:
            Message.objects.filter(pk=message.pk).update(meta=meta)
            counts["received"] += 1
            continue
        with translation.override(settings.LANGUAGE_CODE):
            summary = _("The phone company could not deliver the message.")
        Message.objects.filter(pk=message.pk, status=Message.Status.SENT).update(
            meta=meta, status=Message.Status.FAILED, last_error=f"{summary}\n{code}: {text}"[:1000]
        )
        counts["failed"] += 1
    return counts
