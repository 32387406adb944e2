"""
What a thread remembers, so follow-ups can leave things out.

After "nginx 상태 보여줘", "재시작해줘" in the same thread means nginx. A question
the bot asked ("how many replicas?") is remembered too, so the next message can
answer it. Kept 30 minutes, in Redis or in-process (the Cache interface).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import ValidationError

from bot.infra.cache import Cache
from bot.messages.invocation import Invocation
from intents import Command

TTL_SECONDS = 30 * 60


@dataclass(frozen=True, slots=True)
class Memory:
    app: str | None = None
    namespace: str | None = None
    pending: Command | None = None  # the command waiting for `missing`
    missing: str | None = None  # "app", "replicas" or "image"

    def to_json(self) -> str:
        pending = self.pending.model_dump(exclude_none=True, mode="json") if self.pending else None
        return json.dumps({"app": self.app, "namespace": self.namespace, "pending": pending, "missing": self.missing})

    @classmethod
    def from_json(cls, raw: str) -> Memory:
        values = json.loads(raw)
        pending = values.get("pending")
        return cls(
            app=values.get("app"),
            namespace=values.get("namespace"),
            pending=Command.model_validate(pending) if pending else None,
            missing=values.get("missing"),
        )


def conversation_key(who: Invocation) -> str | None:
    """Mentions share a thread; slash commands share the person's channel (they have no threads)."""
    if who.conversation:
        return "conv:" + who.conversation
    if who.channel_id and who.user_id:
        return f"conv:{who.channel_id}:{who.user_id}"
    return None


@dataclass(frozen=True)
class Conversations:
    cache: Cache
    ttl: float = TTL_SECONDS

    async def recall(self, who: Invocation) -> Memory:
        key = conversation_key(who)
        raw = await self.cache.get(key) if key else None
        if not raw:
            return Memory()
        try:
            return Memory.from_json(raw)
        except (ValueError, TypeError, AttributeError, ValidationError):
            return Memory()  # NB: an entry from an older version is simply forgotten

    async def remember(self, who: Invocation, memory: Memory) -> None:
        if key := conversation_key(who):
            await self.cache.set(key, memory.to_json(), ttl=self.ttl)
