"""The cache interface behaves the same in-process and on Redis."""

from __future__ import annotations

import asyncio

import pytest

from bot.infra.cache import MemoryCache
from bot.infra.redis_cache import RedisCache


@pytest.fixture(params=["memory", "redis"])
async def cache(request):
    if request.param == "memory":
        cache = MemoryCache()
    else:
        cache = RedisCache.from_url(request.getfixturevalue("redis_url"))
        await cache._redis.flushdb()
    yield cache
    await cache.close()


async def test_claim_is_won_once(cache):
    results = await asyncio.gather(*(cache.claim("event:1", ttl=5) for _ in range(10)))
    assert results.count(True) == 1


async def test_values_expire(cache):
    await cache.set("k", "v", ttl=0.1)
    assert await cache.get("k") == "v"
    await asyncio.sleep(0.25)
    assert await cache.get("k") is None


async def test_lock_serialises_critical_sections(cache):
    inside: list[int] = []
    peak = 0

    async def worker(n: int) -> None:
        nonlocal peak
        async with cache.lock("group", timeout=5):
            inside.append(n)
            peak = max(peak, len(inside))
            await asyncio.sleep(0.01)
            inside.remove(n)

    await asyncio.gather(*(worker(n) for n in range(5)))
    assert peak == 1
