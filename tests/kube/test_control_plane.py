"""The test harness itself, on the real control plane: Deployments roll out once the kubelet stand-in reports."""

from __future__ import annotations

from kubernetes import client

from tests.support import kube_objects
from tests.support.kubelet import Fate, wait_until


def test_a_deployment_rolls_out_and_a_new_image_makes_a_second_revision(kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=2)
    kube_objects.set_image(api, ns, "web", "nginx:1.26")
    kube_objects.wait_available(api, ns, "web")
    sets = client.AppsV1Api(api).list_namespaced_replica_set(ns, label_selector="app=web").items
    revisions = sorted(rs.metadata.annotations["deployment.kubernetes.io/revision"] for rs in sets)
    assert revisions == ["1", "2"]
    pods = client.CoreV1Api(api).list_namespaced_pod(ns, label_selector="app=web").items
    assert {p.spec.containers[0].image for p in pods if p.metadata.deletion_timestamp is None} == {"nginx:1.26"}


def test_a_pod_that_cannot_pull_its_image_is_reported_as_a_kubelet_would(kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_namespace.kubelet.behave("api", Fate.IMAGE_PULL)
    kube_objects.deployment(api, ns, "api", "registry.example/missing:0", replicas=1, wait=False)

    def waiting_reason() -> str | None:
        pods = client.CoreV1Api(api).list_namespaced_pod(ns, label_selector="app=api").items
        statuses = [s for p in pods for s in (p.status.container_statuses or [])]
        return statuses[0].state.waiting.reason if statuses and statuses[0].state.waiting else None

    wait_until(lambda: waiting_reason() == "ImagePullBackOff", what="ImagePullBackOff reported")
    assert not kube_objects.rolled_out(api, ns, "api")
