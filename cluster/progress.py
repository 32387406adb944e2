"""
`kubectl rollout status` for a Deployment, as a value.

The rules follow kubectl's `DeploymentStatusViewer` (PROTOCOLS.md §10):
an unobserved generation waits, ProgressDeadlineExceeded fails, and otherwise
updated, old and available replicas are compared in that order.
"""
from __future__ import annotations

from kubernetes.client import V1Deployment

from cluster.changes import CrashingPod, RolloutProgress

__all__ = ["REVISION", "evaluate", "revision_of"]

REVISION = "deployment.kubernetes.io/revision"
DEADLINE_EXCEEDED = "ProgressDeadlineExceeded"


def revision_of(annotations: dict[str, str] | None) -> int | None:
    """The `deployment.kubernetes.io/revision` annotation as a number (None when absent or odd)."""
    value = (annotations or {}).get(REVISION)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def evaluate(deployment: V1Deployment, *, crashing: tuple[CrashingPod, ...] = ()) -> RolloutProgress:
    """Evaluate the rollout of one Deployment the way `kubectl rollout status` does."""
    meta, spec, status = deployment.metadata, deployment.spec, deployment.status
    name = meta.name
    desired = spec.replicas if spec.replicas is not None else 1
    updated = (status.updated_replicas if status else None) or 0
    replicas = (status.replicas if status else None) or 0
    available = (status.available_replicas if status else None) or 0
    ready = (status.ready_replicas if status else None) or 0
    progressing = next(
        (c for c in (status.conditions if status else None) or [] if c.type == "Progressing"), None
    )
    reason = progressing.reason if progressing else None
    observed = (meta.generation or 0) <= ((status.observed_generation if status else None) or 0)

    done = failed = False
    if not observed:
        message = "Waiting for deployment spec update to be observed"
    elif reason == DEADLINE_EXCEEDED:
        failed = True
        message = f'deployment "{name}" exceeded its progress deadline'
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
    )
