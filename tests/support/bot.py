"""A real klepaas bot for tests: real Bolt app, real aiohttp server, real database; fakes only for Slack and LLMs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry

from bot.app.features import Features, build_features
from bot.app.runner import assemble
from bot.app.wiring import Clients
from bot.commands.answer import ContextSource, IntentHandler
from bot.infra.cache import Cache, MemoryCache
from bot.infra.metrics import Metrics
from bot.infra.settings import Settings
from bot.infra.slack_client import build_slack_client
from bot.infra.tasks import BackgroundTasks
from bot.policy.rules import Policy
from bot.storage import Database
from intents import Intent, ProviderChain
from intents.builtin import BuiltinParser
from intents.builtin.reader import BuiltinReader
from playground.signed_requests import SlackSender
from playground.slack_api import SlackWebApi, free_port

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def make_settings(fake: SlackWebApi, db_path: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "SLACK_BOT_TOKEN": fake.token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{db_path}",
        "KUBECONFIG": None,
        "REDIS_URL": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


async def make_clients(
    settings: Settings,
    *,
    cache: Cache | None = None,
    cluster: Any = None,
    intents: ProviderChain | None = None,
    policy: Policy | None = None,
    migrate: bool = True,
) -> Clients:
    metrics = Metrics.create(CollectorRegistry())
    db = Database.connect(settings.database_url)
    if migrate:
        await db.upgrade()
    cache = cache or MemoryCache()
    clients = Clients(
        settings=settings,
        slack=build_slack_client(
            token=settings.slack_bot_token.get_secret_value(),  # type: ignore[union-attr]
            base_url=settings.slack_api_url,
            metrics=metrics,
        ),
        db=db,
        cache=cache,
        metrics=metrics,
        intents=intents or ProviderChain([BuiltinParser()], reader=BuiltinReader()),
        tasks=BackgroundTasks(),
        cluster=cluster,
        policy=policy or Policy.read_only(),
    )
    clients.closers.extend([db.close, cache.close])
    return clients


@dataclass
class RunningBot:
    clients: Clients
    features: Features
    runner: web.AppRunner
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sender(self) -> SlackSender:
        return SlackSender(url=f"{self.url}/slack/events", secret=SECRET)

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait for the work after every ack, and the bot's other owned tasks: the app's task set is empty."""
        if not await self.clients.tasks.join(timeout=timeout):
            raise TimeoutError(f"the bot's work did not finish within {timeout}s: {self.clients.tasks.names()}")

    async def stop(self) -> None:
        await self.runner.cleanup()
        await self.clients.close()


async def start_bot(
    clients: Clients,
    *,
    handlers: Mapping[Intent, IntentHandler] | None = None,
    context: ContextSource | None = None,
    port: int | None = None,
    **options: float,
) -> RunningBot:
    """Start the whole bot on loopback; `options` go to build_features (poll intervals).

    `handlers` and `context` replace the cluster's intent handlers and the parser's context.
    """
    features = await build_features(clients, handlers_for=handlers, context=context, **options)
    _, app = assemble(clients, features)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = port or free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return RunningBot(clients=clients, features=features, runner=runner, port=port)
