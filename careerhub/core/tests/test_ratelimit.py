"""The limiter on the database cache: the default shared cache when REDIS_URL is not set
(the test settings keep the cache in memory)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory

from careerhub.core import ratelimit

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "careerhub_cache",  # made by core's migration 0003
    }
}


def request(ip="203.0.113.1"):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_limits_count_in_the_database_cache_table(settings):
    settings.CACHES = DATABASE_CACHE
    settings.RATELIMITS = {"probe": {"ip": "3/h", "target": "2/h"}}

    by_ip = [ratelimit.limited(request(), "probe") for _ in range(4)]
    assert by_ip == [False, False, False, True]
    by_target = [
        ratelimit.limited(request(f"192.0.2.{n}"), "probe", target="Hong@Example.kr")
        for n in range(3)
    ]
    assert by_target == [False, False, True]

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM careerhub_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert len(keys) == 5  # one per address (4 of them) and one for the target
    assert not any("hong" in key.lower() or "203.0.113" in key for key in keys)


@pytest.mark.django_db
def test_peeking_does_not_count(settings):
    settings.CACHES = DATABASE_CACHE
    settings.RATELIMITS = {"probe": {"ip": "1/h"}}
    assert not ratelimit.limited(request(), "probe", increment=False)
    assert not ratelimit.limited(request(), "probe", increment=False)
    assert not ratelimit.limited(request(), "probe")
    assert ratelimit.limited(request(), "probe", increment=False)  # one more would be over
