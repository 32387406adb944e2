"""
Optional parts of the bot plugged into the core: cluster commands, alerts,
webhooks. Each part registers its listeners, routes and background work here,
so bot/app.py and bot/server.py stay the same as parts are added.
"""
from __future__ import annotations

from aiohttp import web

from bot.alerting import install_alerting
from bot.commands.handlers import install_cluster_commands
from bot.app.deps import Deps


async def install_features(deps: Deps) -> None:
    """Attach every configured part to `deps` (listeners and routes are read from deps.extras)."""
    deps.extras.setdefault("listeners", [])
    deps.extras.setdefault("routes", [])
    install_cluster_commands(deps)
    if deps.settings.alertmanager_token is not None:
        await install_alerting(deps)


def feature_routes(deps: Deps) -> list[web.RouteDef]:
    return list(deps.extras.get("routes", ()))
