"""Fixtures for attacks on /slack/events: a bot on kmock that may change things, and a server elsewhere."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import inspect, text

from bot.policy.rules import Policy
from playground.cluster import emulator, objects, pods
from tests.support.bot import RunningBot, make_clients, make_settings, start_bot
from tests.support.slack_requests import Elsewhere

POLICY = """
namespaces: [shop, staging]
roles:
  operators:
    users: [U0ALICE01]
    allow: [restart, scale, rollback, deploy]
"""

StartBot = Callable[..., Awaitable[RunningBot]]


@pytest.fixture
def kmock_options(kmock_options: dict[str, Any]) -> dict[str, Any]:
    return {**kmock_options, "cls": emulator.KubeEmulator}


@pytest.fixture
def shop(kmock: emulator.KubeEmulator) -> dict[str, Any]:
    """Namespaces shop and staging; `web` in shop (3 revisions, 2 pods)."""
    objects.namespace(kmock, "shop")
    objects.namespace(kmock, "staging")
    dep = objects.deployment(kmock, "web", "shop", revisions=["nginx:1.23", "nginx:1.24", "nginx:1.25"])
    pods.pods_for(kmock, dep)
    return dep


@pytest.fixture
async def start(kmock: emulator.KubeEmulator, fake_slack, tmp_path) -> AsyncIterator[StartBot]:
    """Start a bot on kmock with an operator policy (U0ALICE01 may change shop and staging)."""
    running: list[RunningBot] = []

    async def starter(policy: Policy | None = None, *, cluster: Any = None, **overrides: Any) -> RunningBot:
        settings = make_settings(fake_slack, str(tmp_path / f"klepaas{len(running)}.db"), **overrides)
        if cluster is None:
            cluster = emulator.cluster_for(kmock, default_namespace="shop", request_timeout=2.0)
        clients = await make_clients(settings, cluster=cluster, policy=policy or Policy.parse(POLICY))
        clients.closers.append(cluster.close)
        bot = await start_bot(clients, rollout_poll=0.05)
        running.append(bot)
        return bot

    yield starter
    for bot in running:
        await bot.stop()


@pytest.fixture
async def elsewhere() -> AsyncIterator[Elsewhere]:
    server = await Elsewhere().start()
    yield server
    await server.stop()


async def _rows(bot: RunningBot) -> dict[str, int]:
    async with bot.clients.db.engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        counts = {}
        for table in tables:
            if table != "alembic_version":
                counts[table] = (await connection.execute(text(f'SELECT COUNT(*) FROM "{table}"'))).scalar_one()
    return {table: count for table, count in counts.items() if count}


@pytest.fixture
def rows() -> Callable[[RunningBot], Awaitable[dict[str, int]]]:
    """How many rows each non-empty table of a bot's database holds (alembic's own table left out)."""
    return _rows
