"""
Help in the incident: time from an Alertmanager notification to the likely-cause reply in its thread,
on the real control plane, and the time to draw one chart.

    KLEPAAS_KUBE_DIR=../shared/kube .venv/bin/python bench/bench_incident.py [--samples 10]

1. Starts ../shared/kube/up (a real kube-apiserver and controller manager), a namespace with the
   kubelet stand-in, and three Deployments: `web` deployed twice (nginx:1.25 → 1.26), `api` whose pod
   was OOMKilled, `quiet` untouched. Starts the real bot (Bolt, aiohttp, SQLite, the outbox worker)
   with alerting and that cluster, against the Slack stand-in.
2. For each case, `samples` times: POSTs a new alert group (alert 5 min after web's deploy; the OOMKilled
   pod; a quiet app whose window holds nothing) and measures from the POST to (a) the parent posted,
   (b) the likely-cause reply posted in its thread. Reports p50 and max per case.
3. Draws 20 charts (3 series × 360 points; one panel as an alert graph, two as `usage`) and reports
   p50 and max per chart (the first draw, which imports matplotlib, is reported apart).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kubernetes import client  # noqa: E402

from bot.graphs import chart  # noqa: E402
from bot.graphs.prometheus import Series  # noqa: E402
from cluster import Cluster  # noqa: E402
from playground.slack_api import SlackWebApi  # noqa: E402
from tests.support import kube_objects  # noqa: E402
from tests.support.bot import make_clients, make_settings, start_bot  # noqa: E402
from tests.support.control_plane import control_plane, create_namespace  # noqa: E402
from tests.support.kubelet import Fate, Kubelet  # noqa: E402

TOKEN = "bench-token"
CHANNEL = "C0BENCH01"


def alert(namespace: str, starts: dt.datetime, **labels: str) -> dict:
    name = f"Bench{uuid.uuid4().hex[:8]}"
    labels = {"alertname": name, "namespace": namespace, **labels}
    return {
        "version": "4",
        "groupKey": f'{{}}:{{alertname="{name}"}}',
        "status": "firing",
        "receiver": "bot",
        "groupLabels": {"alertname": name},
        "commonLabels": labels,
        "commonAnnotations": {"summary": "bench"},
        "externalURL": "http://am",
        "truncatedAlerts": 0,
        "alerts": [
            {
                "status": "firing",
                "labels": labels,
                "annotations": {"summary": "bench"},
                "startsAt": starts.isoformat(),
                "endsAt": "0001-01-01T00:00:00Z",
                "generatorURL": "",
                "fingerprint": name[-16:],
            }
        ],
    }


async def one(bot, fake: SlackWebApi, session, body: dict) -> tuple[float, float]:
    began = time.perf_counter()
    async with session.post(
        f"{bot.url}/alerts/alertmanager", data=json.dumps(body), headers={"Authorization": f"Bearer {TOKEN}"}
    ) as response:
        assert response.status == 200
    name = body["groupLabels"]["alertname"]
    parent_at = reply_at = None
    while reply_at is None:
        parent = next(
            (m for m in fake.posts(CHANNEL) if name in (m.get("text") or "") and not m.get("thread_ts")), None
        )
        if parent is not None and parent_at is None:
            parent_at = time.perf_counter()
        if parent is not None:
            ts = next(ts for (ch, ts), m in fake.messages.items() if ch == CHANNEL and m["text"] == parent["text"])
            if any(m.get("thread_ts") == ts for m in fake.messages.values()):
                reply_at = time.perf_counter()
        await asyncio.sleep(0.005)
        if time.perf_counter() - began > 30:
            raise TimeoutError(name)
    assert parent_at is not None
    return parent_at - began, reply_at - began


async def incidents(samples: int) -> None:
    import aiohttp

    with control_plane() as plane:
        api = plane.api_client()
        namespace = f"bench-{uuid.uuid4().hex[:6]}"
        create_namespace(api, namespace)
        kubelet = Kubelet(api, namespace)
        kubelet.behave("api", Fate.OOM_KILLED)
        kube_objects.deployment(api, namespace, "web", "nginx:1.25", replicas=1)
        kube_objects.set_image(api, namespace, "web", "nginx:1.26")
        kube_objects.wait_available(api, namespace, "web")
        kube_objects.deployment(api, namespace, "api", "ghcr.io/acme/api:1", replicas=1)
        kube_objects.deployment(api, namespace, "quiet", "nginx:1.25", replicas=1)
        sets = client.AppsV1Api(api).list_namespaced_replica_set(namespace, label_selector="app=web").items
        deployed = max(s.metadata.creation_timestamp for s in sets)
        pod = client.CoreV1Api(api).list_namespaced_pod(namespace, label_selector="app=api").items[0].metadata.name
        fake = await SlackWebApi().start()
        with tempfile.TemporaryDirectory() as tmp:
            settings = make_settings(
                fake, f"{tmp}/bench.db", KLEPAAS_ALERTMANAGER_TOKEN=TOKEN, SLACK_ALERT_CHANNEL_DEFAULT=CHANNEL
            )
            cluster = Cluster(plane.api_client(), default_namespace=namespace)
            clients = await make_clients(settings, cluster=cluster)
            clients.closers.append(cluster.close)
            bot = await start_bot(clients, alert_poll=0.05, alert_backoff=0.1)
            cases = {
                "deploy 5 min before": lambda: alert(namespace, deployed + dt.timedelta(minutes=5), deployment="web"),
                "OOMKilled pod": lambda: alert(namespace, dt.datetime.now(dt.UTC), pod=pod),
                "nothing changed": lambda: alert(
                    namespace, dt.datetime.now(dt.UTC) + dt.timedelta(hours=1), deployment="quiet"
                ),
            }
            try:
                async with aiohttp.ClientSession() as session:
                    for case, body in cases.items():
                        parents, replies = [], []
                        for _ in range(samples):
                            parent, reply = await one(bot, fake, session, body())
                            parents.append(parent)
                            replies.append(reply)
                        print(
                            f"{case:22s} parent p50 {statistics.median(parents) * 1000:6.0f} ms"
                            f"   likely cause p50 {statistics.median(replies) * 1000:6.0f} ms"
                            f"  max {max(replies) * 1000:6.0f} ms  (n={samples})"
                        )
            finally:
                await bot.stop()
                await fake.stop()
        kubelet.stop()


def charts(count: int = 20) -> None:
    now = dt.datetime.now(dt.UTC)
    series = [
        Series(
            {"pod": f"web-{k}"},
            tuple((now - dt.timedelta(seconds=10 * i), k + math.sin(i / 5)) for i in range(360, 0, -1)),
        )
        for k in range(1, 4)
    ]
    began = time.perf_counter()
    chart.png([chart.Panel("first", series)])
    print(f"first chart (imports matplotlib) {(time.perf_counter() - began) * 1000:6.0f} ms")
    for name, panels in (
        ("alert graph (1 panel)", [chart.Panel("expr", series)]),
        ("usage (2 panels)     ", [chart.Panel("CPU", series, "cores"), chart.Panel("Memory", series, "MiB")]),
    ):
        times, cpu = [], []
        for _ in range(count):
            began, began_cpu = time.perf_counter(), time.thread_time()
            chart.png(panels, mark=now - dt.timedelta(minutes=20), mark_label="alert started")
            times.append(time.perf_counter() - began)
            cpu.append(time.thread_time() - began_cpu)
        print(
            f"{name} p50 {statistics.median(times) * 1000:6.0f} ms  max {max(times) * 1000:6.0f} ms"
            f"  (CPU time p50 {statistics.median(cpu) * 1000:4.0f} ms; n={count})"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--charts-only", action="store_true")
    args = parser.parse_args()
    charts()
    if not args.charts_only:
        asyncio.run(incidents(args.samples))
