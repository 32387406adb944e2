"""
Fixtures for the alerting part: bots with alerting installed, webhook POSTs, database reads.

Bots are real (Bolt, aiohttp, SQLite, the outbox worker); Slack is the fake,
Alertmanager the real binary where a test needs one.
"""

from __future__ import annotations

import asyncio
import copy
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from alerts import Decision
from bot.alerting import Alerting
from bot.alerting.outbox_rows import RowState
from bot.infra.cache import Cache
from bot.infra.settings import Settings
from bot.policy.rules import Policy
from bot.storage.alerting_models import AlertThread, OutboxEntry
from playground.slack_api import SlackWebApi
from tests.alerts.builders import CAPTURED
from tests.support.bot import RunningBot, make_clients, make_settings, start_bot

TOKEN = "am-webhook-token"
DEFAULT_CHANNEL = "C0ALERTS1"


@dataclass
class AlertBots:
    """Starts bots with alerting installed, and stops them all at the end of the test."""

    fake: SlackWebApi
    running: list[RunningBot] = field(default_factory=list)

    async def start(
        self, settings: Settings, *, cache: Cache | None = None, port: int | None = None, policy: Policy | None = None
    ) -> RunningBot:
        clients = await make_clients(settings, cache=cache, policy=policy)
        bot = await start_bot(clients, port=port, alert_poll=0.05, alert_backoff=0.1)
        self.running.append(bot)
        return bot

    async def stop(self, bot: RunningBot) -> None:
        self.running.remove(bot)
        await bot.stop()


@pytest.fixture
async def bots(fake_slack: SlackWebApi) -> AsyncIterator[AlertBots]:
    starter = AlertBots(fake_slack)
    yield starter
    for bot in list(starter.running):
        await starter.stop(bot)


@pytest.fixture
def alert_settings(fake_slack: SlackWebApi, tmp_path: Path) -> Callable[..., Settings]:
    """Settings for an alerting bot on the test's SQLite file; keyword arguments override variables."""

    def build(**overrides: Any) -> Settings:
        values = {"KLEPAAS_ALERTMANAGER_TOKEN": TOKEN, "SLACK_ALERT_CHANNEL_DEFAULT": DEFAULT_CHANNEL}
        values.update(overrides)
        return make_settings(fake_slack, str(tmp_path / "klepaas.db"), **values)

    return build


def alerting(bot: RunningBot) -> Alerting:
    assert bot.features.alerting is not None, "this bot was started without KLEPAAS_ALERTMANAGER_TOKEN"
    return bot.features.alerting


def unique_name(prefix: str = "KubePodCrashLooping") -> str:
    """An alertname no other test uses (Redis claims outlive a test)."""
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def webhook(
    *alerts: dict[str, Any], alertname: str = "KubePodCrashLooping", namespace: str = "shop", **overrides: Any
) -> dict[str, Any]:
    """An Alertmanager webhook body for the group (alertname, namespace) holding `alerts`."""
    payload = copy.deepcopy(CAPTURED)
    payload.update(
        alerts=list(alerts),
        truncatedAlerts=0,
        status="firing" if any(a["status"] == "firing" for a in alerts) else "resolved",
        commonAnnotations={},
        groupLabels={"alertname": alertname, "namespace": namespace},
        commonLabels={"alertname": alertname, "namespace": namespace, "deployment": "api", "severity": "critical"},
        groupKey=f'{{}}:{{alertname="{alertname}", namespace="{namespace}"}}',
    )
    payload.update(overrides)
    return payload


STARTS = datetime(2026, 11, 22, 1, 45, tzinfo=UTC)


