"""
The cluster commands plugged into the bot: handlers for every cluster intent,
the parser's context (apps and namespaces) and the change buttons.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import structlog

from bot.app.deps import Deps
from bot.commands.changes import request_change
from bot.commands.namespaces import is_namespace_name, named_namespace
from bot.commands.outcome import IntentHandler
from bot.commands.queries import run_query
from bot.messages.invocation import Invocation
from cluster import errors
from intents import MUTATING, Context, Intent

if TYPE_CHECKING:
    from cluster import Cluster

log = structlog.get_logger(__name__)

__all__ = ["INVENTORY_TTL", "QUERIES", "handlers", "inventory_context"]

INVENTORY_TTL = 30.0  # seconds the parser's apps/namespaces are reused
QUERIES = frozenset(
    {
        Intent.STATUS,
        Intent.LOGS,
        Intent.ENDPOINT,
        Intent.OVERVIEW,
        Intent.LIST_PODS,
        Intent.LIST_DEPLOYMENTS,
        Intent.LIST_SERVICES,
        Intent.LIST_INGRESSES,
        Intent.LIST_NAMESPACES,
        Intent.LIST_APPS,
    }
)


def handlers() -> dict[Intent, IntentHandler]:
    return {**{intent: run_query for intent in QUERIES}, **{intent: request_change for intent in MUTATING}}


async def inventory_context(who: Invocation, *, deps: Deps, fresh: bool = False) -> Context:
    """The apps of the default namespace, and of the one the text names with `-n`, and the namespaces
    the policy lets the bot see; cached ~30 s, `fresh` reads them again."""
    if deps.cluster is None:
        return Context()
    cluster = await deps.access.cluster_for(who.user_id, deps.cluster)  # read with the person's own rights
    found = await _inventory(deps, cluster, deps.cluster.default_namespace, fresh=fresh)
    if found is None:
        return Context()
    named = named_namespace(who.text)
    if named is not None and named != deps.cluster.default_namespace and is_namespace_name(named):
        # NB: the plain syntax resolves the app against the namespace it names (`scale onlyb 2 -n team-b`)
        there = await _inventory(deps, cluster, named, fresh=fresh) if deps.policy.touches(named) else None
        if there is not None:
            found = Context(apps=tuple(dict.fromkeys([*found.apps, *there.apps])), namespaces=found.namespaces)
    return found


async def _inventory(deps: Deps, cluster: Cluster, namespace: str, *, fresh: bool) -> Context | None:
    # NB: what one identity sees is not another's: with impersonation the cache is per Kubernetes user.
    key = f"klepaas:inventory:{namespace}" + (f":{cluster.identity.user}" if cluster.identity else "")
    cached = None if fresh else await deps.cache.get(key)
    if cached is not None:
        raw = json.loads(cached)
        return Context(apps=tuple(raw["apps"]), namespaces=tuple(raw["namespaces"]))
    try:
        inventory = await cluster.inventory(namespace)
    except errors.ClusterError as exc:
        # Parsing still works without names; the command itself then reports the cluster's error.
        log.warning("inventory.failed", namespace=namespace, error=type(exc).__name__)
        return None
    namespaces = deps.policy.visible(list(inventory.namespaces))
    await deps.cache.set(key, json.dumps({"apps": list(inventory.apps), "namespaces": namespaces}), ttl=INVENTORY_TTL)
    return Context(apps=inventory.apps, namespaces=tuple(namespaces))
