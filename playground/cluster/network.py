"""Seeding the emulator with how apps are reached: Services of every type and Ingresses."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import kmock

from playground.cluster.resources import INGRESSES, SERVICES, stamp

__all__ = ["ingress", "service"]


def service(
    emulator: kmock.KubernetesEmulator,
    name: str,
    ns: str = "default",
    *,
    type: str = "ClusterIP",
    selector: dict[str, str] | None = None,
    ports: list[dict[str, Any]] | None = None,
    cluster_ip: str = "10.96.12.34",
    lb_ingress: list[dict[str, str]] | None = None,
    external_name: str | None = None,
) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": type}
    if type == "ExternalName":
        spec["externalName"] = external_name or "db.example.com"
    else:
        spec |= {
            "clusterIP": cluster_ip,
            "selector": selector or {"app": name},
            "ports": ports or [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}],
        }
    if type in ("NodePort", "LoadBalancer"):
        for i, port in enumerate(spec["ports"]):
            port.setdefault("nodePort", 30080 + i)
    obj = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "name": name,
            "namespace": ns,
            "uid": str(uuid.uuid4()),
            "creationTimestamp": stamp(timedelta(days=2)),
        },
        "spec": spec,
        "status": {"loadBalancer": {"ingress": lb_ingress} if lb_ingress else {}},
    }
    emulator.objects[SERVICES, ns, name] = obj
    return obj


def ingress(
    emulator: kmock.KubernetesEmulator,
    name: str,
    ns: str = "default",
    *,
    rules: list[tuple[str | None, str, str, int | str]],
    tls_hosts: list[str] | None = None,
    class_name: str | None = "nginx",
    lb_ingress: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """An Ingress; `rules` are (host, path, service, port number or name)."""
    by_host: dict[str | None, list[dict[str, Any]]] = {}
    for host, path, svc, port in rules:
        port_ref = {"number": port} if isinstance(port, int) else {"name": port}
        by_host.setdefault(host, []).append(
            {
                "path": path,
                "pathType": "Prefix",
                "backend": {"service": {"name": svc, "port": port_ref}},
            }
        )
    spec: dict[str, Any] = {"rules": [({"host": h} if h else {}) | {"http": {"paths": p}} for h, p in by_host.items()]}
    if class_name:
        spec["ingressClassName"] = class_name
    if tls_hosts:
        spec["tls"] = [{"hosts": tls_hosts, "secretName": f"{name}-tls"}]
    obj = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {
            "name": name,
            "namespace": ns,
            "uid": str(uuid.uuid4()),
            "creationTimestamp": stamp(timedelta(days=1)),
        },
        "spec": spec,
        "status": {"loadBalancer": {"ingress": lb_ingress} if lb_ingress else {}},
    }
    emulator.objects[INGRESSES, ns, name] = obj
    return obj
