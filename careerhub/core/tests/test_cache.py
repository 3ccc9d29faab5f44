"""The shared cache on Redis (careerhub.core.cache): Django's RedisCache, one client object per
connection pool instead of one per call, shared safely by threads."""

from __future__ import annotations

import threading
import uuid

import pytest
import redis

from careerhub.core.cache import RedisCache

LOCAL_REDIS = "redis://127.0.0.1:6379/14"


@pytest.fixture
def cache():
    # a prefix of its own, and keys that expire: parallel test workers share the database
    return RedisCache(LOCAL_REDIS, {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}", "TIMEOUT": 60})


def test_it_is_django_s_redis_cache(cache):
    cache.set("a", {"n": 1}, 30)
    assert cache.get("a") == {"n": 1}
    assert cache.add("a", 2) is False and cache.add("b", 2) is True
    assert cache.incr("b") == 3
    assert cache.get_or_set("c", lambda: [1, 2], 30) == [1, 2]
    cache.delete("a")
    assert cache.get("a") is None
    assert cache.get_many(["b", "c"]) == {"b": 3, "c": [1, 2]}


def test_one_client_serves_every_call(cache, monkeypatch):
    made = []

    class CountingRedis(redis.Redis):
        def __init__(self, *args, **kwargs):
            made.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(cache._cache, "_client", CountingRedis)
    for i in range(20):
        cache.set(f"k{i}", i, 30)
        assert cache.get(f"k{i}") == i
    assert len(made) == 1  # Django's own client would have made 40
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_threads_share_the_client_without_losing_a_write(cache):
    cache.set("n", 0, 60)

    def bump():
        for _ in range(50):
            cache.incr("n")

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.get("n") == 400
