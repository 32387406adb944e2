"""
The `list_*` intents: every row, sorted by name, with kubectl's columns.

Paging is the presentation's business ("20 of 57"), so all rows come back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from cluster import ages, pods
from cluster._kube import Kube
from cluster.endpoint import ingress_info, service_info
from cluster.results import Listing
from intents.command import Intent

__all__ = ["KINDS", "listing"]

KINDS: dict[Intent, str] = {
    Intent.LIST_PODS: "pods",
    Intent.LIST_DEPLOYMENTS: "deployments",
    Intent.LIST_SERVICES: "services",
    Intent.LIST_INGRESSES: "ingresses",
    Intent.LIST_NAMESPACES: "namespaces",
    Intent.LIST_APPS: "apps",
}


def _sorted(rows: Sequence[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted(rows, key=lambda row: row[0]))


async def _pods(kube: Kube, namespace: str, at: datetime) -> Listing:
    found = await kube.call(kube.core.list_namespaced_pod, namespace)
    rows = []
    for pod in found.items:
        info = pods.info(pod, at=at)
        state = info.reason or info.phase
        ready = f"{info.ready_containers}/{info.total_containers}"
        rows.append((info.name, ready, state, str(info.restarts), ages.short(info.age)))
    return Listing("pods", namespace, ("NAME", "READY", "STATUS", "RESTARTS", "AGE"), _sorted(rows))


async def _deployments(kube: Kube, namespace: str, at: datetime, *, kind: str) -> Listing:
    found = await kube.call(kube.apps.list_namespaced_deployment, namespace)
    rows: list[tuple[str, ...]] = []
    for d in found.items:
        st = d.status
        desired = d.spec.replicas if d.spec.replicas is not None else 1
        ready = f"{(st.ready_replicas if st else None) or 0}/{desired}"
        if kind == "apps":
            images = ",".join(c.image for c in d.spec.template.spec.containers)
            rows.append((d.metadata.name, ready, images))
        else:
            updated = str((st.updated_replicas if st else None) or 0)
            available = str((st.available_replicas if st else None) or 0)
            age = ages.short(ages.age(d.metadata.creation_timestamp, at))
            rows.append((d.metadata.name, ready, updated, available, age))
    columns = ("NAME", "READY", "IMAGES") if kind == "apps" else ("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE")
    return Listing(kind, namespace, columns, _sorted(rows))


async def _services(kube: Kube, namespace: str, at: datetime) -> Listing:
    found = await kube.call(kube.core.list_namespaced_service, namespace)
    rows = []
    for s in found.items:
        info = service_info(s)
        external = (
            ",".join(info.load_balancer)
            or info.external_name
            or ("<pending>" if info.type == "LoadBalancer" else "<none>")
        )
        ports = (
            ",".join(f"{p.port}{':' + str(p.node_port) if p.node_port else ''}/{p.protocol}" for p in info.ports)
            or "<none>"
        )
        age = ages.short(ages.age(s.metadata.creation_timestamp, at))
        rows.append((info.name, info.type, info.cluster_ip or "None", external, ports, age))
    return Listing(
        "services", namespace, ("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"), _sorted(rows)
    )


async def _ingresses(kube: Kube, namespace: str, at: datetime) -> Listing:
    found = await kube.call(kube.networking.list_namespaced_ingress, namespace)
    rows = []
    for i in found.items:
        info = ingress_info(i)
        hosts = ",".join(dict.fromkeys(r.host or "*" for r in info.routes)) or "*"
        age = ages.short(ages.age(i.metadata.creation_timestamp, at))
        rows.append((info.name, info.class_name or "<none>", hosts, ",".join(info.addresses), age))
    return Listing("ingresses", namespace, ("NAME", "CLASS", "HOSTS", "ADDRESS", "AGE"), _sorted(rows))


async def _namespaces(kube: Kube, at: datetime) -> Listing:
    found = await kube.call(kube.core.list_namespace)
    rows = [
        (
            n.metadata.name,
            (n.status.phase if n.status else None) or "Active",
            ages.short(ages.age(n.metadata.creation_timestamp, at)),
        )
        for n in found.items
    ]
    return Listing("namespaces", None, ("NAME", "STATUS", "AGE"), _sorted(rows))


async def listing(kube: Kube, intent: Intent, namespace: str, *, at: datetime) -> Listing:
    """All rows of the kind `intent` lists, in `namespace` (namespaces are cluster-wide)."""
    match intent:
        case Intent.LIST_PODS:
            return await _pods(kube, namespace, at)
        case Intent.LIST_DEPLOYMENTS | Intent.LIST_APPS:
            return await _deployments(kube, namespace, at, kind=KINDS[intent])
        case Intent.LIST_SERVICES:
            return await _services(kube, namespace, at)
        case Intent.LIST_INGRESSES:
            return await _ingresses(kube, namespace, at)
        case Intent.LIST_NAMESPACES:
            return await _namespaces(kube, at)
    raise ValueError(f"{intent} is not a listing")
