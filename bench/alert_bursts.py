"""
Alertmanager webhooks for bench/bench_load.py's alert part: one group per webhook, sent at a
bounded concurrency, every answer required to be 200.
"""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
from servers import Process

__all__ = ["ALERTS_PER_GROUP", "ALERT_TOKEN", "alert_burst", "alert_payload"]

ALERT_TOKEN = "bench-alert-token"
ALERTS_PER_GROUP = 3


def alert_payload(group: int) -> bytes:
    """One Alertmanager webhook (payload v4) for its own group, with ALERTS_PER_GROUP firing alerts."""
    name = f"Bench{group}"
    alerts = [
        {
            "status": "firing",
            "labels": {"alertname": name, "namespace": "shop", "pod": f"p{i}", "severity": "warning"},
            "annotations": {"summary": f"Pod shop/p{i} is crash looping"},
            "startsAt": "2026-11-22T01:45:35Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example:9090/graph",
            "fingerprint": f"{group:08x}{i:08x}",
        }
        for i in range(ALERTS_PER_GROUP)
    ]
    return json.dumps(
        {
            "version": "4",
            "groupKey": f'{{}}:{{alertname="{name}"}}',
            "truncatedAlerts": 0,
            "status": "firing",
            "receiver": "klepaas",
            "groupLabels": {"alertname": name},
            "commonLabels": {"alertname": name, "namespace": "shop"},
            "commonAnnotations": {},
            "externalURL": "http://alertmanager.example:9093",
            "alerts": alerts,
        }
    ).encode()


async def alert_burst(
    session: aiohttp.ClientSession, target: Process, groups: range, concurrency: int
) -> tuple[float, float]:
    """Send every group's webhook; returns (alerts/s answered 200, perf_counter of the last answer)."""
    gate = asyncio.Semaphore(concurrency)
    headers = {"Authorization": f"Bearer {ALERT_TOKEN}", "Content-Type": "application/json"}
    bodies = [alert_payload(g) for g in groups]

    async def send(body: bytes) -> None:
        async with gate, session.post(f"{target.url}/alerts/alertmanager", data=body, headers=headers) as r:
            if r.status != 200:
                raise RuntimeError(f"{target.name} answered {r.status}: {await r.text()}")

    started = time.perf_counter()
    await asyncio.gather(*(send(b) for b in bodies))
    finished = time.perf_counter()
    return len(bodies) * ALERTS_PER_GROUP / (finished - started), finished
