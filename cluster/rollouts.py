"""
Rollout restart and rollout undo, the way kubectl does them.

Restart patches the pod-template annotation instead of deleting pods, so the
Deployment controller rolls the pods and keeps honouring maxUnavailable.
Undo follows kubectl's `DeploymentRollbacker` (PROTOCOLS.md §10): take the
template of the chosen ReplicaSet revision and JSON-patch it back, together
with the annotations, so the controller makes it the next revision.
Both refuse a paused Deployment, as kubectl does.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from kubernetes.client import V1Deployment, V1ReplicaSet

from cluster import errors, history, progress
from cluster._kube import Kube
from cluster.changes import ChangeApplied, ChangePlan
from intents.command import Intent

__all__ = ["RESTARTED_AT", "plan_restart", "plan_undo", "restart", "undo", "undo_patch"]

RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
# Annotations that belong to the Deployment itself and survive an undo (kubectl's list).
_KEEP_ON_DEPLOYMENT = frozenset(
    {
        "kubectl.kubernetes.io/last-applied-configuration",
        progress.REVISION,
        "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
        "deprecated.deployment.rollback.to",
    }
)


def _refuse_paused(deployment: V1Deployment) -> None:
    if deployment.spec.paused:
        raise errors.Paused(app=deployment.metadata.name, namespace=deployment.metadata.namespace)


def _main_image(template: Any, app: str) -> tuple[str | None, str | None]:
    """(container, image) of the container named like the app, else the first one."""
    containers = template.spec.containers if template and template.spec else []
    chosen = next((c for c in containers if c.name == app), containers[0] if containers else None)
    return (chosen.name, chosen.image) if chosen else (None, None)


def restart_body(at: datetime) -> dict[str, Any]:
    # NB: the value must change on every call, or the API sees no change and nothing restarts.
    stamp = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: stamp}}}}}


def _plan(intent: Intent, deployment: V1Deployment, **fields: Any) -> ChangePlan:
    return ChangePlan(
        intent=intent,
        app=deployment.metadata.name,
        namespace=deployment.metadata.namespace,
        revision_from=progress.revision_of(deployment.metadata.annotations),
        **fields,
    )


async def plan_restart(kube: Kube, deployment: V1Deployment, *, at: datetime) -> ChangePlan:
    _refuse_paused(deployment)
    await kube.patch_deployment(deployment, restart_body(at), dry_run=True)
    return _plan(Intent.RESTART, deployment)


async def restart(kube: Kube, deployment: V1Deployment, change: ChangePlan, *, at: datetime) -> ChangeApplied:
    _refuse_paused(deployment)
    body = restart_body(at)
    patched = await kube.patch_deployment(deployment, body, dry_run=False)
    return ChangeApplied(
        plan=change,
        revision_before=progress.revision_of(deployment.metadata.annotations),
        restarted_at=body["spec"]["template"]["metadata"]["annotations"][RESTARTED_AT],
        generation=patched.metadata.generation,
    )


def _target(owned: list[V1ReplicaSet], revision: int | None) -> V1ReplicaSet:
    """kubectl's choice: the exact revision, or with none given the second-highest one."""
    if revision is None:
        if len(owned) < 2:
            raise errors.NoRevision(revision=None, available=history.revisions(owned))
        return owned[-2]
    for rs in owned:
        if progress.revision_of(rs.metadata.annotations) == revision:
            return rs
    raise errors.NoRevision(revision=revision, available=history.revisions(owned))


def undo_patch(kube: Kube, deployment: V1Deployment, target: V1ReplicaSet) -> list[dict[str, Any]] | None:
    """The JSON patch that brings `target`'s template back; None when it is already current."""
    template = copy.deepcopy(kube.raw(target.spec.template))
    current = copy.deepcopy(kube.raw(deployment.spec.template))
    for t in (template, current):
        t.get("metadata", {}).get("labels", {}).pop("pod-template-hash", None)
    if template == current:
        return None
    annotations = {k: v for k, v in (deployment.metadata.annotations or {}).items() if k in _KEEP_ON_DEPLOYMENT}
    annotations |= {k: v for k, v in (target.metadata.annotations or {}).items() if k not in _KEEP_ON_DEPLOYMENT}
    return [
        {"op": "replace", "path": "/spec/template", "value": template},
        {"op": "replace", "path": "/metadata/annotations", "value": annotations},
    ]


async def plan_undo(kube: Kube, deployment: V1Deployment, revision: int | None) -> ChangePlan:
    """Pick the revision to go back to, dry-run the patch, and say what changes."""
    _refuse_paused(deployment)
    target = _target(await history.owned_replica_sets(kube, deployment), revision)
    patch = undo_patch(kube, deployment, target)
    if patch is not None:
        await kube.patch_deployment(deployment, patch, dry_run=True)
    container, image_from = _main_image(deployment.spec.template, deployment.metadata.name)
    _, image_to = _main_image(target.spec.template, deployment.metadata.name)
    return _plan(
        Intent.ROLLBACK,
        deployment,
        container=container,
        image_from=image_from,
        image_to=image_to,
        revision_to=progress.revision_of(target.metadata.annotations),
        noop=patch is None,
    )


async def undo(kube: Kube, deployment: V1Deployment, change: ChangePlan) -> ChangeApplied:
    """Roll back to the plan's revision (fixed at planning time, so a click means what it showed)."""
    _refuse_paused(deployment)
    target = _target(await history.owned_replica_sets(kube, deployment), change.revision_to)
    patch = undo_patch(kube, deployment, target)
    generation = deployment.metadata.generation
    if patch is not None:
        generation = (await kube.patch_deployment(deployment, patch, dry_run=False)).metadata.generation
    _, image_before = _main_image(deployment.spec.template, deployment.metadata.name)
    return ChangeApplied(
        plan=change,
        revision_before=progress.revision_of(deployment.metadata.annotations),
        image_before=image_before,
        generation=generation,
    )
