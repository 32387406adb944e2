"""
A Deployment's rollout history: the ReplicaSets it controls, by revision.

"Controlled by" is kubectl's test: the ReplicaSet matches the Deployment's
selector and has an ownerReference with `controller: true` and the
Deployment's uid. A ReplicaSet without a revision annotation is not history.
"""

from __future__ import annotations

from kubernetes.client import V1Deployment, V1ReplicaSet

from cluster import pods, progress
from cluster._kube import Kube

__all__ = ["owned_replica_sets", "revisions"]


def _controlled_by(rs: V1ReplicaSet, deployment: V1Deployment) -> bool:
    return any(ref.controller and ref.uid == deployment.metadata.uid for ref in rs.metadata.owner_references or [])


async def owned_replica_sets(kube: Kube, deployment: V1Deployment) -> list[V1ReplicaSet]:
    """The Deployment's ReplicaSets that carry a revision, oldest revision first."""
    selector = pods.label_selector(deployment.spec.selector)
    listed = await kube.call(
        kube.apps.list_namespaced_replica_set, deployment.metadata.namespace, label_selector=selector
    )
    owned = [
        rs
        for rs in listed.items
        if _controlled_by(rs, deployment) and progress.revision_of(rs.metadata.annotations) is not None
    ]
    return sorted(owned, key=lambda rs: progress.revision_of(rs.metadata.annotations) or 0)


def revisions(history: list[V1ReplicaSet]) -> tuple[int, ...]:
    return tuple(progress.revision_of(rs.metadata.annotations) or 0 for rs in history)
