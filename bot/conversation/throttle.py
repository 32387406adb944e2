"""
Rate limits per person and per channel, changes and reads counted apart.

Checked before anything costly (the cluster's inventory, an LLM), on what the message asks at
first sight (the chain's reader without any context: intents.ProviderChain.glance). A person
over a limit is told once per window, with the time until the next attempt, and that refusal is
in the audit log; further attempts in the same window are only counted
(klepaas_commands_total{outcome="rate_limited"}), neither answered nor written, so a burst from
one person costs little and everyone else keeps being answered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.infra.cache import Cache
from bot.infra.rate_limits import RateLimiter
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.messages.invocation import Invocation
from intents import Intent
from intents.language import Language
from templates import Message

__all__ = ["Limits", "Throttle", "Throttled"]

WINDOW = 60.0  # seconds


@dataclass(frozen=True, slots=True)
class Limits:
    changes_per_person: int = 10
    reads_per_person: int = 60
    changes_per_channel: int = 30
    reads_per_channel: int = 300
    window: float = WINDOW


@dataclass(frozen=True, slots=True)
class Throttled:
    scope: str  # "person" or "channel"
    kind: str  # "changes" or "reads"
    retry_after: float  # seconds
    tell: bool  # the first refusal in this window is said and audited; later ones only counted

    def message(self, lang: Language) -> Message:
        seconds = max(1, math.ceil(self.retry_after))
        return notice(say(f"rate.{self.scope}", lang, kind=say(f"rate.{self.kind}", lang), seconds=seconds))


@dataclass(frozen=True)
class Throttle:
    limiter: RateLimiter
    cache: Cache
    limits: Limits = Limits()

    @staticmethod
    def kind_of(intent: Intent) -> str | None:
        """ "changes" or "reads"; None for `help`, which asks nothing of the cluster or an LLM."""
        return None if intent is Intent.HELP else "changes" if intent.mutating else "reads"

    async def check(self, who: Invocation, asks: Intent) -> Throttled | None:
        """None when `who`, whose message `asks` for that intent at first sight, may go on; else which
        limit was reached and for how long."""
        kind = self.kind_of(asks)
        if kind is None:
            return None
        checks = [("person", who.user_id, getattr(self.limits, f"{kind}_per_person"))]
        if who.channel_id:
            checks.append(("channel", who.channel_id, getattr(self.limits, f"{kind}_per_channel")))
        for scope, key, limit in checks:
            if limit <= 0:
                continue
            wait = await self.limiter.hit(f"{scope}:{key}:{kind}", limit=limit, window=self.limits.window)
            if wait > 0:
                told = await self.cache.claim(f"rate:told:{scope}:{key}:{kind}", ttl=wait)
                return Throttled(scope, kind, wait, tell=told)
        return None
