"""
Seeding the emulator with pods as a cluster would hold them: in every state klepaas reports,
owned by a Deployment's current ReplicaSet, with events and logs.
"""

from __future__ import annotations

import copy
import uuid
from datetime import timedelta
from typing import Any

import kmock

from playground.cluster.emulator import KubeEmulator
from playground.cluster.objects import current_replica_set
from playground.cluster.resources import EVENTS, PODS, stamp

__all__ = ["event", "logs", "pod", "pods_for"]


def _container_status(name: str, image: str, state: str, restarts: int) -> dict[str, Any]:
    running = {"running": {"startedAt": stamp(timedelta(minutes=30))}}
    crashed = {
        "terminated": {
            "exitCode": 1,
            "reason": "Error",
            "finishedAt": stamp(timedelta(minutes=1)),
        }
    }
    oom = {
        "terminated": {
            "exitCode": 137,
            "reason": "OOMKilled",
            "finishedAt": stamp(timedelta(minutes=1)),
        }
    }
    states: dict[str, tuple[dict[str, Any], dict[str, Any], bool]] = {
        "running": (running, {}, True),
        "crashloop": (
            {
                "waiting": {
                    "reason": "CrashLoopBackOff",
                    "message": f"back-off 5m0s restarting failed container={name}",
                }
            },
            crashed,
            False,
        ),
        "oomkilled": (
            {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off"}},
            oom,
            False,
        ),
        "imagepull": (
            {
                "waiting": {
                    "reason": "ImagePullBackOff",
                    "message": f'Back-off pulling image "{image}"',
                }
            },
            {},
            False,
        ),
        "creating": ({"waiting": {"reason": "ContainerCreating"}}, {}, False),
    }
    current, last, ready = states[state]
    return {
        "name": name,
        "image": image,
        "imageID": f"docker.io/library/{image}@sha256:{'0' * 64}",
        "containerID": f"containerd://{uuid.uuid4().hex}",
        "ready": ready,
        "restartCount": restarts,
        "started": ready,
        "state": current,
        "lastState": last,
    }


def pod(
    emulator: kmock.KubernetesEmulator,
    name: str,
    ns: str = "default",
    *,
    labels: dict[str, str] | None = None,
    containers: list[dict[str, Any]] | None = None,
    state: str = "running",
    restarts: int = 0,
    ago: timedelta = timedelta(hours=1),
    owner: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A pod in `state`: running, crashloop, oomkilled, imagepull, creating or pending (unschedulable)."""
    containers = containers or [{"name": "app", "image": "nginx:1.25"}]
    obj: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name,
            "namespace": ns,
            "uid": str(uuid.uuid4()),
            "labels": labels or {},
            "creationTimestamp": stamp(ago),
        },
        "spec": {
            "containers": copy.deepcopy(containers),
            "nodeName": None if state == "pending" else "node-1",
        },
    }
    if owner is not None:
        obj["metadata"]["ownerReferences"] = [
            {
                "apiVersion": "apps/v1",
                "kind": "ReplicaSet",
                "controller": True,
                "name": owner["metadata"]["name"],
                "uid": owner["metadata"]["uid"],
            }
        ]
    if state == "pending":
        obj["status"] = {
            "phase": "Pending",
            "conditions": [
                {
                    "type": "PodScheduled",
                    "status": "False",
                    "reason": "Unschedulable",
                    "message": "0/3 nodes are available: 3 Insufficient cpu.",
                }
            ],
        }
    else:
        statuses = [_container_status(c["name"], c["image"], state, restarts) for c in containers]
        obj["status"] = {
            "phase": "Running" if state != "creating" else "Pending",
            "podIP": "10.0.0.12",
            "containerStatuses": statuses,
        }
    emulator.objects[PODS, ns, name] = obj
    return obj


def pods_for(
    emulator: kmock.KubernetesEmulator,
    dep: dict[str, Any],
    *,
    count: int | None = None,
    state: str = "running",
    restarts: int = 0,
) -> list[dict[str, Any]]:
    """Pods of the Deployment's current ReplicaSet, oldest first (one minute apart)."""
    meta, spec = dep["metadata"], dep["spec"]
    rs = current_replica_set(emulator, dep)
    labels = dict(rs["spec"]["template"]["metadata"]["labels"])
    made = []
    for i in range(spec["replicas"] if count is None else count):
        name = f"{rs['metadata']['name']}-{i:05d}"
        made.append(
            pod(
                emulator,
                name,
                meta["namespace"],
                labels=labels,
                containers=spec["template"]["spec"]["containers"],
                state=state,
                restarts=restarts,
                ago=timedelta(minutes=30 - i),
                owner=rs,
            )
        )
    return made


def event(
    emulator: kmock.KubernetesEmulator,
    ns: str,
    *,
    reason: str,
    message: str,
    kind: str = "Pod",
    name: str = "web",
    type: str = "Warning",
    ago: timedelta = timedelta(minutes=1),
    count: int = 1,
) -> dict[str, Any]:
    event_name = f"{name}.{uuid.uuid4().hex[:12]}"
    obj = {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {
            "name": event_name,
            "namespace": ns,
            "creationTimestamp": stamp(ago),
        },
        "involvedObject": {"kind": kind, "name": name, "namespace": ns},
        "reason": reason,
        "message": message,
        "type": type,
        "count": count,
        "firstTimestamp": stamp(ago + timedelta(minutes=10)),
        "lastTimestamp": stamp(ago),
    }
    emulator.objects[EVENTS, ns, event_name] = obj
    return obj


def logs(
    emulator: KubeEmulator,
    pod_obj: dict[str, Any],
    text: str,
    *,
    container: str | None = None,
    previous: bool = False,
) -> None:
    """What `GET …/pods/<pod>/log?container=…[&previous=true]` returns."""
    meta = pod_obj["metadata"]
    container = container or pod_obj["spec"]["containers"][0]["name"]
    emulator.pod_logs[(meta["namespace"], meta["name"], container, previous)] = text
