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

from bot.app.deps import Deps
from bot.app.features import Features, build_features
from bot.app.settings import Settings
from bot.app.web import build_web_app
from bot.app.wiring import build_deps
from bot.slack.bolt import build_app

log = structlog.get_logger(__name__)


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


REQUEST_SHUTDOWN = 3.0  # seconds in-flight HTTP requests get on SIGTERM (an ack takes milliseconds)


async def start_web(deps: Deps, web_app: web.Application) -> web.AppRunner:
    runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=REQUEST_SHUTDOWN)
    await runner.setup()
    await web.TCPSite(runner, deps.settings.host, deps.settings.port).start()
    log.info("server.started", host=deps.settings.host, port=deps.settings.port)
    return runner


def freeze_start_up_heap() -> None:
    """Move every object alive after start-up out of the collector's sight.

    Modules, classes, Bolt's listeners and settings live as long as the process;
    without this, each full collection walks them all again while requests wait.
    """
    gc.collect()
    gc.freeze()


async def prepare(settings: Settings) -> tuple[Deps, Features]:
    deps = await build_deps(settings)
    if settings.database_url.startswith("sqlite"):
        await deps.db.upgrade_if_behind()
    features = await build_features(deps)
    from bot.app.singletons import Singletons, build_leader

    singletons = Singletons(deps, features, build_leader(deps))
    singletons.start()  # leader election, watch resumption, housekeeping
    if features.deploying is not None:  # resuming deploy runs and the outside-deploy watch: the leader's too
        features.deploying.lead(lambda: singletons.leader.is_leader)
    return deps, features


async def serve(settings: Settings) -> None:
    deps, features = await prepare(settings)
    bolt = build_app(deps, features)
    runner = await start_web(deps, build_web_app(deps, bolt, routes=features.routes))
    freeze_start_up_heap()
    try:
        await _until_stopped()
    finally:
        await shut_down(deps, runner)


async def shut_down(deps: Deps, runner: web.AppRunner) -> None:
    """SIGTERM: take no more requests, let the work after acks finish within the grace period, then close.

    Work another replica resumes from the database (rollout watches, the outbox) is
    released at once; replies and audit rows are waited for (bot/infra/tasks.py).
    """
    loop = asyncio.get_running_loop()
    started = loop.time()
    grace = deps.settings.shutdown_grace_seconds
    log.info("server.stopping", grace=grace, owned=len(deps.tasks))
    await runner.cleanup()
    await deps.tasks.drain(max(0.0, grace - (loop.time() - started)))
    await deps.close()
    log.info("server.stopped", seconds=round(loop.time() - started, 2))


async def socket(settings: Settings) -> None:
    from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

    deps, features = await prepare(settings)
    bolt = build_app(deps, features, socket_mode=True)
    runner = await start_web(deps, build_web_app(deps, None, routes=features.routes))
    handler = AsyncSocketModeHandler(bolt, settings.slack_app_token.get_secret_value())  # type: ignore[union-attr]
    await handler.connect_async()
    log.info("socket.connected")
    freeze_start_up_heap()
    try:
        await _until_stopped()
    finally:
        await handler.close_async()
        await shut_down(deps, runner)
