"""
Before a cluster intent runs: is there a cluster, which namespace it means, and may this person act there.

Every cluster handler (queries, changes, `history`) asks `admit` first; what it refuses is already
the answer (unavailable, or the policy's denial), and what it admits carries the cluster to use:
with impersonation, the cluster as the person, after a SelfSubjectAccessReview said they may
(bot/policy/access.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.commands.answer import Answer
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.messages.invocation import Invocation
from bot.policy.access import Access
from bot.policy.guard import refusal
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


async def admit(who: Invocation, command: Command, *, cluster: Cluster | None, access: Access) -> Admitted | Answer:
    """The cluster (as the person, when mapped) and namespace to run `command` in, or the answer why not."""
    if cluster is None:
        return Answer(notice(say("error.no_cluster", who.lang)), Outcome.UNAVAILABLE)
    namespace = None if command.intent is Intent.LIST_NAMESPACES else cluster.namespace_of(command)
    target = f"{namespace}/{command.app}" if command.app else namespace
    decision = await access.may(who.user_id, command.intent, namespace, channel=who.channel_id)
    if not decision.allowed:
        return Answer(refusal(decision, user_id=who.user_id, lang=who.lang), Outcome.DENIED, target)
    acting = await access.cluster_for(who.user_id, cluster)  # the person's own rights, when mapped
    if (refused := await access.rbac_refusal(acting, command.intent, namespace, lang=who.lang)) is not None:
        return Answer(refused, Outcome.DENIED, target)
    return Admitted(acting, namespace, target)
