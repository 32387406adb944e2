"""
The `endpoint` intent: how to reach an app.

The app's Services are those whose selector picks the app's pods (every
selector label matches the pod template), plus a Service named like the app.
Its Ingresses are those with a backend pointing at one of those Services.
"""

from __future__ import annotations

import dataclasses

from kubernetes.client import V1Deployment, V1Ingress, V1Service

from cluster._kube import Kube
from cluster.results import Endpoint, IngressInfo, IngressRoute, ServiceInfo, ServicePort

__all__ = ["endpoint", "ingress_info", "service_info"]


def _selects(service: V1Service, labels: dict[str, str]) -> bool:
    selector = service.spec.selector or {}
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def _addresses(load_balancer: object) -> tuple[str, ...]:
    ingress = getattr(load_balancer, "ingress", None) or []
    return tuple(i.ip or i.hostname for i in ingress if i.ip or i.hostname)


def service_info(service: V1Service) -> ServiceInfo:
    spec = service.spec
    ports = tuple(
        ServicePort(
            port=p.port,
            protocol=p.protocol or "TCP",
            name=p.name,
            target_port=str(p.target_port) if p.target_port is not None else None,
            node_port=p.node_port,
        )
        for p in spec.ports or []
    )
    cluster_ip = spec.cluster_ip if spec.cluster_ip not in (None, "", "None") else None
    return ServiceInfo(
        name=service.metadata.name,
        type=spec.type or "ClusterIP",
        cluster_ip=cluster_ip,
        ports=ports,
        load_balancer=_addresses(service.status.load_balancer) if service.status else (),
        external_name=spec.external_name,
    )


def _backend(path: object) -> tuple[str | None, str | None]:
    service = getattr(getattr(path, "backend", None), "service", None)
    if service is None:
        return None, None
    port = service.port
    number = None if port is None else (port.number if port.number is not None else port.name)
    return service.name, None if number is None else str(number)


def ingress_info(ingress: V1Ingress) -> IngressInfo:
    """Routes with URLs built from host + path; https when the host is listed under tls."""
    spec = ingress.spec
    tls_hosts = tuple(h for t in spec.tls or [] for h in t.hosts or [])
    addresses = _addresses(ingress.status.load_balancer) if ingress.status else ()
    routes: list[IngressRoute] = []
    for rule in spec.rules or []:
        host = rule.host
        scheme = "https" if host and (host in tls_hosts or _wildcard_covers(tls_hosts, host)) else "http"
        authority = host or (addresses[0] if addresses else "*")
        for path in (rule.http.paths if rule.http else None) or []:
            service, port = _backend(path)
            route_path = path.path or "/"
            routes.append(IngressRoute(f"{scheme}://{authority}{route_path}", host, route_path, service, port))
    return IngressInfo(
        name=ingress.metadata.name,
        class_name=spec.ingress_class_name,
        routes=tuple(routes),
        addresses=addresses,
        tls_hosts=tls_hosts,
    )


def _wildcard_covers(tls_hosts: tuple[str, ...], host: str) -> bool:
    return any(h.startswith("*.") and host.endswith(h[1:]) and host.count(".") == h.count(".") for h in tls_hosts)


async def endpoint(kube: Kube, deployment: V1Deployment) -> Endpoint:
    app, namespace = deployment.metadata.name, deployment.metadata.namespace
    labels = deployment.spec.template.metadata.labels or {}
    services = await kube.call(kube.core.list_namespaced_service, namespace)
    mine = sorted(
        (s for s in services.items if _selects(s, labels) or s.metadata.name == app),
        key=lambda s: s.metadata.name,
    )
    names = {s.metadata.name for s in mine}
    ingresses = await kube.call(kube.networking.list_namespaced_ingress, namespace)
    infos = [ingress_info(i) for i in sorted(ingresses.items, key=lambda i: i.metadata.name)]
    return Endpoint(
        app=app,
        namespace=namespace,
        services=tuple(service_info(s) for s in mine),
        # Only the routes to this app's Services: a shared Ingress also routes to other apps.
        ingresses=tuple(
            dataclasses.replace(i, routes=tuple(r for r in i.routes if r.service in names))
            for i in infos
            if any(r.service in names for r in i.routes)
        ),
    )
