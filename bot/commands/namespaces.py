"""
A namespace the person named is used as named, or the command is refused by that name.

It is never replaced by the default one: `restart web -n ѕhop` (a Cyrillic `ѕ`) once
offered to restart `default/web`. The plain syntax names a namespace with `-n X` or
`--namespace X`; the parser reports the namespaces it read in natural language, and a
namespace of the cluster said where one goes ("in kube-system") counts even when the
parser, which only knows the namespaces the policy opens, did not read it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.infra.cache import Cache
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.policy import guard
from bot.policy.rules import Policy
from bot.storage.outcome import Outcome
from cluster import errors
from intents import Command, Context, Intent
from intents.language import Language
from templates import Message

if TYPE_CHECKING:  # NB: cluster.Cluster loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Cluster

__all__ = ["Refusal", "cluster_namespaces", "is_namespace_name", "resolve"]

# RFC 1123 label, as Kubernetes requires of namespace names: ASCII only, so homoglyphs fail.
_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")
ALL_NAMESPACES_TTL = 30.0  # seconds the cluster's namespace list is reused


def is_namespace_name(name: str) -> bool:
    return _LABEL.fullmatch(name) is not None


async def cluster_namespaces(cluster: Cluster | None, cache: Cache) -> tuple[str, ...]:
    """Every namespace of the cluster, the ones the policy closes too (cached); empty when not allowed to list."""
    if cluster is None:
        return ()
    key = "klepaas:namespaces:all"
    if (cached := await cache.get(key)) is not None:
        return tuple(json.loads(cached))
    try:
        found = await cluster.namespaces()
    except errors.ClusterError:
        return ()
    await cache.set(key, json.dumps(found), ttl=ALL_NAMESPACES_TTL)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Refusal:
    message: Message
    outcome: Outcome  # REFUSED (not a namespace we know) or DENIED (the policy's)
    target: str  # namespace/app, as the audit log names targets


def resolve(
    typed: str | None, command: Command, *, user_id: str, context: Context, policy: Policy, lang: Language
) -> Command | Refusal:
    """`command` in the namespace the person named, or why that namespace cannot be used.

    `typed` is the namespace the plain syntax names (`-n X`), as the parser read it (intents.said.Said).

    `context.namespaces` are the cluster's namespaces the policy lets the bot see (empty when the
    bot may not list namespaces: then only the name's form and the policy are checked).
    """
    wanted = typed if typed is not None else command.namespace
    if wanted is None or (typed is None and command.intent is Intent.UNKNOWN):
        return command
    target = f"{wanted}/{command.app}" if command.app else wanted
    if not is_namespace_name(wanted):
        return Refusal(notice(say("namespace.malformed", lang, namespace=wanted)), Outcome.REFUSED, target)
    if not policy.touches(wanted):
        decision = policy.may(user_id, command.intent, wanted)
        return Refusal(guard.refusal(decision, user_id=user_id, lang=lang), Outcome.DENIED, target)
    if context.namespaces and wanted not in context.namespaces:
        return Refusal(notice(say("namespace.unknown", lang, namespace=wanted)), Outcome.REFUSED, target)
    if command.intent is not Intent.UNKNOWN and command.namespace != wanted:
        # the parser read it otherwise, or not at all: what was typed wins
        return command.model_copy(update={"namespace": wanted})
    return command
