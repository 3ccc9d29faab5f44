"""The client's address, as far as it can be trusted."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the Nth-from-right X-Forwarded-For entry behind N trusted proxies.

    ``settings.TRUSTED_PROXY_COUNT`` (default 0) says how many proxies in front of the app append
    to X-Forwarded-For. With none configured the header is ignored: a client can write anything
    into it. With N, the Nth entry from the right is the one the outermost trusted proxy saw;
    when that entry is missing or not an address, REMOTE_ADDR is used.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < count:
        return remote
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
