"""Where a webhook may be sent: never into the network the server itself lives in (SSRF).

A webhook URL is typed by staff and then requested by the server, so a URL pointing at
``http://169.254.169.254/`` (a cloud's metadata service), ``http://10.0.0.5:6379/`` or the
database would let whoever makes an endpoint reach inside. Checked twice:

- when the endpoint is made: HTTPS only, no user name or password in the URL, and every
  address the host name resolves to must be a public (globally routable) one;
- before each delivery: the host is resolved again and checked again (a name may have been
  pointed at an internal address since), and redirects are never followed.

``settings.WEBHOOKS_ALLOW_LOOPBACK`` (default: ``DEBUG``) lets ``http://127.0.0.1``,
``http://[::1]`` and ``http://localhost`` through, for development and the tests' local
receiver; private networks stay refused even then.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from careerhub.webhooks.errors import WebhooksErrorCode

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


class UnsafeTarget(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def loopback_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_LOOPBACK", settings.DEBUG))


def _resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise UnsafeTarget(
            _("The address's host name could not be found."), WebhooksErrorCode.URL_UNRESOLVED
        ) from exc
    found = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:10.0.0.1 is 10.0.0.1
        found.append(mapped or address)
    return found


def target_check(url: str) -> None:
    """Raise ``UnsafeTarget`` unless ``url`` may receive webhooks (see the module's doc)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeTarget(_("Enter a valid address."), WebhooksErrorCode.URL_NOT_ALLOWED) from exc
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password:
        raise UnsafeTarget(
            _("Enter an address without a user name or password in it."),
            WebhooksErrorCode.URL_NOT_ALLOWED,
        )
    local = loopback_allowed() and host in LOOPBACK_NAMES
    if parts.scheme != "https" and not (local and parts.scheme == "http"):
        raise UnsafeTarget(
            _("The address must start with https://."), WebhooksErrorCode.URL_NOT_HTTPS
        )
    addresses = _resolve(host, port or (443 if parts.scheme == "https" else 80))
    for address in addresses:
        if local and address.is_loopback:
            continue
        if not address.is_global or address.is_multicast:
            raise UnsafeTarget(
                _("The address points into a private or reserved network, which is not allowed."),
                WebhooksErrorCode.URL_NOT_ALLOWED,
            )
