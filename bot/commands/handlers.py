"""
The cluster commands plugged into the bot: handlers for every cluster intent,
the parser's context (apps and namespaces) and the change buttons.
"""
from __future__ import annotations

import json

import structlog

from bot.commands.changes import request_change
from bot.app.deps import Deps
from bot.commands.outcome import IntentHandler
from bot.messages.invocation import Invocation
from bot.commands.queries import run_query
from cluster import errors
from intents import MUTATING, Context, Intent

log = structlog.get_logger(__name__)

__all__ = ["INVENTORY_TTL", "QUERIES", "handlers", "inventory_context"]

INVENTORY_TTL = 30.0  # seconds the parser's apps/namespaces are reused
QUERIES = frozenset({
    Intent.STATUS, Intent.LOGS, Intent.ENDPOINT, Intent.OVERVIEW, Intent.LIST_PODS, Intent.LIST_DEPLOYMENTS,
    Intent.LIST_SERVICES, Intent.LIST_INGRESSES, Intent.LIST_NAMESPACES, Intent.LIST_APPS,
})


def handlers() -> dict[Intent, IntentHandler]:
    return {**{intent: run_query for intent in QUERIES}, **{intent: request_change for intent in MUTATING}}


async def inventory_context(who: Invocation, *, deps: Deps) -> Context:
    """The apps of the default namespace and the namespaces the policy lets the bot see, cached ~30 s."""
    if deps.cluster is None:
        return Context()
    key = f"klepaas:inventory:{deps.cluster.default_namespace}"
    cached = await deps.cache.get(key)
    if cached is not None:
        raw = json.loads(cached)
        return Context(apps=tuple(raw["apps"]), namespaces=tuple(raw["namespaces"]))
    try:
        inventory = await deps.cluster.inventory()
    except errors.ClusterError as exc:
        # Parsing still works without names; the command itself then reports the cluster's error.
        log.warning("inventory.failed", error=type(exc).__name__)
        return Context()
    namespaces = deps.policy.visible(list(inventory.namespaces))
    await deps.cache.set(key, json.dumps({"apps": list(inventory.apps), "namespaces": namespaces}), ttl=INVENTORY_TTL)
    return Context(apps=inventory.apps, namespaces=tuple(namespaces))
