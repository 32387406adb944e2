"""
Calls made for a person carry Impersonate-User and Impersonate-Group, so the cluster's RBAC decides.

Each identity gets its own `ApiClient` over the same `Configuration` (server, CA, the bot's own
credentials), whose connection pool adds the impersonation headers to every request: reads,
writes, dry runs and watches alike. The headers are set last, so nothing a caller passes can
replace them, and each group is its own header line (the API server reads every line; a
comma-joined value would be one group with a comma in its name).

What the person may do is asked with a SelfSubjectAccessReview made as the person, before
anything is tried, so a refusal names the verb and resource that are missing.
"""

from __future__ import annotations

from typing import Any

import urllib3
from kubernetes import client

from cluster.identity import Identity, Permission
from intents.command import Intent

__all__ = ["NEEDS", "impersonating", "needs"]

_DEPLOYMENTS = {"resource": "deployments", "group": "apps"}

# What each intent needs first; the later calls of a command need no more than a Role for it grants.
NEEDS: dict[Intent, tuple[dict[str, str], ...]] = {
    Intent.STATUS: ({"verb": "get", **_DEPLOYMENTS},),
    Intent.LOGS: ({"verb": "get", "resource": "pods", "subresource": "log"},),
    Intent.ENDPOINT: ({"verb": "get", **_DEPLOYMENTS}, {"verb": "list", "resource": "services"}),
    Intent.OVERVIEW: ({"verb": "list", **_DEPLOYMENTS},),
    Intent.HISTORY: ({"verb": "list", "resource": "replicasets", "group": "apps"},),
    Intent.LIST_PODS: ({"verb": "list", "resource": "pods"},),
    Intent.LIST_DEPLOYMENTS: ({"verb": "list", **_DEPLOYMENTS},),
    Intent.LIST_APPS: ({"verb": "list", **_DEPLOYMENTS},),
    Intent.LIST_SERVICES: ({"verb": "list", "resource": "services"},),
    Intent.LIST_INGRESSES: ({"verb": "list", "resource": "ingresses", "group": "networking.k8s.io"},),
    Intent.LIST_NAMESPACES: ({"verb": "list", "resource": "namespaces"},),
    Intent.RESTART: ({"verb": "patch", **_DEPLOYMENTS},),
    Intent.SCALE: ({"verb": "patch", **_DEPLOYMENTS, "subresource": "scale"},),
    Intent.ROLLBACK: ({"verb": "patch", **_DEPLOYMENTS}, {"verb": "list", "resource": "replicasets", "group": "apps"}),
    Intent.DEPLOY: ({"verb": "patch", **_DEPLOYMENTS},),
}


def needs(intent: Intent, namespace: str | None) -> tuple[Permission, ...]:
    """The permissions `intent` needs in `namespace` (none for intents that do not touch the cluster)."""
    cluster_wide = intent is Intent.LIST_NAMESPACES
    return tuple(Permission(namespace=None if cluster_wide else namespace, **need) for need in NEEDS.get(intent, ()))


class _ImpersonatingPool:
    """A urllib3 pool manager that adds one identity's impersonation headers to every request."""

    def __init__(self, pool: urllib3.PoolManager, identity: Identity) -> None:
        self._pool = pool
        self._identity = identity

    def request(self, method: str, url: str, *args: Any, headers: Any = None, **kwargs: Any) -> Any:
        merged = urllib3.HTTPHeaderDict(headers or {})
        for name in [n for n in merged if n.lower().startswith("impersonate-")]:
            del merged[name]
        merged["Impersonate-User"] = self._identity.user
        for group in self._identity.groups:
            merged.add("Impersonate-Group", group)
        kwargs["headers"] = merged
        return self._pool.request(method, url, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)


def impersonating(api: client.ApiClient, identity: Identity) -> client.ApiClient:
    """A new ApiClient over `api`'s Configuration whose every request impersonates `identity`."""
    other = client.ApiClient(api.configuration)
    other.rest_client.pool_manager = _ImpersonatingPool(other.rest_client.pool_manager, identity)
    return other


async def allowed(kube: Any, permission: Permission) -> bool:
    """Whether the identity `kube` acts as may do `permission` (a SelfSubjectAccessReview)."""
    attributes = client.V1ResourceAttributes(
        verb=permission.verb,
        resource=permission.resource,
        group=permission.group,
        subresource=permission.subresource or None,
        namespace=permission.namespace,
    )
    review = client.V1SelfSubjectAccessReview(spec=client.V1SelfSubjectAccessReviewSpec(resource_attributes=attributes))
    answer = await kube.call(kube.authorization.create_self_subject_access_review, review)
    return bool(answer.status and answer.status.allowed)
