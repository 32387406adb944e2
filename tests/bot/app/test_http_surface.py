"""/healthz, /readyz and /metrics as an orchestrator and Prometheus see them."""

from __future__ import annotations

import aiohttp
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from bot.app.web import build_web_app
from bot.infra.metrics import Metrics
from bot.storage import Database


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


async def test_healthz_says_alive(bot):
    assert await _get(f"{bot.url}/healthz") == (200, '{"status": "ok"}')


async def test_readyz_checks_the_database(bot):
    status, body = await _get(f"{bot.url}/readyz")
    assert status == 200 and '"database"' in body


async def test_readyz_names_an_unreachable_database_with_503(bot):
    unreachable = Database.connect("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    app = build_web_app(
        None,
        metrics=Metrics.create(CollectorRegistry()),
        signing_secret=None,
        db=unreachable,
        redis=None,
        cluster=None,
        identity=bot.clients.slack_identity,
    )
    async with TestClient(TestServer(app)) as client:
        answer = await client.get("/readyz")
        status, body = answer.status, await answer.text()
    await unreachable.close()
    assert status == 503
    assert '"failing": {"database"' in body


async def test_metrics_count_acks_commands_and_slack_calls(bot, fake_slack):
    await bot.sender.slash("help", response_url=fake_slack.hook_url())
    await bot.sender.mention("help")
    await fake_slack.wait_for(lambda s: len(s.hooks) == 1 and len(s.posts()) == 1)
    await bot.settle()
    status, text = await _get(f"{bot.url}/metrics")
    assert status == 200
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    assert samples[("klepaas_commands_total", (("intent", "help"), ("outcome", "ok")))] == 2
    assert samples[("klepaas_slack_ack_seconds_count", (("kind", "command"),))] == 1
    assert samples[("klepaas_slack_ack_seconds_count", (("kind", "event"),))] == 1
    assert samples[("klepaas_slack_api_calls_total", (("method", "chat.postMessage"), ("outcome", "ok")))] == 1
    assert samples[("klepaas_requests_total", (("route", "/slack/events"), ("status", "200")))] == 2
