"""Fixtures for deploys from CI: kmock as the cluster (rollouts advanced pod by pod), a running bot, signed webhooks."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.infra.redis_cache import RedisCache
from bot.policy.rules import Policy
from deploys import DeployRules, github_signature
from playground.cluster import emulator, objects, pods, stepping
from tests.support.bot import RunningBot, make_clients, make_settings, start_bot

FIXTURES = Path(__file__).parents[2] / "fixtures" / "github"
SHA = "3484a3fb816e0859fd6e1cea078d76385ff50625"
SECRET = "It's a Secret to Everybody"
TOKEN = "ci-deploy-token-0123456789"
CHANNEL = "C0DEPLOYS"

POLICY = """
namespaces: [staging, shop]
roles:
  operators:
    users: [U0ALICE01]
    allow: [restart, scale, rollback, deploy]
  deployers:
    users: [U0BOB0001]
    allow: [deploy]
    namespaces: [staging]
"""

RULES = """
channel: "C0DEPLOYS"
people: {alice: U0ALICE01}
deploys:
  - repo: acme/web
    events: [workflow_run]
    branch: main
    app: web
    namespace: staging
    image: ghcr.io/acme/web:{sha}
  - repo: acme/web
    events: [release]
    app: web
    namespace: staging
    image: ghcr.io/acme/web:{tag}
    approval: required
    two_person: true
"""

StartBot = Callable[..., Awaitable[RunningBot]]


def fixture(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


async def post_github(
    bot: RunningBot,
    event: str,
    body: bytes,
    *,
    delivery: str | None = None,
    signature: str | None = "sign",
    secret: str = SECRET,
) -> tuple[int, dict[str, Any]]:
    """POST a GitHub delivery, signed with a real HMAC unless `signature` is given (None: no header)."""
    headers = {
        "Content-Type": "application/json",
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
        "User-Agent": "GitHub-Hookshot/0b3f1e4",
    }
    if signature == "sign":
        headers["X-Hub-Signature-256"] = github_signature(secret, body)
    elif signature is not None:
        headers["X-Hub-Signature-256"] = signature
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{bot.url}/webhooks/github", data=body, headers=headers) as response,
    ):
        text = await response.text()
        return response.status, (json.loads(text) if text.startswith("{") else {"raw": text})


async def post_ci(bot: RunningBot, payload: dict[str, Any], *, token: str | None = TOKEN) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{bot.url}/webhooks/deploy", json=payload, headers=headers) as response,
    ):
        return response.status, await response.json()


async def rows(bot: RunningBot, model: Any) -> list[Any]:
    async with bot.clients.db.session() as session:
        return list((await session.execute(select(model))).scalars())


async def eventually(check: Callable[[], Awaitable[bool]], *, timeout: float = 8.0) -> None:
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.05)


def writes(kmock: emulator.KubeEmulator) -> list[Any]:
    """The PATCH requests that changed something (dry runs excluded)."""
    return [r for r in kmock if r.method.value.upper() == "PATCH" and r.url.query.get("dryRun") != "All"]


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = message["blocks"] if isinstance(message["blocks"], list) else json.loads(message["blocks"])
    found = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    return found + [b["accessory"] for b in blocks if b.get("accessory", {}).get("type") == "button"]


def image_of(kmock: emulator.KubeEmulator, app: str = "web", ns: str = "staging") -> str:
    return str(kmock.objects["apps/v1/deployments", ns, app].raw["spec"]["template"]["spec"]["containers"][0]["image"])


@pytest.fixture
def kmock_options(kmock_options: dict[str, Any]) -> dict[str, Any]:
    return {**kmock_options, "cls": emulator.KubeEmulator}


@pytest.fixture
def staging(kmock: emulator.KubeEmulator) -> dict[str, Any]:
    """`web` in staging: 3 revisions (nginx 1.23-1.25), 3 replicas running."""
    objects.namespace(kmock, "staging")
    dep = objects.deployment(kmock, "web", "staging", replicas=3, revisions=["nginx:1.23", "nginx:1.24", "nginx:1.25"])
    pods.pods_for(kmock, dep)
    return dep


@pytest.fixture
async def controller(kmock: emulator.KubeEmulator) -> AsyncIterator[Callable[..., None]]:
    """Start the Deployment controller for staging; `never_ready` images stay in ImagePullBackOff."""
    tasks: list[asyncio.Task[None]] = []

    def run(*, never_ready: Collection[str] = (), every: float = 0.15) -> None:
        tasks.append(
            asyncio.ensure_future(stepping.run_controller(kmock, "staging", every=every, never_ready=never_ready))
        )

    yield run
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


@pytest.fixture
async def start(kmock: emulator.KubeEmulator, fake_slack: Any, tmp_path: Path) -> AsyncIterator[StartBot]:
    """Start a bot on kmock with the deploy rules above; settings overrides by variable name."""
    running: list[RunningBot] = []

    async def starter(
        *,
        rules: str = RULES,
        policy: str = POLICY,
        db: str = "klepaas.db",
        redis_url: str | None = None,
        **overrides: Any,
    ) -> RunningBot:
        values = {
            "GITHUB_WEBHOOK_SECRET": SECRET,
            "KLEPAAS_DEPLOY_TOKEN": TOKEN,
            "KLEPAAS_ROLLOUT_TIMEOUT": 5,
            **overrides,
        }
        settings = make_settings(fake_slack, str(tmp_path / db), **values)
        cluster = emulator.cluster_for(kmock, default_namespace="staging", request_timeout=2.0)
        cache = RedisCache.from_url(redis_url) if redis_url else None  # the replicas' shared cache
        clients = await make_clients(settings, cluster=cluster, policy=Policy.parse(policy), cache=cache)
        clients.closers.append(cluster.close)
        clients = dataclasses.replace(clients, deploy_rules=DeployRules.from_yaml(rules))
        bot = await start_bot(clients, rollout_poll=0.05)
        running.append(bot)
        return bot

    yield starter
    for bot in running:
        await bot.stop()
