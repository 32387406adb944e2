"""
Remembering parses and rate limits for a while, so a model is not asked twice.

`CachedProvider` keeps a provider's successful parses in any `KeyValueCache`
(the bot passes its cache: Redis across replicas, in-process for one, bot/infra/cache.py).
The key is a hash of the normalised text and of the app and namespace lists, because the
same words mean another Command when the apps change. `Cooldown` remembers a vendor's
Retry-After so a rate-limited provider is skipped instead of being asked again on every message.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import time
from collections.abc import Callable
from typing import Protocol

import pydantic
import structlog

from intents.command import Command
from intents.provider import Context, IntentProvider

log = structlog.get_logger(__name__)

KEY_PREFIX = "klepaas:intent:"
DEFAULT_TTL = 600.0  # seconds
MAX_COOLDOWN = 60.0  # seconds; never trust a Retry-After longer than this


class KeyValueCache(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, *, ttl: float) -> None: ...


def cache_key(provider: str, text: str, *, context: Context) -> str:
    """The cache key of one parse: no user text in it, only a digest."""
    material = json.dumps(
        {
            "text": " ".join(text.casefold().split()),
            "apps": sorted(app.casefold() for app in context.apps),
            "namespaces": sorted(ns.casefold() for ns in context.namespaces),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return f"{KEY_PREFIX}{provider}:{hashlib.sha256(material.encode()).hexdigest()}"


class CachedProvider:
    """A provider whose successful (non-None) parses are kept for `ttl` seconds."""

    def __init__(self, provider: IntentProvider, cache: KeyValueCache, *, ttl: float = DEFAULT_TTL) -> None:
        self.provider = provider
        self.name = provider.name  # NB: Parsed.provider stays the real parser's name
        self._cache = cache
        self._ttl = ttl

    async def parse(self, text: str, *, context: Context) -> Command | None:
        key = cache_key(self.name, text, context=context)
        stored = await self._cache.get(key)
        if stored is not None:
            try:
                command = Command.model_validate_json(stored)
            except pydantic.ValidationError:
                log.warning("cache.invalid", provider=self.name)  # written by an older version; ask again
            else:
                log.debug("cache.hit", provider=self.name)
                return command
        answer = await self.provider.parse(text, context=context)
        if answer is not None:
            await self._cache.set(key, answer.model_dump_json(), ttl=self._ttl)
        return answer

    async def aclose(self) -> None:
        close = getattr(self.provider, "aclose", None)
        if close is not None:
            await close()


class Cooldown:
    """Until when a rate-limited provider should not be asked (monotonic seconds)."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._until = 0.0

    @property
    def active(self) -> bool:
        return self._clock() < self._until

    def start(self, retry_after: str | None, *, default: float = 1.0) -> float:
        """Begin a cooldown from a Retry-After header value; returns its length in seconds."""
        seconds = min(max(retry_after_seconds(retry_after, default=default), 0.0), MAX_COOLDOWN)
        self._until = self._clock() + seconds
        return seconds


def retry_after_seconds(value: str | None, *, default: float) -> float:
    """Retry-After as seconds: delta-seconds, an HTTP date, or a Google `retryDelay` like "20s"."""
    if not value:
        return default
    text = value.strip().removesuffix("s")
    try:
        return float(text)
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return moment.timestamp() - time.time()
