"""
Cache, dedupe and locks behind one small interface.

Redis when REDIS_URL is set (shared by every replica), in-process otherwise
(good for one replica). `claim` is the dedupe primitive: the first caller of a
key wins for `ttl` seconds, every later caller is told it was already done.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from typing import Protocol


class CacheUnavailable(ConnectionError):
    """The shared cache (Redis) did not answer; an in-process cache never raises it."""


class Cache(Protocol):
    async def get(self, key: str) -> str | None: ...
    async def set(self, key: str, value: str, *, ttl: float) -> None: ...
    async def delete(self, key: str) -> None: ...
    async def claim(self, key: str, *, ttl: float) -> bool: ...
    def lock(self, name: str, *, timeout: float = 30.0) -> contextlib.AbstractAsyncContextManager[None]: ...
    async def ping(self) -> None: ...
    async def close(self) -> None: ...


class MemoryCache:
    """In-process cache for a single replica; expiry is checked on read."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._values: dict[str, tuple[str, float]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._clock = clock

    def _live(self, key: str) -> str | None:
        item = self._values.get(key)
        if item is None:
            return None
        value, expires = item
        if expires <= self._clock():
            del self._values[key]
            return None
        return value

    async def get(self, key: str) -> str | None:
        return self._live(key)

    async def set(self, key: str, value: str, *, ttl: float) -> None:
        self._values[key] = (value, self._clock() + ttl)
        if len(self._values) > 50_000:  # NB: bound memory when nothing reads old keys back
            now = self._clock()
            self._values = {k: v for k, v in self._values.items() if v[1] > now}

    async def delete(self, key: str) -> None:
        self._values.pop(key, None)

    async def claim(self, key: str, *, ttl: float) -> bool:
        if self._live(key) is not None:
            return False
        await self.set(key, "1", ttl=ttl)
        return True

    @contextlib.asynccontextmanager
    async def lock(self, name: str, *, timeout: float = 30.0) -> AsyncIterator[None]:
        lock = self._locks.setdefault(name, asyncio.Lock())
        async with asyncio.timeout(timeout):
            await lock.acquire()
        try:
            yield
        finally:
            lock.release()

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        self._values.clear()
