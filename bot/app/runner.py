"""
Running the bot: HTTP mode (`klepaas serve`) and Socket Mode (`klepaas socket`). The local
playground (`klepaas playground`) is started by playground/launch.py, which imports the bot.

Both start the same aiohttp server for health, readiness and metrics; HTTP mode
also serves Slack's requests on /slack/events. SQLite is migrated at start;
PostgreSQL is migrated with `klepaas db upgrade`.
"""

from __future__ import annotations

import asyncio
import gc
import signal

import structlog
from aiohttp import web
from slack_bolt.async_app import AsyncApp

from bot.app.features import Features, build_features
from bot.app.web import build_web_app
from bot.app.wiring import Clients, build_clients
from bot.infra.settings import Settings
from bot.slack.bolt import build_app

log = structlog.get_logger(__name__)


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


REQUEST_SHUTDOWN = 3.0  # seconds in-flight HTTP requests get on SIGTERM (an ack takes milliseconds)


def assemble(
    clients: Clients, features: Features, *, socket_mode: bool = False, cluster_label: str | None = None
) -> tuple[AsyncApp, web.Application]:
    """The Bolt app and the aiohttp app around it (without /slack/events in Socket Mode)."""
    c = clients
    secret = c.settings.slack_signing_secret.get_secret_value() if c.settings.slack_signing_secret else None
    bolt = build_app(
        slack=c.slack,
        signing_secret=secret,
        identity=c.slack_identity,
        cache=c.cache,
        replier=c.replier,
        listeners=features.listeners,
    )
    web_app = build_web_app(
        None if socket_mode else bolt,
        metrics=c.metrics,
        signing_secret=secret,
        db=c.db,
        redis=c.cache if c.settings.redis_url else None,
        cluster=c.cluster,
        identity=c.slack_identity,
        routes=features.routes,
        cluster_label=cluster_label,
        acks=c.tasks.acks,
    )
    return bolt, web_app


async def start_web(settings: Settings, web_app: web.Application) -> web.AppRunner:
    runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=REQUEST_SHUTDOWN)
    await runner.setup()
    await web.TCPSite(runner, settings.host, settings.port).start()
    log.info("server.started", host=settings.host, port=settings.port)
    return runner


# How many new container objects start a collection of the youngest generation (CPython's default is 700),
# and how many collections of one generation start one of the next (10 and 10). A burst of 1,000 slash
# commands made about 90 collections of the middle generation and 9 full ones, the longest 46 ms, each
# while acks waited (`make bench`); with these, 4 full ones of about 2 ms and no pause over 17 ms. Garbage
# without cycles is freed at once by reference counting whatever the thresholds; cycles wait a little longer.
GC_THRESHOLDS = (20_000, 20, 10)


def freeze_start_up_heap() -> None:
    """Move every object alive after start-up out of the collector's sight, and collect less often.

    Modules, classes, Bolt's listeners and settings live as long as the process;
    without this, each full collection walks them all again while requests wait.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


async def prepare(settings: Settings) -> tuple[Clients, Features]:
    clients = await build_clients(settings)
    if settings.database_url.startswith("sqlite"):
        await clients.db.upgrade_if_behind()
    features = await build_features(clients)
    from bot.app.singletons import Singletons, build_housekeeping, build_leader

    leader = build_leader(clients)
    singletons = Singletons(
        leader=leader,
        tasks=clients.tasks,
        rollouts=features.rollouts,
        alerting=features.alerting,
        housekeeping=build_housekeeping(clients, features, leading=lambda: leader.is_leader),
    )
    singletons.start()  # leader election, watch resumption, housekeeping
    clients.closers.append(singletons.close)
    if features.deploying is not None:  # resuming deploy runs and the outside-deploy watch: the leader's too
        features.deploying.lead(lambda: singletons.leader.is_leader)
    return clients, features


async def serve(settings: Settings) -> None:
    clients, features = await prepare(settings)
    _, web_app = assemble(clients, features)
    runner = await start_web(settings, web_app)
    freeze_start_up_heap()
    try:
        await _until_stopped()
    finally:
        await shut_down(clients, runner)


async def shut_down(clients: Clients, runner: web.AppRunner) -> None:
    """SIGTERM: take no more requests, let the work after acks finish within the grace period, then close.

    Work another replica resumes from the database (rollout watches, the outbox) is
    released at once; replies and audit rows are waited for (bot/infra/tasks.py).
    """
    loop = asyncio.get_running_loop()
    started = loop.time()
    grace = clients.settings.shutdown_grace_seconds
    log.info("server.stopping", grace=grace, owned=len(clients.tasks))
    await runner.cleanup()
    await clients.tasks.drain(max(0.0, grace - (loop.time() - started)))
    await clients.close()
    log.info("server.stopped", seconds=round(loop.time() - started, 2))


async def socket(settings: Settings) -> None:
    from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

    clients, features = await prepare(settings)
    bolt, web_app = assemble(clients, features, socket_mode=True)
    runner = await start_web(settings, web_app)
    handler = AsyncSocketModeHandler(bolt, settings.slack_app_token.get_secret_value())  # type: ignore[union-attr]
    await handler.connect_async()
    log.info("socket.connected")
    freeze_start_up_heap()
    try:
        await _until_stopped()
    finally:
        await handler.close_async()
        await shut_down(clients, runner)
