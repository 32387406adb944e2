"""
The cluster commands plugged into the bot: handlers for every cluster intent,
the parser's context (apps and namespaces), the policy and the change buttons.

`install_cluster_commands(deps)` is called from bot/features.py; it is
idempotent, so a test may install with its own policy and poll interval first.
"""
from __future__ import annotations

import json

import structlog
from slack_bolt.async_app import AsyncApp

from bot.policy.guard import policy_of
from bot.commands.changes import request_change
from bot.commands.confirmation import Confirmations
from bot.app.deps import Deps
from bot.conversation.dispatch import Dispatcher, IntentHandler
from bot.messages.invocation import Invocation
from bot.slack.listeners.changes import ChangeListeners
from bot.policy.rules import Policy
from bot.commands.queries import run_query
from bot.commands.rollout_watch import DEFAULT_POLL, RolloutWatch
from cluster import errors
from intents import MUTATING, Context, Intent

log = structlog.get_logger(__name__)

__all__ = ["INVENTORY_TTL", "QUERIES", "handlers", "install_cluster_commands", "inventory_context"]

INVENTORY_TTL = 30.0  # seconds the parser's apps/namespaces are reused
QUERIES = frozenset({
    Intent.STATUS, Intent.LOGS, Intent.ENDPOINT, Intent.OVERVIEW, Intent.LIST_PODS, Intent.LIST_DEPLOYMENTS,
    Intent.LIST_SERVICES, Intent.LIST_INGRESSES, Intent.LIST_NAMESPACES, Intent.LIST_APPS,
})
_INSTALLED = "cluster_commands"


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
    namespaces = policy_of(deps).visible(list(inventory.namespaces))
    await deps.cache.set(key, json.dumps({"apps": list(inventory.apps), "namespaces": namespaces}), ttl=INVENTORY_TTL)
    return Context(apps=inventory.apps, namespaces=tuple(namespaces))


def install_cluster_commands(deps: Deps, *, policy: Policy | None = None, rollout_poll: float = DEFAULT_POLL) -> None:
    """Set deps.extras["handlers"], ["context"], ["policy"] and add the change buttons' listeners.

    The policy comes from settings.policy_path (KLEPAAS_POLICY) unless given;
    a bad file raises PolicyError at start-up, naming the bad field.
    """
    if deps.extras.get(_INSTALLED):
        return
    deps.extras[_INSTALLED] = True
    deps.extras["policy"] = policy or Policy.load(deps.settings.policy_path)
    deps.extras["handlers"] = {**deps.extras.get("handlers", {}), **handlers()}
    deps.extras["context"] = inventory_context
    watch = RolloutWatch(deps, poll=rollout_poll)

    def register(app: AsyncApp, dispatcher: Dispatcher) -> None:
        ChangeListeners(dispatcher, Confirmations(deps, watch)).register(app)

    deps.extras.setdefault("listeners", []).append(register)
