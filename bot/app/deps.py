"""Everything that does I/O, built once by the composition root (bot/app/wiring.py); tests build one from fakes."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot.app.settings import Settings
from bot.app.slack_identity import SlackIdentity
from bot.infra.cache import Cache
from bot.infra.metrics import Metrics
from bot.infra.tasks import BackgroundTasks
from bot.messages.replies import Replier
from bot.policy.access import Access
from bot.policy.groups import GroupDirectory
from bot.policy.rules import Policy
from bot.storage import Database
from bot.storage.audit import Recorder
from deploys import DeployRules
from intents import ProviderChain

if TYPE_CHECKING:  # NB: cluster/ imports the kubernetes client; a bot without a cluster never loads it.
    from cluster import Cluster


@dataclass(frozen=True)
class Deps:
    settings: Settings
    slack: AsyncWebClient
    db: Database
    cache: Cache
    metrics: Metrics
    intents: ProviderChain
    tasks: BackgroundTasks
    policy: Policy = field(default_factory=Policy.read_only)  # read-only for everyone without a file
    cluster: Cluster | None = None  # None when no cluster is configured
    deploy_rules: DeployRules = field(default_factory=DeployRules.empty)  # KLEPAAS_DEPLOYS; none deploys nothing
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    @property
    def recorder(self) -> Recorder:
        return Recorder(self.db)

    @functools.cached_property
    def slack_identity(self) -> SlackIdentity:
        """Who the bot is in Slack; Bolt authorizes with it, /readyz reports it (bot/app/slack_identity.py)."""
        return SlackIdentity(self.slack)

    @functools.cached_property
    def access(self) -> Access:
        """The policy applied to a person: user groups, channel, Kubernetes identity (bot/policy/access.py)."""
        return Access(policy=self.policy, directory=GroupDirectory(slack=self.slack, cache=self.cache))

    @property
    def replier(self) -> Replier:
        return Replier(self.slack)

    async def close(self) -> None:
        await self.tasks.close()
        for close in reversed(self.closers):
            await close()
