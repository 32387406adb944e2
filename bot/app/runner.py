"""
Running the bot: HTTP mode (`klepaas serve`) and Socket Mode (`klepaas socket`).

Both start the same aiohttp server for health, readiness and metrics; HTTP mode
also serves Slack's requests on /slack/events. SQLite is migrated at start;
PostgreSQL is migrated with `klepaas db upgrade`.
"""
from __future__ import annotations

import asyncio
import signal

import structlog
from aiohttp import web

from bot.slack.bolt import build_app
from bot.app.deps import Deps
from bot.app.features import Features, build_features
from bot.app.web import build_web_app
from bot.app.settings import Settings
from bot.app.wiring import build_deps

log = structlog.get_logger(__name__)


async def _until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def start_web(deps: Deps, web_app: web.Application) -> web.AppRunner:
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, deps.settings.host, deps.settings.port).start()
    log.info("server.started", host=deps.settings.host, port=deps.settings.port)
    return runner


async def prepare(settings: Settings) -> tuple[Deps, Features]:
    deps = await build_deps(settings)
    if settings.database_url.startswith("sqlite"):
        await deps.db.upgrade()
    return deps, await build_features(deps)


async def serve(settings: Settings) -> None:
    deps, features = await prepare(settings)
    bolt = build_app(deps, features)
    runner = await start_web(deps, build_web_app(deps, bolt, routes=features.routes))
    try:
        await _until_stopped()
    finally:
        log.info("server.stopping")
        await runner.cleanup()
        await deps.close()


async def socket(settings: Settings) -> None:
    from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

    deps, features = await prepare(settings)
    bolt = build_app(deps, features, socket_mode=True)
    runner = await start_web(deps, build_web_app(deps, None, routes=features.routes))
    handler = AsyncSocketModeHandler(bolt, settings.slack_app_token.get_secret_value())  # type: ignore[union-attr]
    await handler.connect_async()
    log.info("socket.connected")
    try:
        await _until_stopped()
    finally:
        await handler.close_async()
        await runner.cleanup()
        await deps.close()
