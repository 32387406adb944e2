"""
The policy applied to one person: their Slack user groups, the channel they asked in, their
Kubernetes identity, and the cluster's own answer before anything is tried.

With impersonation configured, every cluster call made for a person goes through
`cluster_for(...)`, which acts as their Kubernetes user and groups; `rbac_refusal(...)` asks the
cluster (a SelfSubjectAccessReview as the person) whether they may, so a refusal names what is
missing and whom to ask, in the person's language. Work the bot does for itself (CI deploys,
alert enrichment, outside-deploy announcements) keeps using the cluster as given, its ServiceAccount.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import structlog

from bot.infra import acting
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.policy.groups import GroupDirectory
from bot.policy.rules import Decision, Policy
from cluster import Identity, errors
from intents import Intent
from intents.language import Language
from templates import Message

if TYPE_CHECKING:
    from cluster import Cluster

log = structlog.get_logger(__name__)

__all__ = ["Access"]


@dataclass(frozen=True)
class Access:
    policy: Policy
    directory: GroupDirectory

    async def groups_of(self, user_id: str) -> frozenset[str]:
        """The Slack user groups named by the policy that `user_id` is a member of."""
        named = self.policy.group_ids()
        return await self.directory.groups_of(user_id, named) if named else frozenset()

    async def may(self, user_id: str, intent: Intent, namespace: str | None, *, channel: str | None) -> Decision:
        groups = await self.groups_of(user_id)
        return self.policy.may(user_id, intent, namespace, groups=groups, channel=channel)

    async def is_auditor(self, user_id: str) -> bool:
        return self.policy.is_auditor(user_id, await self.groups_of(user_id))

    async def identity(self, user_id: str) -> Identity | None:
        """The Kubernetes user and groups `user_id` acts as; None without impersonation (or a mapping)."""
        mapping = self.policy.impersonation
        if mapping is None or user_id not in mapping.users:
            return None
        groups = await self.directory.groups_of(user_id, sorted(mapping.groups)) if mapping.groups else frozenset()
        kube_groups = sorted({name for group in groups for name in mapping.groups[group]})
        return Identity(user=mapping.users[user_id], groups=tuple(kube_groups))

    async def cluster_for(self, user_id: str, cluster: Cluster) -> Cluster:
        """`cluster` as the person (with impersonation), else as is; the audit row names who acted."""
        identity = await self.identity(user_id)
        if self.policy.impersonation is not None:
            acting.set_identity(identity.user if identity else acting.SERVICE_ACCOUNT)
        return cluster.acting_as(identity)

    async def rbac_refusal(
        self, cluster: Cluster, intent: Intent, namespace: str | None, *, lang: Language
    ) -> Message | None:
        """Asked before anything is tried: the sentence when the person's RBAC lacks what `intent` needs."""
        if cluster.identity is None:
            return None
        try:
            missing = await cluster.missing(intent, namespace)
        except errors.ClusterError as exc:  # the real call will say what is wrong
            log.info("access.review_failed", error=type(exc).__name__)
            return None
        if missing is None:
            return None
        roles = self.policy.roles_allowing(intent, namespace)
        log.info("access.rbac_denied", user=cluster.identity.user, what=missing.what, namespace=namespace)
        return notice(
            say(
                "denied.rbac" if roles else "denied.rbac_no_role",
                lang,
                kube_user=cluster.identity.user,
                what=missing.what,
                namespace=namespace or "-",
                roles=", ".join(f"`{r}`" for r in roles),
            )
        )
