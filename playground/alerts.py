"""
Alerts in the playground: the "Send a test alert" drill and a stand-in for Alertmanager's silences.

The drill posts what Alertmanager would (webhook payload version 4, PROTOCOLS.md §7) for one
alert group, one step per press: firing (one pod), an update (a second pod joins), resolved.
The same `groupKey` throughout, so the bot keeps it in one thread. The silences stand-in answers
the API v2 calls the Silence/Unsilence buttons make (PROTOCOLS.md §8), so they work without an
Alertmanager.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from aiohttp import web

from bodies import InvalidJson, parse_json

__all__ = ["STEPS", "AlertDrill", "SilencesStandIn"]

STEPS = ("firing", "update", "resolved")
PODS = ("cart-5d8f7c9b6-q7x2m", "cart-5d8f7c9b6-zk4wp")
GROUP_KEY = '{}:{alertname="KubePodCrashLooping", namespace="shop"}'
NEVER = "0001-01-01T00:00:00Z"
RUNBOOK = "https://runbooks.example.com/crashloop"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _alert(pod: str, *, started: datetime, resolved_at: datetime | None) -> dict[str, Any]:
    labels = {"alertname": "KubePodCrashLooping", "namespace": "shop", "deployment": "cart", "pod": pod,
              "severity": "critical"}  # fmt: skip
    return {
        "status": "resolved" if resolved_at else "firing",
        "labels": labels,
        "annotations": {"summary": f"Pod shop/{pod} is crash looping", "runbook_url": RUNBOOK},
        "startsAt": _stamp(started),
        "endsAt": _stamp(resolved_at) if resolved_at else NEVER,
        "generatorURL": "",
        "fingerprint": uuid.uuid5(uuid.NAMESPACE_DNS, pod).hex[:16],
    }


def payload(step: str, *, started: datetime, now: datetime) -> dict[str, Any]:
    """Alertmanager's webhook body for `step` of the drill."""
    count = 1 if step == "firing" else 2
    resolved_at = now if step == "resolved" else None
    alerts = [_alert(pod, started=started + timedelta(seconds=i), resolved_at=resolved_at)
              for i, pod in enumerate(PODS[:count])]  # fmt: skip
    return {
        "receiver": "klepaas", "status": "resolved" if resolved_at else "firing", "alerts": alerts,
        "groupLabels": {"alertname": "KubePodCrashLooping", "namespace": "shop"},
        "commonLabels": {"alertname": "KubePodCrashLooping", "namespace": "shop", "deployment": "cart",
                         "severity": "critical"},
        "commonAnnotations": {"runbook_url": "https://runbooks.example.com/crashloop"},
        "externalURL": "http://alertmanager.playground:9093", "version": "4", "groupKey": GROUP_KEY,
        "truncatedAlerts": 0,
    }  # fmt: skip


@dataclass
class AlertDrill:
    """Presses of "Send a test alert": each posts the next step to the bot's Alertmanager route."""

    url: str  # the bot's /alerts/alertmanager
    token: str
    step: int = 0
    started: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def next_step(self) -> str:
        return STEPS[self.step % len(STEPS)]

    async def press(self) -> tuple[str, int]:
        """Post the next step; returns the step sent and the bot's HTTP status."""
        step = self.next_step
        if step == "firing":
            self.started = datetime.now(UTC)
        body = payload(step, started=self.started, now=datetime.now(UTC))
        headers = {"Authorization": f"Bearer {self.token}", "User-Agent": "Alertmanager/0.25.0"}
        async with aiohttp.ClientSession() as session, session.post(self.url, json=body, headers=headers) as answer:
            status = answer.status
        self.step += 1
        return step, status


@dataclass
class SilencesStandIn:
    """Alertmanager's silences API, in memory, under `prefix`."""

    prefix: str = "/playground/alertmanager"
    silences: dict[str, dict[str, Any]] = field(default_factory=dict)

    def routes(self) -> list[web.RouteDef]:
        return [
            web.post(f"{self.prefix}/api/v2/silences", self._create),
            web.get(f"{self.prefix}/api/v2/silences", self._list),
            web.get(f"{self.prefix}/api/v2/silence/{{id}}", self._get),
            web.delete(f"{self.prefix}/api/v2/silence/{{id}}", self._expire),
            web.get(f"{self.prefix}/api/v2/alerts", self._alerts),
            web.get(f"{self.prefix}/-/ready", self._ready),
        ]

    async def _create(self, request: web.Request) -> web.Response:
        try:
            body = parse_json(await request.read())
        except InvalidJson as exc:
            return web.Response(status=400, text=exc.sentence)
        silence_id = body.get("id") or str(uuid.uuid4())
        self.silences[silence_id] = {**body, "id": silence_id, "status": {"state": "active"},
                                     "updatedAt": _stamp(datetime.now(UTC))}  # fmt: skip
        return web.json_response({"silenceID": silence_id})

    async def _list(self, _: web.Request) -> web.Response:
        return web.json_response(list(self.silences.values()))

    async def _get(self, request: web.Request) -> web.Response:
        silence = self.silences.get(request.match_info["id"])
        if silence is None:
            return web.Response(status=404, text="silence not found")
        return web.json_response(silence)

    async def _expire(self, request: web.Request) -> web.Response:
        silence = self.silences.get(request.match_info["id"])
        if silence is None:
            return web.Response(status=404, text="silence not found")
        silence["status"] = {"state": "expired"}
        return web.Response(status=200)

    async def _alerts(self, _: web.Request) -> web.Response:
        return web.json_response([])

    async def _ready(self, _: web.Request) -> web.Response:
        return web.Response(text="OK")
