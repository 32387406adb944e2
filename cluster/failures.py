"""
Why a rollout failed, and who replaced it, in Kubernetes' own words.

A failed rollout is reported with the reason Kubernetes gives and what that reason
names: the image a kubelet could not pull, the exit code of the container that keeps
crashing, the quota that refused the new pods, the ReplicaSet that ran out of its
progress deadline. A rollout replaced by a later change names who made it, when the
Deployment says so: the field manager of the newest spec write that is not ours
(`kubectl-set`, `helm`, `argocd-controller`, ...) and the `kubernetes.io/change-cause`
annotation.
"""

from __future__ import annotations

from datetime import UTC, datetime

from kubernetes.client import V1ContainerStatus, V1Deployment, V1Pod

from cluster import pods
from cluster._kube import FIELD_MANAGER
from cluster.changes import CrashingPod

__all__ = ["CHANGE_CAUSE", "cause_of", "condition_failure", "superseded_by", "troubles"]

CHANGE_CAUSE = "kubernetes.io/change-cause"
_EPOCH = datetime.min.replace(tzinfo=UTC)
# Subresources whose writes are not changes of the spec (the controllers' bookkeeping).
_BOOKKEEPING = frozenset({"status"})
# The deployment controller writes the revision annotations on the Deployment itself: not a change.
_CONTROLLERS = frozenset({"kube-controller-manager"})


def _troubled_container(pod: V1Pod, reason: str) -> V1ContainerStatus | None:
    statuses = list(pod.status.container_statuses or []) if pod.status else []
    for cs in statuses:
        waiting = cs.state.waiting if cs.state else None
        terminated = cs.state.terminated if cs.state else None
        if (waiting and waiting.reason == reason) or (terminated and terminated.reason == reason):
            return cs
    last = next((cs for cs in statuses if cs.last_state and cs.last_state.terminated), None)
    return last or (statuses[0] if statuses else None)


def _exit_code(cs: V1ContainerStatus | None) -> int | None:
    if cs is None:
        return None
    for state in (cs.state, cs.last_state):
        if state is not None and state.terminated is not None and state.terminated.exit_code is not None:
            return int(state.terminated.exit_code)
    return None


def troubles(found: list[V1Pod], *, at: datetime) -> tuple[CrashingPod, ...]:
    """The pods in trouble, with the image and the last exit code of the container in trouble."""
    result: list[CrashingPod] = []
    for pod in found:
        info = pods.info(pod, at=at)
        if not pods.in_trouble(info):
            continue
        reason = info.reason or info.last_termination or "Unknown"
        cs = _troubled_container(pod, reason)
        spec_image = pod.spec.containers[0].image if pod.spec and pod.spec.containers else None
        result.append(
            CrashingPod(
                name=info.name,
                reason=reason,
                restarts=info.restarts,
                image=(cs.image if cs is not None and cs.image else None) or spec_image,
                exit_code=_exit_code(cs),
            )
        )
    return tuple(result)


def cause_of(pod: CrashingPod) -> str:
    """`ImagePullBackOff (image x:1, pod web-1)`, `CrashLoopBackOff (last exit code 1, pod web-1)`."""
    named: list[str] = []
    if pod.reason in ("ImagePullBackOff", "ErrImagePull", "InvalidImageName") and pod.image:
        named.append(f"image {pod.image}")
    elif pod.exit_code is not None:
        named.append(f"last exit code {pod.exit_code}")
    named.append(f"pod {pod.name}")
    return f"{pod.reason} ({', '.join(named)})"


def condition_failure(deployment: V1Deployment) -> tuple[str, str] | None:
    """(reason, cause) when a Deployment condition says the rollout cannot go on, else None.

    ProgressDeadlineExceeded (Progressing False), and ReplicaFailure True: the ReplicaSet could
    not create pods (a ResourceQuota exceeded, a LimitRange, an admission webhook), which the
    controller keeps retrying without success until someone changes the quota or the spec.
    """
    conditions = (deployment.status.conditions if deployment.status else None) or []
    for condition in conditions:
        if condition.type == "Progressing" and condition.reason == "ProgressDeadlineExceeded":
            cause = f"{condition.reason} ({condition.message})" if condition.message else condition.reason
            return condition.reason, cause
    for condition in conditions:
        if condition.type == "ReplicaFailure" and condition.status == "True":
            reason = condition.reason or "ReplicaFailure"
            message = condition.message or ""
            # `pods "web-5d4f-x" is forbidden: exceeded quota: ...`: the part after "forbidden:" says why.
            _, _, why = message.partition("forbidden: ")
            why = (why or message).strip()
            return reason, f"{reason} ({why})" if why else reason
    return None


def superseded_by(deployment: V1Deployment) -> str | None:
    """Who made the newest change of the spec that is not ours, as the Deployment records it."""
    entries = [
        m
        for m in deployment.metadata.managed_fields or []
        if m.manager
        and m.manager != FIELD_MANAGER
        and m.manager not in _CONTROLLERS
        and m.subresource not in _BOOKKEEPING
    ]
    # NB: managedFields times have a resolution of one second. Of two writes in the same second, the
    # one that owns fewer fields is the later edit (a create or a full apply owns everything).
    newest = max(entries, key=lambda m: (m.time or _EPOCH, -len(str(m.fields_v1 or ""))), default=None)
    cause = (deployment.metadata.annotations or {}).get(CHANGE_CAUSE)
    parts = [p for p in (newest.manager if newest else None, f'"{cause}"' if cause else None) if p]
    return " ".join(parts) or None
