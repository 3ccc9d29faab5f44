"""The client address: X-Forwarded-For only behind configured proxies (core.net.client_ip)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from careerhub.core import ratelimit
from careerhub.core.net import client_ip


def request(remote="10.0.0.1", forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **headers)


def test_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(forwarded="198.51.100.1")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client wrote the first entry
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (1, "2001:db8::1", "2001:db8::1"),
        (2, "198.51.100.1", "10.0.0.1"),  # fewer entries than proxies: not through them all
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_forwarded_for_is_honoured_behind_trusted_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request(forwarded=forwarded)) == expected


def test_the_limiter_counts_by_the_trusted_address(settings):
    """A made-up X-Forwarded-For does not give a client a fresh count; behind a proxy, the
    proxy's own address is not one client."""
    settings.RATELIMITS = {"probe": {"ip": "2/h"}}
    settings.TRUSTED_PROXY_COUNT = 0
    results = [ratelimit.limited(request(forwarded=f"198.51.100.{n}"), "probe") for n in range(3)]
    assert results == [False, False, True]

    settings.TRUSTED_PROXY_COUNT = 1
    results = [ratelimit.limited(request(forwarded=f"192.0.2.{n}"), "probe") for n in range(3)]
    assert results == [False, False, False]
