"""
The DEMO cluster: the emulator seeded as a small web shop, served on loopback, with its
controller running, so the playground has something to operate when no real cluster answers.

Its controller uses `controller.roll()`: a changed Deployment is progressing at once and complete
one step later, its old pods replaced by the new ReplicaSet's; running pods log a line now and then.

It exists for trying the product (`klepaas playground`); `klepaas serve` never uses it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import kmock

from cluster import Cluster
from playground.cluster import network, objects, pods
from playground.cluster.controller import roll
from playground.cluster.emulator import KubeEmulator, cluster_for
from playground.cluster.resources import DEPLOYMENTS, PODS, stamp

__all__ = ["NAMESPACE", "DemoCluster", "DemoController", "running_demo", "seed_shop"]

NAMESPACE = "shop"
# (name, images of revisions 1..N, replicas)
APPS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("web", ("nginx:1.25", "nginx:1.26", "nginx:1.27"), 2),
    ("api", ("ghcr.io/acme/shop-api:1.3.0", "ghcr.io/acme/shop-api:1.4.2"), 3),
    ("cart", ("ghcr.io/acme/cart:2.0.1",), 2),
    ("worker", ("ghcr.io/acme/worker:0.9.4", "ghcr.io/acme/worker:0.9.5"), 1),
)


def seed_shop(emulator: KubeEmulator) -> None:
    """Namespaces, the shop's Deployments with history, running pods with logs, Services and an Ingress."""
    for name in (NAMESPACE, "staging", "kube-system"):
        objects.namespace(emulator, name)
    for name, images, replicas in APPS:
        dep = objects.deployment(
            emulator, name, NAMESPACE, revisions=list(images), replicas=replicas, ago=timedelta(days=9)
        )
        for pod in pods.pods_for(emulator, dep):
            pods.logs(emulator, pod, f"starting {images[-1]}\nlistening on :80\n")
    network.service(emulator, "web", NAMESPACE, type="LoadBalancer", lb_ingress=[{"ip": "203.0.113.10"}])
    network.service(emulator, "api", NAMESPACE, cluster_ip="10.96.20.11")
    network.service(emulator, "cart", NAMESPACE, cluster_ip="10.96.20.12")
    network.ingress(
        emulator,
        "shop",
        NAMESPACE,
        rules=[("shop.example.com", "/", "web", 80), ("shop.example.com", "/api", "api", "http")],
        tls_hosts=["shop.example.com"],
        lb_ingress=[{"ip": "203.0.113.10"}],
    )


_PATHS = ("/", "/healthz", "/api/cart", "/api/items?page=2", "/static/app.js", "/api/checkout")


@dataclass
class DemoController:
    """Rolls out changed Deployments over a few seconds and makes running pods log, until cancelled."""

    emulator: KubeEmulator
    step_seconds: float = 1.5  # progressing, then complete one step later
    log_seconds: float = 2.0
    tick_seconds: float = 0.25
    _started: dict[tuple[str, str], float] = field(default_factory=dict)  # rollouts under way
    _lines: itertools.count = field(default_factory=itertools.count)

    async def run(self) -> None:
        last_log = 0.0
        while True:
            now = time.monotonic()
            self.step(now)
            if now - last_log >= self.log_seconds:
                self.log_once()
                last_log = now
            await asyncio.sleep(self.tick_seconds)

    def step(self, now: float) -> None:
        for (resource, ns, name), obj in list(self.emulator.objects.items()):
            if resource != kmock.resource(DEPLOYMENTS) or obj.deleted or ns is None:
                continue
            dep = obj.raw
            changed = dep["metadata"].get("generation", 1) > dep.get("status", {}).get("observedGeneration", 0)
            if changed:
                roll(self.emulator, name, ns, outcome="progressing")
                self._started[(ns, name)] = now
            elif (ns, name) in self._started and now - self._started[(ns, name)] >= self.step_seconds:
                del self._started[(ns, name)]
                self._replace_pods(roll(self.emulator, name, ns, outcome="complete"))

    def _replace_pods(self, dep: dict[str, Any]) -> None:
        """The old ReplicaSet's pods go, the current one's come up (and say so in their logs)."""
        ns, app = dep["metadata"]["namespace"], dep["metadata"]["name"]
        for (resource, pod_ns, _), obj in list(self.emulator.objects.items()):
            labels = obj.raw.get("metadata", {}).get("labels", {}) if not obj.deleted else {}
            if resource == kmock.resource(PODS) and pod_ns == ns and labels.get("app") == app:
                obj.delete()
        for pod in pods.pods_for(self.emulator, dep):
            # They were just started (pods_for dates seeded pods half an hour back).
            self.emulator.objects[PODS, ns, pod["metadata"]["name"]].patch({"metadata": {"creationTimestamp": stamp()}})
            for container in pod["spec"]["containers"]:
                key = (ns, pod["metadata"]["name"], container["name"], False)
                self.emulator.pod_logs[key] = startup_log(container["image"])

    def log_once(self) -> None:
        """One access-log line from each running pod."""
        for (resource, ns, name), obj in list(self.emulator.objects.items()):
            if resource != kmock.resource(PODS) or obj.deleted or ns is None:
                continue
            for container in obj.raw["spec"]["containers"]:
                key = (ns, name, container["name"], False)
                path = _PATHS[next(self._lines) % len(_PATHS)]
                line = f'{_now()} 10.0.3.{random.randint(2, 250)} "GET {path}" 200 {random.randint(120, 9000)}B\n'
                self.emulator.pod_logs[key] = (self.emulator.pod_logs.get(key, "") + line)[-20_000:]


def startup_log(image: str) -> str:
    """What a freshly rolled-out pod prints while it starts: long enough that `logs` attaches it as a file."""
    now = _now()
    lines = [f"{now} starting {image}", f"{now} config: DATABASE_URL=postgres://cart:s3cr3t@db.shop:5432/cart"]
    lines += [f"{now} loaded module {name} ({size} KiB)" for name, size in zip(_MODULES, range(120, 4000, 97))]
    lines += [f"{now} warmup: cache shard {i:02d}/40 ready in {9 + i % 7} ms" for i in range(1, 41)]
    return "\n".join([*lines, f"{now} listening on :80", ""])


_MODULES = ("http", "router", "sessions", "payments", "pricing", "inventory", "search", "metrics", "tracing", "auth")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class DemoCluster:
    emulator: KubeEmulator
    controller: DemoController
    cluster: Cluster  # the bot's Cluster, pointed at the emulator


@contextlib.asynccontextmanager
async def running_demo(*, step_seconds: float = 1.5, default_namespace: str = NAMESPACE) -> AsyncIterator[DemoCluster]:
    """Serve the seeded shop on a loopback port and run its controller until the block ends."""
    async with KubeEmulator() as emulator, kmock.Server(emulator):
        seed_shop(emulator)
        controller = DemoController(emulator, step_seconds=step_seconds)
        task = asyncio.create_task(controller.run(), name="demo-cluster-controller")
        cluster = cluster_for(emulator, default_namespace=default_namespace)
        try:
            yield DemoCluster(emulator=emulator, controller=controller, cluster=cluster)
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await cluster.close()
