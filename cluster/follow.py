"""
Following one change's rollout: ready/desired and elapsed, until it ends.

Unlike `watch.watch_rollout` (kubectl's view of whatever the Deployment is
doing), a follow knows the generation its change returned. It waits for the
controller to observe that generation, reports a later change by anyone as
`superseded` instead of as ours, counts readiness on the new ReplicaSet (the
pods of this revision, not the old ones still serving), and fails early with
the reason Kubernetes gives for the new pods (ImagePullBackOff,
CrashLoopBackOff, ...) or the Deployment (ProgressDeadlineExceeded).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

from kubernetes.client import V1Deployment, V1Pod, V1ReplicaSet

from cluster import ages, failures, history, pods, progress
from cluster._kube import Kube
from cluster.changes import RolloutProgress

__all__ = ["DEFAULT_POLL", "DEFAULT_TIMEOUT", "follow", "new_pods", "new_replica_set"]

DEFAULT_TIMEOUT = 300.0  # seconds
DEFAULT_POLL = 1.0  # seconds between reads
_HASH = "pod-template-hash"


async def new_replica_set(kube: Kube, deployment: V1Deployment) -> V1ReplicaSet | None:
    """The ReplicaSet of the Deployment's current revision (None before the controller made it)."""
    revision = progress.revision_of(deployment.metadata.annotations)
    owned = await history.owned_replica_sets(kube, deployment)
    return next((rs for rs in owned if progress.revision_of(rs.metadata.annotations) == revision), None)


async def new_pods(kube: Kube, deployment: V1Deployment, rs: V1ReplicaSet) -> list[V1Pod]:
    """The pods of `rs`: the Deployment's selector plus the ReplicaSet's pod-template-hash."""
    pod_hash = (rs.spec.selector.match_labels or {}).get(_HASH) if rs.spec and rs.spec.selector else None
    selector = pods.label_selector(deployment.spec.selector)
    if pod_hash:
        selector = ",".join(filter(None, (selector, f"{_HASH}={pod_hash}")))
    found = await kube.call(kube.core.list_namespaced_pod, deployment.metadata.namespace, label_selector=selector)
    return pods.newest_first(found.items)


async def _evaluate(kube: Kube, app: str, namespace: str, generation: int | None) -> RolloutProgress:
    deployment = await kube.call(kube.apps.read_namespaced_deployment, app, namespace)
    found = progress.evaluate(deployment, generation=generation)
    if found.superseded or found.failed or not found.observed:
        return found
    rs = await new_replica_set(kube, deployment)
    if rs is None:
        return found
    ready = (rs.status.ready_replicas if rs.status else None) or 0
    if found.done:
        return dataclasses.replace(found, ready=max(ready, found.desired))
    troubles = failures.troubles(await new_pods(kube, deployment, rs), at=ages.now())
    return progress.with_pod_failures(found, troubles, ready=ready)


def _same(a: RolloutProgress | None, b: RolloutProgress) -> bool:
    return a is not None and dataclasses.replace(a, elapsed=None) == dataclasses.replace(b, elapsed=None)


async def follow(
    kube: Kube,
    app: str,
    namespace: str,
    *,
    generation: int | None,
    timeout: float = DEFAULT_TIMEOUT,
    poll: float = DEFAULT_POLL,
) -> AsyncIterator[RolloutProgress]:
    """Yield the rollout's progress on each change, with `elapsed`; the last one is final.

    Final means done, failed, superseded or timed out. At the timeout, pods still in a
    waiting reason (ErrImagePull, ...) turn the timeout into a failure with that reason.
    """
    loop = asyncio.get_running_loop()
    started = loop.time()
    deadline = started + timeout
    last: RolloutProgress | None = None
    while True:
        current = await _evaluate(kube, app, namespace, generation)
        current = dataclasses.replace(current, elapsed=round(loop.time() - started, 1))
        if current.done or current.failed or current.superseded:
            yield current
            return
        if loop.time() >= deadline:
            stuck = next((c for c in current.crashing if c.reason in pods.TROUBLE), None)
            if stuck is not None:
                yield dataclasses.replace(
                    current,
                    failed=True,
                    timed_out=True,
                    reason=stuck.reason,
                    message=f"pod {stuck.name}: {stuck.reason}",
                    cause=failures.cause_of(stuck),
                )
            else:
                yield dataclasses.replace(current, timed_out=True)
            return
        if not _same(last, current):
            yield current
            last = current
        await asyncio.sleep(max(0.0, min(poll, deadline - loop.time())))
