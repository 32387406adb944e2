"""
The `scale` intent, through the Deployment's scale subresource.

The subresource (`deployments/scale`) is what `kubectl scale` and HPAs use; it
needs its own RBAC rule and cannot touch anything but the replica count.
"""

from __future__ import annotations

from kubernetes.client import V1Deployment

from cluster import progress
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
        generation = getattr(getattr(scale, "metadata", None), "generation", None) or generation
    return ChangeApplied(
        plan=change,
        revision_before=progress.revision_of(deployment.metadata.annotations),
        replicas_before=before,
        generation=generation,
    )
