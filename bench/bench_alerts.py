"""
Alert intake throughput and alert-to-Slack latency.

    .venv/bin/python bench/bench_alerts.py [--groups 200] [--concurrency 20] [--samples 5]

1. Intake: starts the real bot (Bolt + aiohttp + SQLite + the outbox worker) against
   the fake Slack on loopback and POSTs webhook payloads for `groups` distinct
   groups, `concurrency` at a time; reports webhooks/s and alerts/s answered (the
   Slack posting happens afterwards, in the outbox), then the time until the
   outbox has delivered every parent.
2. Latency: starts the real Alertmanager (group_wait 200ms) with its webhook at the
   bot, injects one alert group at a time through API v2 and measures injection
   -> parent posted in the fake Slack; p50 and max. group_wait is part of it.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground.slack_api import SlackWebApi  # noqa: E402
from tests.alerts.builders import CAPTURED  # noqa: E402
from tests.support.alertmanager import running_alertmanager  # noqa: E402
from tests.support.bot import make_clients, make_settings, start_bot  # noqa: E402

TOKEN = "bench-token"
CHANNEL = "C0BENCH01"
ALERTS_PER_GROUP = 3


def payload(group: int) -> bytes:
    body = copy.deepcopy(CAPTURED)
    name = f"Bench{group}"
    body.update(
        groupKey=f'{{}}:{{alertname="{name}"}}',
        groupLabels={"alertname": name},
        commonLabels={"alertname": name, "namespace": "shop"},
        truncatedAlerts=0,
    )
    body["alerts"] = [
        {
            **CAPTURED["alerts"][0],
            "labels": {"alertname": name, "namespace": "shop", "pod": f"p{i}"},
            "fingerprint": f"{group:08x}{i:08x}",
        }
        for i in range(ALERTS_PER_GROUP)
    ]
    return json.dumps(body).encode()


async def start(workdir: Path, fake: SlackWebApi, **env: str):
    settings = make_settings(
        fake,
        str(workdir / f"bench-{uuid.uuid4().hex[:6]}.db"),
        KLEPAAS_ALERTMANAGER_TOKEN=TOKEN,
        SLACK_ALERT_CHANNEL_DEFAULT=CHANNEL,
        **env,
    )
    clients = await make_clients(settings)
    return await start_bot(clients, alert_poll=0.05)


async def intake(workdir: Path, groups: int, concurrency: int) -> None:
    fake = await SlackWebApi().start()
    bot = await start(workdir, fake)
    bodies = [payload(g) for g in range(groups)]
    gate = asyncio.Semaphore(concurrency)
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as session:

        async def send(body: bytes) -> None:
            async with gate, session.post(f"{bot.url}/alerts/alertmanager", data=body, headers=headers) as r:
                assert r.status == 200, await r.text()

        started = time.perf_counter()
        await asyncio.gather(*(send(b) for b in bodies))
        answered = time.perf_counter() - started
        while len(fake.messages) < groups:
            await asyncio.sleep(0.01)
        posted = time.perf_counter() - started
    print(f"intake: {groups} webhooks ({groups * ALERTS_PER_GROUP} alerts), concurrency {concurrency}")
    print(
        f"  answered in {answered:.2f}s: {groups / answered:.0f} webhooks/s, "
        f"{groups * ALERTS_PER_GROUP / answered:.0f} alerts/s"
    )
    print(f"  all {groups} parents in the fake Slack after {posted:.2f}s ({groups / posted:.0f} posts/s)")
    await bot.stop()
    await fake.stop()


async def latency(workdir: Path, samples: int) -> None:
    fake = await SlackWebApi().start()
    from playground.slack_api import free_port

    port = free_port()
    with running_alertmanager(
        workdir / "am",
        webhook_url=f"http://127.0.0.1:{port}/alerts/alertmanager",
        bearer_token=TOKEN,
        group_wait="200ms",
        group_interval="1s",
    ) as am:
        settings = make_settings(
            fake,
            str(workdir / "latency.db"),
            KLEPAAS_ALERTMANAGER_TOKEN=TOKEN,
            SLACK_ALERT_CHANNEL_DEFAULT=CHANNEL,
            ALERTMANAGER_URL=am.url,
        )
        clients = await make_clients(settings)
        bot = await start_bot(clients, port=port, alert_poll=0.05)
        seconds = []
        for sample in range(samples):
            before = len(fake.messages)
            started = time.perf_counter()
            am.post_alerts([{"labels": {"alertname": f"Latency{sample}", "namespace": "shop"}}])
            while len(fake.messages) == before:
                await asyncio.sleep(0.005)
            seconds.append(time.perf_counter() - started)
        print(f"alert -> Slack through the real Alertmanager (group_wait 200ms), {samples} groups:")
        print(f"  p50 {statistics.median(seconds) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms")
        await bot.stop()
    await fake.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        await intake(Path(tmp), args.groups, args.concurrency)
        await latency(Path(tmp), args.samples)


if __name__ == "__main__":
    asyncio.run(main())
