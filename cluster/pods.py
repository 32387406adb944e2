"""
Pods of an app: finding them from the Deployment's selector, and reading why
they are not running (the `reason` column kubectl shows).
"""

from __future__ import annotations

from datetime import UTC, datetime

from kubernetes.client import V1Deployment, V1LabelSelector, V1Pod

from cluster import ages
from cluster._kube import Kube
from cluster.results import PodInfo

__all__ = ["in_trouble", "info", "label_selector", "list_for", "newest_first"]

_EPOCH = datetime.min.replace(tzinfo=UTC)

# Waiting reasons that mean trouble, not a normal start-up step.
TROUBLE = frozenset(
    {
        "CrashLoopBackOff",
        "ImagePullBackOff",
        "ErrImagePull",
        "InvalidImageName",
        "CreateContainerConfigError",
        "CreateContainerError",
        "RunContainerError",
    }
)


def label_selector(selector: V1LabelSelector | None) -> str:
    """The `labelSelector` query string for a LabelSelector (matchLabels and matchExpressions)."""
    if selector is None:
        return ""
    parts = [f"{key}={value}" for key, value in sorted((selector.match_labels or {}).items())]
    for expr in selector.match_expressions or []:
        values = ",".join(expr.values or [])
        match expr.operator:
            case "In":
                parts.append(f"{expr.key} in ({values})")
            case "NotIn":
                parts.append(f"{expr.key} notin ({values})")
            case "Exists":
                parts.append(expr.key)
            case "DoesNotExist":
                parts.append(f"!{expr.key}")
    return ",".join(parts)


async def list_for(kube: Kube, deployment: V1Deployment) -> list[V1Pod]:
    """The Deployment's pods (by its selector), newest first."""
    namespace = deployment.metadata.namespace
    selector = label_selector(deployment.spec.selector)
    found = await kube.call(kube.core.list_namespaced_pod, namespace, label_selector=selector)
    return newest_first(found.items)


def newest_first(pods: list[V1Pod]) -> list[V1Pod]:
    return sorted(pods, key=lambda p: (p.metadata.creation_timestamp or _EPOCH, p.metadata.name), reverse=True)


def info(pod: V1Pod, *, at: datetime) -> PodInfo:
    """A `PodInfo` for one pod, with the reason kubectl would print in STATUS."""
    status = pod.status
    statuses = list(status.container_statuses or []) if status else []
    containers = tuple(c.name for c in pod.spec.containers) if pod.spec else ()
    reason, message, last = _trouble(pod)
    created = pod.metadata.creation_timestamp
    return PodInfo(
        name=pod.metadata.name,
        phase=(status.phase if status else None) or "Unknown",
        ready=bool(statuses) and all(s.ready for s in statuses),
        ready_containers=sum(1 for s in statuses if s.ready),
        total_containers=len(containers),
        restarts=sum(s.restart_count or 0 for s in statuses),
        reason=reason,
        last_termination=last,
        message=message,
        node=pod.spec.node_name if pod.spec else None,
        created=created,
        age=ages.age(created, at),
        containers=containers,
    )


def _trouble(pod: V1Pod) -> tuple[str | None, str | None, str | None]:
    """(reason, message, last termination reason) of the most telling container state."""
    if pod.metadata.deletion_timestamp is not None:
        return "Terminating", None, None
    status = pod.status
    if status is None:
        return None, None, None
    last: str | None = None
    for cs in status.container_statuses or []:
        terminated_before = cs.last_state.terminated if cs.last_state else None
        last = last or (terminated_before.reason if terminated_before else None)
        state = cs.state
        if state and state.waiting and state.waiting.reason and state.waiting.reason != "PodInitializing":
            return state.waiting.reason, state.waiting.message, last
        if state and state.terminated and state.terminated.reason and status.phase == "Running":
            return state.terminated.reason, state.terminated.message, last
    if status.phase == "Pending":
        for condition in status.conditions or []:
            if condition.type == "PodScheduled" and condition.status == "False":
                return condition.reason or "Unschedulable", condition.message, last
        return status.reason or "Pending", status.message, last
    if status.phase == "Failed":
        return status.reason or "Failed", status.message, last
    return None, None, last


def in_trouble(pod: PodInfo) -> bool:
    """Crash-looping, failing to pull, or killed: the pods a rollout report names."""
    return pod.reason in TROUBLE or pod.reason == "OOMKilled" or (pod.last_termination == "OOMKilled" and not pod.ready)
