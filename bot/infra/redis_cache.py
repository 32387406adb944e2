"""The Cache interface on Redis, shared by every replica (SET NX for claims, Redis locks)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import cast

import redis.asyncio as redis
from redis.exceptions import RedisError

from bot.infra.cache import CacheUnavailable

PREFIX = "klepaas:"


@contextlib.contextmanager
def _answering() -> Iterator[None]:
    """Redis' own errors as the Cache interface's one: CacheUnavailable."""
    try:
        yield
    except RedisError as exc:
        raise CacheUnavailable(f"redis: {type(exc).__name__}") from exc


class RedisCache:
    def __init__(self, client: redis.Redis) -> None:
        self._redis = client

    @property
    def client(self) -> redis.Redis:
        """The Redis client, for parts that need more than the Cache interface (bot/infra/rate_limits.py)."""
        return self._redis

    @classmethod
    def from_url(cls, url: str) -> RedisCache:
        return cls(redis.Redis.from_url(url, decode_responses=True, socket_timeout=5, socket_connect_timeout=5))

    async def get(self, key: str) -> str | None:
        # The client decodes responses (from_url), so GET gives str; redis-py types it for both modes.
        with _answering():
            return cast(str | None, await self._redis.get(PREFIX + key))

    async def set(self, key: str, value: str, *, ttl: float) -> None:
        with _answering():
            await self._redis.set(PREFIX + key, value, px=max(1, int(ttl * 1000)))

    async def delete(self, key: str) -> None:
        with _answering():
            await self._redis.delete(PREFIX + key)

    async def claim(self, key: str, *, ttl: float) -> bool:
        with _answering():
            return bool(await self._redis.set(PREFIX + key, "1", nx=True, px=max(1, int(ttl * 1000))))

    @contextlib.asynccontextmanager
    async def lock(self, name: str, *, timeout: float = 30.0) -> AsyncIterator[None]:
        # NB: the lock expires on its own after `timeout`, so a crashed replica cannot hold it forever.
        with _answering():
            async with self._redis.lock(PREFIX + "lock:" + name, timeout=timeout, blocking_timeout=timeout):
                yield

    async def ping(self) -> None:
        with _answering():
            await self._redis.ping()

    async def close(self) -> None:
        await self._redis.aclose()
