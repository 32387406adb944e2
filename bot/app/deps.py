"""Everything that does I/O, built once by the composition root (bot/wiring.py); tests build one from fakes."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.storage.audit import Recorder
from bot.infra.cache import Cache
from bot.infra.metrics import Metrics
from bot.messages.replies import Replier
from bot.app.settings import Settings
from bot.storage import Database
from bot.infra.tasks import BackgroundTasks
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
