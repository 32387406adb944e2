"""
The `scale` intent, through the Deployment's scale subresource.

The subresource (`deployments/scale`) is what `kubectl scale` and HPAs use; it
needs its own RBAC rule and cannot touch anything but the replica count.

A scale changes the Deployment's spec, so the API server increments its
`metadata.generation`, but the Scale object it answers with carries no
generation. The generation our write produced is read back at exactly the
resourceVersion the write returned (a list with `resourceVersionMatch=Exact`),
so the watch follows our change, not "a later one" that is ours.
"""

from __future__ import annotations

from kubernetes.client import V1Deployment

from cluster import errors, progress
from cluster._kube import Kube
from cluster.changes import ChangeApplied, ChangePlan
from intents.command import Intent

__all__ = ["apply", "plan"]


def _body(replicas: int) -> dict[str, object]:
    return {"spec": {"replicas": replicas}}


def _replicas(deployment: V1Deployment) -> int:
    return deployment.spec.replicas if deployment.spec.replicas is not None else 1


async def plan(kube: Kube, deployment: V1Deployment, replicas: int) -> ChangePlan:
    """Dry-run the new replica count and say what would change."""
    current = _replicas(deployment)
    if current != replicas:
        await kube.patch_deployment(deployment, _body(replicas), dry_run=True, scale=True)
    return ChangePlan(
        intent=Intent.SCALE,
        app=deployment.metadata.name,
        namespace=deployment.metadata.namespace,
        revision_from=progress.revision_of(deployment.metadata.annotations),
        replicas_from=current,
        replicas_to=replicas,
        noop=current == replicas,
    )


async def apply(kube: Kube, deployment: V1Deployment, change: ChangePlan) -> ChangeApplied:
    """Set the replica count the plan says; a no-op plan makes no call."""
    assert change.replicas_to is not None, "a scale plan always has replicas_to"
    before = _replicas(deployment)
    generation = deployment.metadata.generation
    if before != change.replicas_to:
        scale = await kube.patch_deployment(deployment, _body(change.replicas_to), dry_run=False, scale=True)
        written = getattr(getattr(scale, "metadata", None), "resource_version", None)
        generation = await _generation_at(kube, deployment, written) or (generation or 0) + 1
    return ChangeApplied(
        plan=change,
        revision_before=progress.revision_of(deployment.metadata.annotations),
        replicas_before=before,
        generation=generation,
    )


async def _generation_at(kube: Kube, deployment: V1Deployment, resource_version: str | None) -> int | None:
    """The Deployment's generation at exactly `resource_version` (None when the server cannot say)."""
    if not resource_version:
        return None
    name, namespace = deployment.metadata.name, deployment.metadata.namespace
    try:
        found = await kube.call(
            kube.apps.list_namespaced_deployment,
            namespace,
            field_selector=f"metadata.name={name}",
            resource_version=resource_version,
            resource_version_match="Exact",
        )
    except errors.ClusterError:
        # NB: an API server without exact reads (or RBAC without `list`) leaves us one step past the
        # generation we read: a spec write increments it by exactly one.
        return None
    at = next((d for d in found.items if d.metadata.name == name), None)
    return at.metadata.generation if at is not None else None
