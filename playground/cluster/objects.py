"""
Seeding the emulator with workloads as a cluster would hold them: namespaces, and
Deployments with their ReplicaSet history (pods, events and logs are in `pods`).
"""

from __future__ import annotations

import copy
import hashlib
import json
import uuid
from datetime import timedelta
from typing import Any

import kmock

from playground.cluster.resources import (
    DEPLOYMENTS,
    NAMESPACES,
    REPLICASETS,
    REVISION,
    stamp,
)

__all__ = [
    "condition",
    "current_replica_set",
    "deployment",
    "namespace",
    "replica_set",
    "replica_sets_of",
    "template_hash",
]


def namespace(
    emulator: kmock.KubernetesEmulator,
    name: str,
    *,
    ago: timedelta = timedelta(days=30),
) -> dict[str, Any]:
    obj = {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {
            "name": name,
            "uid": str(uuid.uuid4()),
            "creationTimestamp": stamp(ago),
        },
        "status": {"phase": "Active"},
    }
    emulator.objects[NAMESPACES, None, name] = obj
    return obj


def template_hash(template: dict[str, Any]) -> str:
    clean = copy.deepcopy(template)
    clean.get("metadata", {}).get("labels", {}).pop("pod-template-hash", None)
    return hashlib.sha256(json.dumps(clean, sort_keys=True).encode()).hexdigest()[:10]


def deployment(
    emulator: kmock.KubernetesEmulator,
    name: str,
    ns: str = "default",
    *,
    image: str = "nginx:1.25",
    containers: list[dict[str, Any]] | None = None,
    replicas: int = 2,
    ready: int | None = None,
    revisions: list[str] | None = None,
    paused: bool = False,
    ago: timedelta = timedelta(days=3),
    annotations: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A settled Deployment with its ReplicaSet history; `revisions` are the images of 1..N."""
    labels = {"app": name}
    history = revisions or [image]
    current = containers or [{"name": name, "image": history[-1], "ports": [{"containerPort": 80}]}]
    ready = replicas if ready is None else ready
    dep: dict[str, Any] = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": name,
            "namespace": ns,
            "uid": str(uuid.uuid4()),
            "generation": len(history),
            "creationTimestamp": stamp(ago),
            "labels": dict(labels),
            "annotations": {REVISION: str(len(history)), **(annotations or {})},
        },
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": dict(labels)},
            "template": {
                "metadata": {"labels": dict(labels)},
                "spec": {"containers": current},
            },
            "paused": paused,
            "progressDeadlineSeconds": 600,
        },
        "status": {
            "observedGeneration": len(history),
            "replicas": replicas,
            "updatedReplicas": replicas,
            "readyReplicas": ready,
            "availableReplicas": ready,
            "conditions": [
                condition(
                    "Available",
                    "True" if ready >= replicas else "False",
                    "MinimumReplicasAvailable" if ready >= replicas else "MinimumReplicasUnavailable",
                ),
                condition(
                    "Progressing",
                    "True",
                    "NewReplicaSetAvailable",
                    f'ReplicaSet "{name}" has successfully progressed.',
                ),
            ],
        },
    }
    if not paused:
        del dep["spec"]["paused"]
    emulator.objects[DEPLOYMENTS, ns, name] = dep
    for number, revision_image in enumerate(history, start=1):
        template = copy.deepcopy(dep["spec"]["template"])
        if containers is None:
            template["spec"]["containers"][0]["image"] = revision_image
        replica_set(
            emulator,
            dep,
            template,
            revision=number,
            replicas=replicas if number == len(history) else 0,
            ago=ago - timedelta(hours=number),
        )
    return dep


def condition(kind: str, status: str, reason: str, message: str = "") -> dict[str, Any]:
    return {
        "type": kind,
        "status": status,
        "reason": reason,
        "message": message,
        "lastUpdateTime": stamp(timedelta(minutes=5)),
        "lastTransitionTime": stamp(timedelta(minutes=5)),
    }


def replica_set(
    emulator: kmock.KubernetesEmulator,
    dep: dict[str, Any],
    template: dict[str, Any],
    *,
    revision: int,
    replicas: int,
    ago: timedelta = timedelta(hours=1),
) -> dict[str, Any]:
    """A ReplicaSet controlled by `dep` (ownerReference controller=true, uid) at `revision`."""
    meta = dep["metadata"]
    pod_hash = template_hash(template)
    template = copy.deepcopy(template)
    template["metadata"].setdefault("labels", {})["pod-template-hash"] = pod_hash
    name = f"{meta['name']}-{pod_hash}"
    rs = {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {
            "name": name,
            "namespace": meta["namespace"],
            "uid": str(uuid.uuid4()),
            "creationTimestamp": stamp(max(ago, timedelta(0))),
            "labels": dict(template["metadata"]["labels"]),
            "annotations": {
                REVISION: str(revision),
                "deployment.kubernetes.io/desired-replicas": str(replicas),
            },
            "ownerReferences": [
                {
                    "apiVersion": "apps/v1",
                    "kind": "Deployment",
                    "name": meta["name"],
                    "uid": meta["uid"],
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ],
        },
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": dict(template["metadata"]["labels"])},
            "template": template,
        },
        "status": {"replicas": replicas, "readyReplicas": replicas},
    }
    emulator.objects[REPLICASETS, meta["namespace"], name] = rs
    return rs


def current_replica_set(emulator: kmock.KubernetesEmulator, dep: dict[str, Any]) -> dict[str, Any]:
    owned = replica_sets_of(emulator, dep)
    return max(owned, key=lambda rs: int(rs["metadata"]["annotations"][REVISION]))


def replica_sets_of(emulator: kmock.KubernetesEmulator, dep: dict[str, Any]) -> list[dict[str, Any]]:
    uid = dep["metadata"]["uid"]
    return [
        obj.raw
        for (resource, ns, _), obj in emulator.objects.items()
        if resource == kmock.resource(REPLICASETS) and ns == dep["metadata"]["namespace"] and not obj.deleted
        if any(ref.get("uid") == uid for ref in obj.raw["metadata"].get("ownerReferences", []))
    ]
