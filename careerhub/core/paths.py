"""Paths of pages without arguments, reversed once per process (and script prefix).

``reverse`` walks the URL resolver on every call; the menu and a dashboard's links ask for
the same few argument-free paths on every page, which the URL configuration fixes for the
life of the process. The script prefix (a deployment under /careerhub/) is part of the key."""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, reverse


def fixed_path(url_name: str) -> str:
    """``reverse(url_name)`` for a URL pattern without arguments, from a per-process cache."""
    return _reverse(url_name, get_script_prefix())


@functools.lru_cache(maxsize=256)
def _reverse(url_name: str, _prefix: str) -> str:
    return reverse(url_name)
