"""
The likely-cause reply in an alert's thread, on the real control plane: the deploy before the alert
with its Rollback-to-before button (which works), an OOMKilled pod with its exit code, nothing found.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import pytest
from kubernetes import client
from sqlalchemy import select

from bot.policy.rules import Policy
from bot.storage.alerting_models import AlertEnrichment
from bot.storage.change_models import PendingChange
from cluster import Cluster
from tests.bot.alerting.conftest import (
    DEFAULT_CHANNEL,
    alerting,
    button_value,
    delivered,
    parent_of,
    post_webhook,
    replies_to,
    unique_name,
    webhook,
)
from tests.support import kube_objects
from tests.support.bot import make_clients, start_bot
from tests.support.kubelet import Fate


@pytest.fixture
async def start(alert_settings, control_plane, kube_namespace):
    """A bot with alerting, on the real control plane; the namespace's operators may roll back."""
    running = []

    async def starting(**overrides: Any):
        cluster = Cluster(control_plane.api_client(), default_namespace=kube_namespace.name)
        policy = Policy.parse("roles: {oncall: {users: [U0ALICE01], allow: [rollback, restart]}}")
        clients = await make_clients(alert_settings(**overrides), cluster=cluster, policy=policy)
        clients.closers.append(cluster.close)
        bot = await start_bot(clients, alert_poll=0.05, alert_backoff=0.1)
        running.append(bot)
        return bot

    yield starting
    for bot in running:
        await bot.stop()


def alert_for(app: str, namespace: str, starts: dt.datetime, **labels: str) -> dict[str, Any]:
    name = unique_name("WebErrorRate")
    alert = {
        "status": "firing",
        "labels": {"alertname": name, "namespace": namespace, "severity": "critical", **labels},
        "annotations": {"summary": f"{app} answers 5xx"},
        "startsAt": starts.isoformat(),
        "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": "",
        "fingerprint": f"fp-{name}",
    }
    return webhook(
        alert,
        alertname=name,
        namespace=namespace,
        commonLabels=alert["labels"],
        groupLabels={"alertname": name, "namespace": namespace},
    )


async def cause_reply(bot, fake_slack) -> dict[str, Any]:
    await delivered(bot)

    async def replied() -> dict[str, Any]:
        while True:
            ts, _ = parent_of(fake_slack, DEFAULT_CHANNEL)
            if found := replies_to(fake_slack, DEFAULT_CHANNEL, ts):
                return found[0]
            await asyncio.sleep(0.05)

    return await asyncio.wait_for(replied(), timeout=15)


def deployed_at(api, namespace: str, app: str, revision: str) -> dt.datetime:
    sets = client.AppsV1Api(api).list_namespaced_replica_set(namespace, label_selector=f"app={app}").items
    return next(
        s.metadata.creation_timestamp
        for s in sets
        if s.metadata.annotations["deployment.kubernetes.io/revision"] == revision
    )


async def test_the_deploy_before_the_alert_is_named_and_rolling_back_to_before_it_works(
    start, fake_slack, kube_namespace
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    kube_objects.set_image(api, ns, "web", "nginx:1.26")
    kube_objects.wait_available(api, ns, "web")
    starts = deployed_at(api, ns, "web", "2") + dt.timedelta(minutes=5)
    bot = await start()

    assert await post_webhook(bot, alert_for("web", ns, starts, deployment="web")) == (200, {"status": "accepted"})
    reply = await cause_reply(bot, fake_slack)

    text = json.dumps(reply["blocks"], ensure_ascii=False)
    assert "Deploy* revision 2: `nginx:1.25` → `nginx:1.26`" in text
    assert "5m before the alert" in text and "by " in text
    assert button_value(reply, "rollback:1") == f"{ns}/web:1"
    async with bot.clients.db.session() as session:
        (claim,) = (await session.execute(select(AlertEnrichment))).scalars()
    assert claim.outcome == "found"

    await bot.sender.click("rollback:1", f"{ns}/web:1", response_url=fake_slack.hook_url(), channel=DEFAULT_CHANNEL)
    await fake_slack.wait_for(lambda s: any(b.get("action_id") == "confirm" for p in s.posts() for b in _buttons(p)))
    async with bot.clients.db.session() as session:
        (pending,) = (await session.execute(select(PendingChange))).scalars()
    assert (pending.intent, pending.app, pending.namespace) == ("rollback", "web", ns)
    await bot.sender.click(
        "confirm",
        pending.id,
        response_url=fake_slack.hook_url(),
        channel=DEFAULT_CHANNEL,
        message_ts=pending.message_ts,
    )

    def image() -> str:
        dep = client.AppsV1Api(api).read_namespaced_deployment("web", ns)
        return dep.spec.template.spec.containers[0].image

    async with asyncio.timeout(15):
        while image() != "nginx:1.25":
            await asyncio.sleep(0.1)
    await bot.settle()


async def test_an_oom_killed_pod_is_named_with_its_exit_code(start, fake_slack, kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_namespace.kubelet.behave("api", Fate.OOM_KILLED)
    kube_objects.deployment(api, ns, "api", "ghcr.io/acme/api:1.0", replicas=1)
    pod = client.CoreV1Api(api).list_namespaced_pod(ns, label_selector="app=api").items[0].metadata.name
    bot = await start()

    starts = dt.datetime.now(dt.UTC)
    assert (await post_webhook(bot, alert_for("api", ns, starts, pod=pod)))[0] == 200
    reply = await cause_reply(bot, fake_slack)

    text = json.dumps(reply["blocks"], ensure_ascii=False)
    assert f"Pod* `{pod}` (api): OOMKilled, exit code 137 · restarts: 1" in text


async def test_an_alert_with_no_recent_change_says_so_in_one_line_in_korean_when_the_alert_is(
    start, fake_slack, kube_namespace
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    bot = await start()

    payload = alert_for("web", ns, dt.datetime.now(dt.UTC) + dt.timedelta(hours=1), deployment="web")
    payload["alerts"][0]["annotations"] = {"summary": "web 5xx 비율이 높아요"}
    payload["commonAnnotations"] = payload["alerts"][0]["annotations"]
    assert (await post_webhook(bot, payload))[0] == 200
    reply = await cause_reply(bot, fake_slack)

    assert reply["text"] == "🔎 알림 전 30분 동안 `web`에 배포·재시작·설정 변경이 없었어요."
    assert len(reply["blocks"]) == 1


async def test_the_reply_is_posted_once_though_the_group_is_notified_again(start, fake_slack, kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    bot = await start()
    payload = alert_for("web", ns, dt.datetime.now(dt.UTC), deployment="web")
    await post_webhook(bot, payload)
    await cause_reply(bot, fake_slack)
    second = dict(payload["alerts"][0], fingerprint="fp-second", labels={**payload["alerts"][0]["labels"], "pod": "x"})
    payload["alerts"].append(second)

    await post_webhook(bot, payload)
    await delivered(bot)
    await alerting(bot).inbox.settle()
    await bot.settle()

    ts, _ = parent_of(fake_slack, DEFAULT_CHANNEL)
    causes = [
        m for m in replies_to(fake_slack, DEFAULT_CHANNEL, ts) if "🔎" in json.dumps(m["blocks"], ensure_ascii=False)
    ]
    assert len(causes) == 1
    async with bot.clients.db.session() as session:
        assert len((await session.execute(select(AlertEnrichment))).scalars().all()) == 1


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = message.get("blocks") or []
    return [e for b in blocks if b.get("type") == "actions" for e in b.get("elements", [])]
