"""
Counting attempts in fixed windows: in process, or in Redis so every replica counts together.

`hit(key, limit=…, window=…)` counts one attempt and answers 0 while the window has room, else the
seconds until the window ends (when the next attempt can succeed).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from bot.infra.cache import Cache

if TYPE_CHECKING:  # NB: a bot without REDIS_URL never loads the redis client
    import redis.asyncio as redis

PREFIX = "klepaas:"  # as bot/infra/redis_cache.py

__all__ = ["MemoryRateLimiter", "RateLimiter", "RedisRateLimiter", "rate_limiter_for"]


class RateLimiter(Protocol):
    async def hit(self, key: str, *, limit: int, window: float) -> float: ...


class MemoryRateLimiter:
    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._windows: dict[str, tuple[int, int]] = {}  # key -> (window number, attempts in it)

    async def hit(self, key: str, *, limit: int, window: float) -> float:
        now = self._clock()
        number = math.floor(now / window)
        seen, count = self._windows.get(key, (number, 0))
        count = count + 1 if seen == number else 1
        self._windows[key] = (number, count)
        if len(self._windows) > 50_000:  # forget windows that are over
            self._windows = {k: v for k, v in self._windows.items() if v[0] == number}
        return 0.0 if count <= limit else (number + 1) * window - now


class RedisRateLimiter:
    def __init__(self, client: redis.Redis) -> None:
        self._redis = client

    async def hit(self, key: str, *, limit: int, window: float) -> float:
        name = f"{PREFIX}rate:{key}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.pexpire(name, max(1, int(window * 1000)), nx=True)
            pipe.pttl(name)
            count, _, ttl = await pipe.execute()
        return 0.0 if int(count) <= limit else max(int(ttl), 0) / 1000


def rate_limiter_for(cache: Cache) -> RateLimiter:
    """Redis when the bot's cache is Redis (shared by every replica), else in process."""
    client = getattr(cache, "client", None)  # RedisCache's; checked by shape, so redis is not imported here
    return RedisRateLimiter(client) if client is not None else MemoryRateLimiter()
