"""Everything that does I/O, built once by the composition root (bot/wiring.py); tests build one from fakes."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.audit import Recorder
from bot.cache import Cache
from bot.metrics import Metrics
from bot.replies import Replier
from bot.settings import Settings
from bot.storage import Database
from bot.tasks import BackgroundTasks
from intents import ProviderChain


@dataclass(frozen=True)
class Deps:
    settings: Settings
    slack: AsyncWebClient
    db: Database
    cache: Cache
    metrics: Metrics
    intents: ProviderChain
    tasks: BackgroundTasks
    cluster: Any | None = None  # cluster.Cluster when a cluster is configured
    extras: dict[str, Any] = field(default_factory=dict)  # optional parts (alerts, policy, …)
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    @property
    def recorder(self) -> Recorder:
        return Recorder(self.db)

    @property
    def replier(self) -> Replier:
        return Replier(self.slack)

    async def close(self) -> None:
        await self.tasks.close()
        for close in reversed(self.closers):
            await close()
