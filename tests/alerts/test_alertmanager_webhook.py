"""
The real Alertmanager sends its webhook to a receiver built from alerts/ pieces.

The receiver is a tiny aiohttp app on loopback that checks the bearer token
with WebhookCredentials and parses the body with parse_webhook, as the bot's
route does; the groups it receives then drive the thread plan.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from pydantic import SecretStr

from alerts import errors
from alerts.auth import WebhookCredentials
from alerts.payload import AlertGroup, AlertStatus, parse_webhook
from alerts.plan import Decision
from alerts.routing import Route
from alerts.threads import plan_notification
from tests.support.alertmanager import running_alertmanager

TOKEN = "test-token-" + uuid.uuid4().hex


class Receiver:
    """Collects what Alertmanager sends; answers 401 / 400 like the bot's route."""

    def __init__(self) -> None:
        self.groups: asyncio.Queue[AlertGroup] = asyncio.Queue()
        self.refused: list[int] = []
        self.credentials = WebhookCredentials(bearer_token=SecretStr(TOKEN))

    async def handle(self, request: web.Request) -> web.Response:
        if not self.credentials.accepts(request.headers.get("Authorization")):
            self.refused.append(401)
            return web.Response(status=401)
        try:
            group = parse_webhook(await request.read())
        except errors.InvalidPayload:
            self.refused.append(400)
            return web.Response(status=400)
        await self.groups.put(group)
        return web.Response(status=204)

    async def next(self, status: AlertStatus, timeout: float = 10.0) -> AlertGroup:
        """The next group with `status`; repeats of earlier states are skipped."""
        async with asyncio.timeout(timeout):
            while True:
                group = await self.groups.get()
                if group.status is status:
                    return group


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    collector = Receiver()
    app = web.Application()
    app.router.add_post("/alerts/alertmanager", collector.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # NB: port 0 picks a free port; aiohttp has no public getter
    yield collector, f"http://127.0.0.1:{port}/alerts/alertmanager"
    await runner.cleanup()


async def test_alertmanager_delivers_firing_then_resolved_groups(receiver, tmp_path):
    collector, url = receiver
    name = f"KubePodCrashLooping{uuid.uuid4().hex[:6]}"
    alerts = [
        {
            "labels": {"alertname": name, "namespace": "shop", "deployment": "api", "pod": pod, "severity": "critical"},
            "annotations": {
                "summary": f"Pod shop/{pod} is crash looping",
                "runbook_url": "https://runbooks.example.com/crashloop",
            },
            "generatorURL": "http://prometheus.example:9090/graph?g0.expr=up",
        }
        for pod in ("api-1", "api-2")
    ]
    route = Route(channel="#shop")

    with running_alertmanager(tmp_path, webhook_url=url, bearer_token=TOKEN) as alertmanager:
        await asyncio.to_thread(alertmanager.post_alerts, alerts)
        firing = await collector.next(AlertStatus.FIRING)

        assert firing.receiver == "bot"
        assert firing.group_labels == {"alertname": name, "namespace": "shop"}
        assert firing.common_labels == {
            "alertname": name,
            "namespace": "shop",
            "deployment": "api",
            "severity": "critical",
        }
        assert firing.common_annotations == {"runbook_url": "https://runbooks.example.com/crashloop"}
        assert sorted(a.labels["pod"] for a in firing.alerts) == ["api-1", "api-2"]
        assert all(a.status is AlertStatus.FIRING and a.ends_at is None for a in firing.alerts)
        assert firing.external_url == alertmanager.url
        now = datetime.now(UTC)
        opened = plan_notification(None, firing, now, route=route)
        assert opened.decision is Decision.NEW_THREAD

        ended = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
        await asyncio.to_thread(alertmanager.post_alerts, [{**a, "endsAt": ended} for a in alerts])
        resolved = await collector.next(AlertStatus.RESOLVED)

    assert resolved.group_key == firing.group_key
    assert all(a.status is AlertStatus.RESOLVED and a.ends_at is not None for a in resolved.alerts)
    assert resolved.dedupe_key != firing.dedupe_key
    assert collector.refused == []
    closed = plan_notification(opened.record.with_parent_ts("1.1"), resolved, datetime.now(UTC), route=route)
    assert closed.decision is Decision.CLOSE
