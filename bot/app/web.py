"""
The aiohttp web server: Slack's endpoint, health, readiness and metrics.

`/healthz` says the process is alive; `/readyz` checks what the bot needs to do
its work (database, Redis when configured, the Kubernetes API when configured)
and names the failing part with a 503. Slack unreachable is "degraded", not a
503: requests are still acked, and taking the Pod out of service would not help.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING

import structlog
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from slack_bolt.async_app import AsyncApp

from bot.app import health
from bot.infra.acks import PendingAcks
from bot.infra.cache import Cache
from bot.infra.metrics import Metrics
from bot.infra.slack_identity import SlackIdentity
from bot.slack.gate import SlackGate
from bot.storage import Database

if TYPE_CHECKING:  # NB: cluster.Cluster loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Cluster

log = structlog.get_logger(__name__)

READY_TIMEOUT = 3.0


def build_web_app(
    bolt: AsyncApp | None,
    *,
    metrics: Metrics,
    signing_secret: str | None,
    db: Database,
    redis: Cache | None,
    cluster: Cluster | None,
    identity: SlackIdentity,
    routes: Iterable[web.RouteDef] = (),
    cluster_label: str | None = None,
    acks: PendingAcks | None = None,
) -> web.Application:
    """The whole HTTP surface; `bolt` is None in Socket Mode (no /slack/events).

    /readyz checks `db`, `redis` (the shared cache, when REDIS_URL is set) and `cluster`, and reports
    Slack's `identity`. `cluster_label` ("DEMO" in the playground) is reported by /readyz, so nobody
    mistakes the playground's simulated cluster for a real one. `acks` counts the Slack requests not
    answered yet, for the work after earlier acks to let them go first (bot/infra/acks.py).
    """
    app = web.Application(client_max_size=2 * 1024 * 1024)

    # NB: a labelled child is looked up once (under prometheus_client's lock), not on every request.
    ack_seconds = functools.cache(lambda kind: metrics.ack_seconds.labels(kind=kind))
    requests = functools.cache(lambda route, status: metrics.requests.labels(route=route, status=str(status)))

    def observe_ack(kind: str, seconds: float) -> None:
        ack_seconds(kind).observe(seconds)

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_: web.Request) -> web.Response:
        checks: dict[str, Callable[[], Awaitable[object]]] = {"database": lambda: health.database(db)}
        if redis is not None:
            checks["redis"] = redis.ping
        if cluster is not None:
            checks["kubernetes"] = cluster.ping
        failing: dict[str, str] = {}
        for name, check in checks.items():
            try:
                async with asyncio.timeout(READY_TIMEOUT):
                    await check()
            except health.PROBE_FAILURES as exc:
                failing[name] = str(exc) if isinstance(exc, health.NotReady) else type(exc).__name__
        if failing:
            log.warning("ready.failing", failing=failing)
            return web.json_response({"status": "unavailable", "failing": failing}, status=503)
        ready: dict[str, object] = {"status": "ready", "checked": sorted(checks)}
        if cluster is None:
            ready["kubernetes"] = health.NO_CLUSTER
        if problem := identity.problem:
            # Still ready: requests are acked and answered; Slack's side may fail until it is back.
            ready.update(status="degraded", degraded={"slack": problem})
        if cluster_label is not None:
            ready["cluster"] = cluster_label
        return web.json_response(ready)

    async def exposition(_: web.Request) -> web.Response:
        return web.Response(body=generate_latest(metrics.registry), headers={"Content-Type": CONTENT_TYPE_LATEST})

    @web.middleware
    async def count(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            requests(_route(request), exc.status).inc()
            raise
        requests(_route(request), response.status).inc()
        return response

    app.middlewares.append(count)
    if bolt is not None:
        gate = SlackGate(bolt, signing_secret, observe=observe_ack, acks=acks)
        app.router.add_post("/slack/events", gate.handle)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", exposition)
    app.router.add_routes(list(routes))
    return app


def _route(request: web.Request) -> str:
    info = request.match_info.route.resource
    return info.canonical if info is not None else "unmatched"
