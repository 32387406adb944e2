"""Fixtures for cluster commands from Slack (reads and changes): kmock as the API server, a running bot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from bot.policy.rules import Policy
from playground.cluster import emulator, objects, pods
from tests.support.bot import RunningBot, make_clients, make_settings, start_bot

POLICY = """
namespaces: [shop, staging]
roles:
  operators:
    users: [U0ALICE01]
    allow: [restart, scale, rollback, deploy]
  deployers:
    users: [U0BOB0001]
    allow: [deploy]
    namespaces: [staging]
"""

StartBot = Callable[..., Awaitable[RunningBot]]


@pytest.fixture
def kmock_options(kmock_options: dict[str, Any]) -> dict[str, Any]:
    return {**kmock_options, "cls": emulator.KubeEmulator}


@pytest.fixture
def policy() -> Policy:
    return Policy.parse(POLICY)


@pytest.fixture
async def start(kmock: emulator.KubeEmulator, fake_slack, tmp_path) -> AsyncIterator[StartBot]:
    """Start a bot on kmock; `policy=None` means no policy file, settings overrides by variable name."""
    running: list[RunningBot] = []

    async def starter(policy: Policy | None = None, **overrides: Any) -> RunningBot:
        settings = make_settings(fake_slack, str(tmp_path / f"klepaas{len(running)}.db"), **overrides)
        cluster = emulator.cluster_for(kmock, default_namespace="shop", request_timeout=2.0)
        clients = await make_clients(settings, cluster=cluster, policy=policy)
        clients.closers.append(cluster.close)
        bot = await start_bot(clients, rollout_poll=0.05)
        running.append(bot)
        return bot

    yield starter
    for bot in running:
        await bot.stop()


@pytest.fixture
def shop(kmock: emulator.KubeEmulator) -> dict[str, Any]:
    """Namespaces shop and staging; `web` in shop with 3 revisions (nginx 1.23-1.25) and 2 running pods."""
    objects.namespace(kmock, "shop")
    objects.namespace(kmock, "staging")
    objects.namespace(kmock, "kube-system")
    dep = objects.deployment(kmock, "web", "shop", revisions=["nginx:1.23", "nginx:1.24", "nginx:1.25"])
    pods.pods_for(kmock, dep)
    return dep
