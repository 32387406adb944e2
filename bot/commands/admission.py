"""
Before a cluster intent runs: is there a cluster, which namespace it means, and may this person act there.

Every cluster handler (queries, changes, `history`) asks `admit` first; what it refuses is already
the answer (unavailable, or the policy's denial), and what it admits carries the cluster to use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.commands.answer import Answer
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.messages.invocation import Invocation
from bot.policy.guard import refusal
from bot.policy.rules import Policy
from bot.storage.outcome import Outcome
from intents import Command, Intent

if TYPE_CHECKING:  # NB: cluster.Cluster loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Cluster

__all__ = ["Admitted", "admit"]


@dataclass(frozen=True, slots=True)
class Admitted:
    cluster: Cluster
    namespace: str | None  # None only for list_namespaces, which is about the whole cluster
    target: str | None  # namespace/app, or the namespace, as the audit log names targets


def admit(who: Invocation, command: Command, *, cluster: Cluster | None, policy: Policy) -> Admitted | Answer:
    """The cluster and namespace to run `command` in, or the answer that says why not."""
    if cluster is None:
        return Answer(notice(say("error.no_cluster", who.lang)), Outcome.UNAVAILABLE)
    namespace = None if command.intent is Intent.LIST_NAMESPACES else cluster.namespace_of(command)
    target = f"{namespace}/{command.app}" if command.app else namespace
    decision = policy.may(who.user_id, command.intent, namespace)
    if not decision.allowed:
        return Answer(refusal(decision, user_id=who.user_id, lang=who.lang), Outcome.DENIED, target)
    return Admitted(cluster, namespace, target)