def pod_alert(
    pod: str,
    status: str = "firing",
    *,
    alertname: str = "KubePodCrashLooping",
    namespace: str = "shop",
    **annotations: str,
) -> dict[str, Any]:
    return {
        "status": status,
        "labels": {
            "alertname": alertname,
            "namespace": namespace,
            "deployment": "api",
            "severity": "critical",
            "pod": pod,
        },
        "annotations": annotations or {"summary": f"Pod {namespace}/{pod} is crash looping"},
        "startsAt": STARTS.isoformat(),
        "endsAt": "0001-01-01T00:00:00Z" if status == "firing" else (STARTS + timedelta(minutes=3)).isoformat(),
        "generatorURL": "http://prometheus.example:9090/graph?g0.expr=up",
        "fingerprint": f"fp-{alertname}-{pod}",
    }


async def post_webhook(
    bot: RunningBot, payload: dict[str, Any] | str, *, authorization: str | None = f"Bearer {TOKEN}"
) -> tuple[int, dict[str, Any]]:
    data = payload if isinstance(payload, str) else json.dumps(payload)
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{bot.url}/alerts/alertmanager", data=data.encode(), headers=headers) as response,
    ):
        return response.status, await response.json()


def outcomes(bot: RunningBot) -> dict[str, float]:
    """klepaas_alert_notifications_total by outcome."""
    return {
        sample.labels["outcome"]: sample.value
        for family in bot.clients.metrics.registry.collect()
        if family.name == "klepaas_alert_notifications"
        for sample in family.samples
        if sample.name.endswith("_total")
    }


DECISIONS = frozenset({*(str(d) for d in Decision), "invalid", "unroutable"})


async def notify(bot: RunningBot, payload: dict[str, Any]) -> str:
    """POST a notification, wait until the inbox consumer planned it, and return what it decided (from the metrics)."""
    before = outcomes(bot)
    assert await post_webhook(bot, payload) == (200, {"status": "accepted"})
    await alerting(bot).inbox.settle()
    after = outcomes(bot)
    decided = [outcome for outcome in DECISIONS if after.get(outcome, 0) > before.get(outcome, 0)]
    assert len(decided) == 1, decided
    return decided[0]


async def threads_in(bot: RunningBot) -> list[AlertThread]:
    async with bot.clients.db.session() as session:
        return list((await session.execute(select(AlertThread).order_by(AlertThread.id))).scalars())


async def outbox_in(bot: RunningBot) -> list[OutboxEntry]:
    async with bot.clients.db.session() as session:
        return list((await session.execute(select(OutboxEntry).order_by(OutboxEntry.id))).scalars())


async def delivered(bot: RunningBot, *, timeout: float = 15.0) -> None:
    """Wait until the inbox is planned and the outbox has no row left to send (pending, or claimed and sending)."""
    await alerting(bot).inbox.settle(timeout)
    rows = alerting(bot).rows
    async with asyncio.timeout(timeout):
        while await rows.count(RowState.PENDING) + await rows.count(RowState.SENDING) > 0:
            await asyncio.sleep(0.05)


def parent_of(fake: SlackWebApi, channel: str) -> tuple[str, dict[str, Any]]:
    """The ts and current content of the one top-level message in `channel` (fails unless exactly one)."""
    parents = [(ts, m) for (ch, ts), m in fake.messages.items() if ch == channel and not m.get("thread_ts")]
    assert len(parents) == 1, f"expected one parent in {channel}, got {len(parents)}"
    return parents[0]


def replies_to(fake: SlackWebApi, channel: str, ts: str) -> list[dict[str, Any]]:
    """What Slack accepted in the thread of `ts`, in order (calls answered 429 are not messages)."""
    return [m for m in messages_in(fake, channel) if m.get("thread_ts") == ts]


def messages_in(fake: SlackWebApi, channel: str) -> list[dict[str, Any]]:
    """Every message Slack accepted in `channel`, in posting order."""
    return [m for (ch, _), m in sorted(fake.messages.items(), key=lambda item: item[0][1]) if ch == channel]


def button_value(message: dict[str, Any], action_id: str) -> str | None:
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return element.get("value")
    return None


def action_ids(message: dict[str, Any]) -> list[str]:
    return [
        e.get("action_id") for b in message.get("blocks") or [] for e in b.get("elements") or [] if e.get("action_id")
    ]
