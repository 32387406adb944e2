"""
The `overview` intent: one namespace at a glance.

Three list calls: Deployments (with a one-word health each), pods (those not
ready), and Warning events (the most recent few).
"""

from __future__ import annotations

from datetime import UTC, datetime

from kubernetes.client import CoreV1Event, V1Deployment

from cluster import pods, progress
from cluster._kube import Kube
from cluster.results import DeploymentHealth, EventInfo, Health, Overview

__all__ = ["MAX_WARNINGS", "event_info", "health", "overview", "seen_at"]

MAX_WARNINGS = 10
_EPOCH = datetime.min.replace(tzinfo=UTC)


def health(deployment: V1Deployment) -> Health:
    """One word for the Deployment: paused, scaled down, failed, progressing, degraded or healthy."""
    spec, st = deployment.spec, deployment.status
    desired = spec.replicas if spec.replicas is not None else 1
    ready = (st.ready_replicas if st else None) or 0
    if spec.paused:
        return Health.PAUSED
    if desired == 0:
        return Health.SCALED_DOWN
    rollout = progress.evaluate(deployment)
    if rollout.failed:
        return Health.FAILED
    # A rollout that once completed (NewReplicaSetAvailable) and lost pods since is degraded,
    # not progressing, although kubectl's rules alone would say "waiting".
    settled = rollout.observed and rollout.reason == "NewReplicaSetAvailable" and rollout.updated >= desired
    if not rollout.done and not settled:
        return Health.PROGRESSING
    return Health.HEALTHY if ready >= desired else Health.DEGRADED


def seen_at(event: CoreV1Event) -> datetime:
    return (
        event.last_timestamp or event.event_time or event.first_timestamp or event.metadata.creation_timestamp or _EPOCH
    )


def event_info(event: CoreV1Event) -> EventInfo:
    involved = event.involved_object
    return EventInfo(
        type=event.type or "Warning",
        reason=event.reason or "",
        message=(event.message or "").strip(),
        kind=involved.kind if involved else None,
        name=involved.name if involved else None,
        count=event.count or 1,
        last_seen=seen_at(event) if seen_at(event) != _EPOCH else None,
    )


async def overview(kube: Kube, namespace: str, *, at: datetime) -> Overview:
    deployments = await kube.call(kube.apps.list_namespaced_deployment, namespace)
    found = await kube.call(kube.core.list_namespaced_pod, namespace)
    events = await kube.call(kube.core.list_namespaced_event, namespace, field_selector="type=Warning")
    infos = [pods.info(p, at=at) for p in pods.newest_first(found.items)]
    warnings = sorted((e for e in events.items if e.type == "Warning"), key=seen_at, reverse=True)
    return Overview(
        namespace=namespace,
        deployments=tuple(
            DeploymentHealth(
                name=d.metadata.name,
                health=health(d),
                ready=(d.status.ready_replicas if d.status else None) or 0,
                desired=d.spec.replicas if d.spec.replicas is not None else 1,
                images=tuple(c.image for c in d.spec.template.spec.containers),
            )
            for d in sorted(deployments.items, key=lambda d: d.metadata.name)
        ),
        unready_pods=tuple(i for i in infos if not i.ready and i.phase != "Succeeded"),
        warnings=tuple(event_info(e) for e in warnings[:MAX_WARNINGS]),
        pods_total=len(infos),
    )
