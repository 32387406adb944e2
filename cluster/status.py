"""
The `status` intent: how one Deployment is doing right now.

Three reads: the Deployment (already resolved by the caller), its pods, and its
ReplicaSets (for when the current revision was rolled out).
"""

from __future__ import annotations

from datetime import datetime

from kubernetes.client import V1Deployment, V1Pod

from cluster import ages, pods, progress
from cluster._kube import Kube
from cluster.changes import CrashingPod
from cluster.history import owned_replica_sets
from cluster.results import Condition, ContainerImage, DeploymentStatus, PodInfo

__all__ = ["crashing", "status"]


def crashing(infos: list[PodInfo] | tuple[PodInfo, ...]) -> tuple[CrashingPod, ...]:
    """The pods in trouble, as a rollout report names them."""
    return tuple(
        CrashingPod(name=p.name, reason=p.reason or p.last_termination or "Unknown", restarts=p.restarts)
        for p in infos
        if pods.in_trouble(p)
    )


async def status(kube: Kube, deployment: V1Deployment, *, at: datetime) -> DeploymentStatus:
    """Readiness, images, pods, conditions and the current revision of one Deployment."""
    found: list[V1Pod] = await pods.list_for(kube, deployment)
    infos = tuple(pods.info(p, at=at) for p in found)
    revision = progress.revision_of(deployment.metadata.annotations)
    history = await owned_replica_sets(kube, deployment)
    current = next((rs for rs in history if progress.revision_of(rs.metadata.annotations) == revision), None)
    meta, spec, st = deployment.metadata, deployment.spec, deployment.status
    return DeploymentStatus(
        name=meta.name,
        namespace=meta.namespace,
        desired=spec.replicas if spec.replicas is not None else 1,
        ready=(st.ready_replicas if st else None) or 0,
        updated=(st.updated_replicas if st else None) or 0,
        available=(st.available_replicas if st else None) or 0,
        images=tuple(ContainerImage(c.name, c.image) for c in spec.template.spec.containers),
        conditions=tuple(
            Condition(
                type=c.type,
                status=c.status,
                reason=c.reason,
                message=c.message,
                updated=c.last_update_time or c.last_transition_time,
            )
            for c in (st.conditions if st else None) or []
        ),
        pods=infos,
        revision=revision,
        paused=bool(spec.paused),
        rollout=progress.evaluate(deployment, crashing=crashing(infos)),
        created=meta.creation_timestamp,
        age=ages.age(meta.creation_timestamp, at),
        rolled_out_at=current.metadata.creation_timestamp if current else None,
    )
