"""
The cluster commands plugged into the bot: handlers for every cluster intent,
the parser's context (apps and namespaces) and the change buttons.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import structlog

from bot.commands.answer import IntentHandler
from bot.commands.changes import ChangeRequests
from bot.commands.namespaces import is_namespace_name
from bot.commands.queries import Queries
from bot.infra.cache import Cache
from bot.messages.invocation import Invocation
from bot.policy.rules import Policy
from cluster import errors
from intents import MUTATING, Context, Intent
from intents.said import flag_namespace

if TYPE_CHECKING:  # NB: cluster.Cluster loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Cluster

log = structlog.get_logger(__name__)

__all__ = ["INVENTORY_TTL", "QUERIES", "Inventory", "handlers"]

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


def handlers(*, queries: Queries, changes: ChangeRequests) -> dict[Intent, IntentHandler]:
    return {**{intent: queries for intent in QUERIES}, **{intent: changes for intent in MUTATING}}


@dataclass(frozen=True)
class Inventory:
    """The parser's context: the apps of the default namespace, and of the one the text names with `-n`,
    and the namespaces the policy lets the bot see; cached ~30 s, `fresh` reads them again."""

    cluster: Cluster | None
    policy: Policy
    cache: Cache
    # With impersonation, the person's view of the cluster (bot/policy/access.py); None: the cluster as given.
    acting_as: Callable[[str, Cluster], Awaitable[Cluster]] | None = None

    async def __call__(self, who: Invocation, *, fresh: bool = False) -> Context:
        if self.cluster is None:
            return Context()
        cluster = self.cluster if self.acting_as is None else await self.acting_as(who.user_id, self.cluster)
        found = await self._inventory(cluster, self.cluster.default_namespace, fresh=fresh)
        if found is None:
            return Context()
        named = flag_namespace(who.text)  # read by the parser's reader of markup, as the Command will be
        if named is not None and named != self.cluster.default_namespace and is_namespace_name(named):
            # NB: the plain syntax resolves the app against the namespace it names (`scale onlyb 2 -n team-b`)
            there = await self._inventory(cluster, named, fresh=fresh) if self.policy.touches(named) else None
            if there is not None:
                found = Context(apps=tuple(dict.fromkeys([*found.apps, *there.apps])), namespaces=found.namespaces)
        return found

    async def _inventory(self, cluster: Cluster, namespace: str, *, fresh: bool) -> Context | None:
        # NB: what one identity sees is not another's: with impersonation the cache is per Kubernetes user.
        key = f"klepaas:inventory:{namespace}" + (f":{cluster.identity.user}" if cluster.identity else "")
        cached = None if fresh else await self.cache.get(key)
        if cached is not None:
            raw = json.loads(cached)
            return Context(apps=tuple(raw["apps"]), namespaces=tuple(raw["namespaces"]))
        try:
            inventory = await cluster.inventory(namespace)
        except errors.ClusterError as exc:
            # Parsing still works without names; the command itself then reports the cluster's error.
            log.warning("inventory.failed", namespace=namespace, error=type(exc).__name__)
            return None
        namespaces = self.policy.visible(list(inventory.namespaces))
        value = json.dumps({"apps": list(inventory.apps), "namespaces": namespaces})
        await self.cache.set(key, value, ttl=INVENTORY_TTL)
        return Context(apps=inventory.apps, namespaces=tuple(namespaces))
