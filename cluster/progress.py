"""
`kubectl rollout status` for a Deployment, as a value.

The rules follow kubectl's `DeploymentStatusViewer` (PROTOCOLS.md §10):
an unobserved generation waits, ProgressDeadlineExceeded fails, and otherwise
updated, old and available replicas are compared in that order.

When following one change, `generation` is the one that change returned: we
wait for `observedGeneration >= generation`, and a Deployment already at a
higher generation was changed again by someone else, so the rollout we follow
is `superseded` instead of reported as ours. `with_pod_failures` fails a
rollout early on a waiting reason of the new ReplicaSet's pods that does not
heal by waiting (ImagePullBackOff, CrashLoopBackOff, ...): Kubernetes itself
would only say so at the progress deadline, ten minutes later by default.
"""

from __future__ import annotations

import dataclasses

from kubernetes.client import V1Deployment

from cluster import failures
from cluster.changes import CrashingPod, RolloutProgress

__all__ = ["FATAL_WAITING", "REVISION", "evaluate", "revision_of", "with_pod_failures"]

REVISION = "deployment.kubernetes.io/revision"
DEADLINE_EXCEEDED = "ProgressDeadlineExceeded"
# Pod waiting reasons the kubelet reaches only after failing and backing off: waiting longer
# rarely helps, so a followed rollout fails on them at once. ErrImagePull is not here: it is the
# first failed pull, and becomes ImagePullBackOff (or a running container) within seconds.
FATAL_WAITING = frozenset({"ImagePullBackOff", "InvalidImageName", "CrashLoopBackOff", "CreateContainerConfigError"})


def revision_of(annotations: dict[str, str] | None) -> int | None:
    """The `deployment.kubernetes.io/revision` annotation as a number (None when absent or odd)."""
    value = (annotations or {}).get(REVISION)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def evaluate(
    deployment: V1Deployment,
    *,
    crashing: tuple[CrashingPod, ...] = (),
    generation: int | None = None,
) -> RolloutProgress:
    """Evaluate the rollout of one Deployment the way `kubectl rollout status` does.

    With `generation` (what our change returned), a Deployment changed since is `superseded`.
    """
    meta, spec, status = deployment.metadata, deployment.spec, deployment.status
    name = meta.name
    desired = spec.replicas if spec.replicas is not None else 1
    updated = (status.updated_replicas if status else None) or 0
    replicas = (status.replicas if status else None) or 0
    available = (status.available_replicas if status else None) or 0
    ready = (status.ready_replicas if status else None) or 0
    progressing = next((c for c in (status.conditions if status else None) or [] if c.type == "Progressing"), None)
    reason = progressing.reason if progressing else None
    wanted = max(meta.generation or 0, generation or 0)
    observed = wanted <= ((status.observed_generation if status else None) or 0)
    superseded = generation is not None and (meta.generation or 0) > generation
    failure = failures.condition_failure(deployment)
    cause = by = None

    done = failed = False
    if superseded:
        by = failures.superseded_by(deployment)
        message = f"a newer change (generation {meta.generation}) replaced this rollout"
        message += f" (by {by})" if by else ""
    elif not observed:
        message = "Waiting for deployment spec update to be observed"
    elif reason == DEADLINE_EXCEEDED:
        failed = True
        message = f'deployment "{name}" exceeded its progress deadline'
        cause = failure[1] if failure else DEADLINE_EXCEEDED
    elif failure is not None and updated < desired:
        failed = True
        reason, cause = failure
        message = f'deployment "{name}" cannot create its new pods: {cause}'
    elif updated < desired:
        message = f"{updated} out of {desired} new replicas have been updated"
    elif replicas > updated:
        message = f"{replicas - updated} old replicas are pending termination"
    elif available < updated:
        message = f"{available} of {updated} updated replicas are available"
    else:
        done = True
        message = f'deployment "{name}" successfully rolled out'

    return RolloutProgress(
        app=name,
        namespace=meta.namespace,
        desired=desired,
        updated=updated,
        ready=ready,
        available=available,
        done=done,
        failed=failed,
        reason=reason,
        message=message,
        revision=revision_of(meta.annotations),
        observed=observed,
        crashing=crashing if not done else (),
        superseded=superseded,
        cause=cause,
        superseded_by=by,
    )


def with_pod_failures(
    found: RolloutProgress, crashing: tuple[CrashingPod, ...], *, ready: int | None = None
) -> RolloutProgress:
    """`found` with the new ReplicaSet's pods: their ready count, and failed on a fatal waiting reason.

    When failed this way, `reason` is the pod's waiting reason (ImagePullBackOff, ...), as
    Kubernetes reports it; otherwise it stays the Progressing condition's reason.
    """
    changes: dict[str, object] = {"crashing": crashing}
    if ready is not None:
        changes["ready"] = ready
    if not (found.done or found.failed or found.superseded) and found.observed:
        fatal = next((c for c in crashing if c.reason in FATAL_WAITING), None)
        if fatal is not None:
            changes |= {
                "failed": True,
                "reason": fatal.reason,
                "message": f"pod {fatal.name}: {fatal.reason}",
                "cause": failures.cause_of(fatal),
            }
    return dataclasses.replace(found, **changes)  # type: ignore[arg-type]
