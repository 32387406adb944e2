"""
Gradual rollouts for tests: the Deployment controller one ready pod at a time.

`controller.roll()` jumps a rollout to progressing, complete or failed; a test
that follows a rollout as a person would (1/3 ready, 2/3, done) needs the steps
in between, and a rollout that never completes because its image cannot be
pulled. `advance()` is one such step, `run_controller()` keeps taking them.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Collection
from datetime import timedelta
from typing import Any

import kmock

from playground.cluster.controller import roll
from playground.cluster.objects import current_replica_set
from playground.cluster.pods import event, pod
from playground.cluster.resources import DEPLOYMENTS, PODS, REPLICASETS

__all__ = ["advance", "run_controller"]


def advance(
    emulator: kmock.KubernetesEmulator,
    name: str,
    ns: str = "default",
    *,
    never_ready: Collection[str] = (),
) -> dict[str, Any]:
    """One gradual controller step: a new ReplicaSet after a spec change, then one more ready pod per call.

    Pods of the new ReplicaSet run, unless their image is in `never_ready`: then they wait in
    ImagePullBackOff (with the kubelet's events) and the rollout never completes.
    """
    obj = emulator.objects[DEPLOYMENTS, ns, name]
    dep = obj.raw
    status = dep.get("status", {})
    if status.get("observedGeneration", 0) < dep["metadata"].get("generation", 1):
        dep = roll(emulator, name, ns, outcome="progressing")
        dep = copy.deepcopy(dep)
        dep["status"] |= {"updatedReplicas": 0}
        obj.history.append(dep)
    dep = copy.deepcopy(emulator.objects[DEPLOYMENTS, ns, name].raw)
    rs = current_replica_set(emulator, dep)
    desired = dep["spec"].get("replicas", 1)
    made = [
        p.raw
        for (resource, pod_ns, _), p in emulator.objects.items()
        if resource == kmock.resource(PODS) and pod_ns == ns and not p.deleted
        if any(ref.get("uid") == rs["metadata"]["uid"] for ref in p.raw["metadata"].get("ownerReferences", []))
    ]
    images = [c["image"] for c in rs["spec"]["template"]["spec"]["containers"]]
    broken = any(image in never_ready for image in images)
    if len(made) < desired:
        pod_name = f"{rs['metadata']['name']}-{len(made):05d}"
        state = "imagepull" if broken else "running"
        pod(
            emulator,
            pod_name,
            ns,
            labels=dict(rs["spec"]["template"]["metadata"]["labels"]),
            containers=rs["spec"]["template"]["spec"]["containers"],
            state=state,
            ago=timedelta(0),
            owner=rs,
        )
        if broken:
            event(
                emulator,
                ns,
                reason="Failed",
                name=pod_name,
                ago=timedelta(0),
                message=f'Failed to pull image "{images[0]}": rpc error: code = NotFound desc = not found',
            )
            event(
                emulator,
                ns,
                reason="BackOff",
                name=pod_name,
                ago=timedelta(0),
                message=f'Back-off pulling image "{images[0]}"',
            )
        made.append({})
    ready = 0 if broken else len(made)
    rs_obj = emulator.objects[REPLICASETS, ns, rs["metadata"]["name"]]
    rs_obj.patch({"spec": {"replicas": desired}, "status": {"replicas": len(made), "readyReplicas": ready}})
    if ready >= desired:
        return roll(emulator, name, ns, outcome="complete")
    dep["status"] |= {"updatedReplicas": len(made), "replicas": desired + len(made)}
    emulator.objects[DEPLOYMENTS, ns, name].history.append(dep)
    return dep


async def run_controller(
    emulator: kmock.KubernetesEmulator,
    ns: str,
    *,
    every: float = 0.1,
    never_ready: Collection[str] = (),
) -> None:
    """Advance every unfinished rollout in `ns` each `every` seconds, until cancelled."""
    while True:
        for (resource, dep_ns, name), obj in list(emulator.objects.items()):
            if resource != kmock.resource(DEPLOYMENTS) or dep_ns != ns or obj.deleted:
                continue
            dep = obj.raw
            status = dep.get("status", {})
            desired = dep["spec"].get("replicas", 1)
            behind = status.get("observedGeneration", 0) < dep["metadata"].get("generation", 1)
            if behind or status.get("updatedReplicas", desired) < desired:
                advance(emulator, name, ns, never_ready=never_ready)
        await asyncio.sleep(every)
