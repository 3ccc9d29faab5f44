"""Absolute links for messages, from one setting (``SITE_URL``).

A message is rendered in a request but may be delivered by a worker much later, and its reader
opens it outside the site: every link in it must be absolute, and always point at the one
public address of the installation, never at whatever host a request happened to use."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    """``SITE_URL`` without a trailing slash (``http://127.0.0.1:8000`` by default)."""
    return str(getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def absolute_url(path: str) -> str:
    """``/applications/87/`` → ``https://careerhub.example.kr/applications/87/``.

    An already absolute URL is returned unchanged. A path prefix in ``SITE_URL`` is kept, so
    the site may live under ``https://example.kr/careerhub``; ``reverse()`` paths that already
    carry that prefix (``FORCE_SCRIPT_NAME``) are not prefixed twice."""
    if urlsplit(path).scheme:
        return path
    base = site_url()
    prefix = urlsplit(base).path.rstrip("/")
    if not path.startswith("/"):
        path = "/" + path
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix) :]
    return base + path


def site_protocol_and_domain() -> tuple[str, str]:
    """(``https``, ``careerhub.example.kr``) for templates that build links themselves
    (Django's password-reset email); a path prefix goes with the domain."""
    parts = urlsplit(site_url())
    return parts.scheme or "http", parts.netloc + parts.path.rstrip("/")
