"""
Which Deployment an alert is about, from its labels.

Alert rules label their alerts in many ways: kube-state-metrics rules carry
`deployment` or `pod`, application rules `app` or `app.kubernetes.io/name`
(Prometheus spells it `app_kubernetes_io_name`, kube-state-metrics
`label_app_kubernetes_io_name`), scrape-based rules `job` or `service`, which
name a Service. We try the labels in that order of precision and take the first
that leads to exactly one Deployment; a guess that fits several is no answer.
Only reads: get a Deployment, a Pod or a Service, list Deployments and ReplicaSets.
"""

from __future__ import annotations

from collections.abc import Mapping

from kubernetes.client import V1Deployment

from cluster import errors
from cluster._kube import Kube
from cluster.incident_values import Workload

__all__ = ["resolve"]

NAME_LABELS = ("deployment", "app_kubernetes_io_name", "app.kubernetes.io/name", "label_app_kubernetes_io_name")
APP_LABELS = ("app", "label_app")
SERVICE_LABELS = ("service", "job")


async def resolve(
    kube: Kube, labels: Mapping[str, str], *, default_namespace: str
) -> tuple[Workload, V1Deployment] | None:
    """The alert's Deployment and how it was found; None when no label leads to exactly one."""
    namespace = labels.get("namespace") or labels.get("exported_namespace") or default_namespace
    for label in NAME_LABELS:
        if (value := labels.get(label)) and (found := await _by_name(kube, value, namespace)) is not None:
            return Workload(found.metadata.name, namespace, label), found
    if (pod := labels.get("pod")) and (found := await _by_pod(kube, pod, namespace)) is not None:
        return Workload(found.metadata.name, namespace, "pod"), found
    for label in APP_LABELS:
        if value := labels.get(label):
            found = await _by_name(kube, value, namespace) or await _by_selector(kube, f"app={value}", namespace)
            if found is not None:
                return Workload(found.metadata.name, namespace, label), found
    for label in SERVICE_LABELS:
        if (value := labels.get(label)) and (found := await _by_service(kube, value, namespace)) is not None:
            return Workload(found.metadata.name, namespace, label), found
    return None


async def _by_name(kube: Kube, name: str, namespace: str) -> V1Deployment | None:
    try:
        return await kube.call(kube.apps.read_namespaced_deployment, name, namespace)
    except errors.NotFound:
        return None


async def _by_selector(kube: Kube, selector: str, namespace: str) -> V1Deployment | None:
    listed = await kube.call(kube.apps.list_namespaced_deployment, namespace, label_selector=selector)
    return listed.items[0] if len(listed.items) == 1 else None


def _controller(owner_references: list[object] | None, kind: str) -> str | None:
    for ref in owner_references or []:
        if getattr(ref, "controller", False) and getattr(ref, "kind", None) == kind:
            return str(getattr(ref, "name"))
    return None


async def _by_pod(kube: Kube, pod_name: str, namespace: str) -> V1Deployment | None:
    """pod → its controlling ReplicaSet → that one's Deployment (the way `kubectl describe` follows owners)."""
    try:
        pod = await kube.call(kube.core.read_namespaced_pod, pod_name, namespace)
        replica_set = _controller(pod.metadata.owner_references, "ReplicaSet")
        if replica_set is None:
            return None
        # NB: a list by name, not a get: the bot's Role lists ReplicaSets (rollbacks need it) and gets none.
        listed = await kube.call(
            kube.apps.list_namespaced_replica_set, namespace, field_selector=f"metadata.name={replica_set}"
        )
    except errors.NotFound:
        # NB: the pod may be gone already (a crash-looping pod replaced); its name still has the ReplicaSet's.
        return await _by_name(kube, pod_name.rsplit("-", 2)[0], namespace) if pod_name.count("-") >= 2 else None
    if not listed.items:
        return None
    deployment = _controller(listed.items[0].metadata.owner_references, "Deployment")
    return await _by_name(kube, deployment, namespace) if deployment else None


async def _by_service(kube: Kube, name: str, namespace: str) -> V1Deployment | None:
    """The one Deployment whose pod template the Service selects."""
    try:
        service = await kube.call(kube.core.read_namespaced_service, name, namespace)
    except errors.NotFound:
        return await _by_name(kube, name, namespace)
    selector = service.spec.selector or {}
    if not selector:
        return None
    listed = await kube.call(kube.apps.list_namespaced_deployment, namespace)
    matching = [
        d
        for d in listed.items
        if all(((d.spec.template.metadata.labels or {}).get(k) == v) for k, v in selector.items())
    ]
    return matching[0] if len(matching) == 1 else None
