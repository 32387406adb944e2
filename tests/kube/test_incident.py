"""What changed before an alert, read from the real control plane: rollouts, OOMKilled pods, config, nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from kubernetes import client

from cluster import Cluster
from tests.support import kube_objects
from tests.support.kubelet import Fate, wait_until

WINDOW = dt.timedelta(minutes=30)


@pytest.fixture
async def cluster(control_plane, kube_namespace):
    made = Cluster(control_plane.api_client(), default_namespace=kube_namespace.name)
    yield made
    await made.close()


def _replica_set_created(api, namespace: str, app: str, revision: str) -> dt.datetime:
    sets = client.AppsV1Api(api).list_namespaced_replica_set(namespace, label_selector=f"app={app}").items
    rs = next(s for s in sets if s.metadata.annotations["deployment.kubernetes.io/revision"] == revision)
    return rs.metadata.creation_timestamp


async def test_a_deploy_five_minutes_before_the_alert_is_found_with_images_and_who(cluster, kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    kube_objects.set_image(api, ns, "web", "nginx:1.26")
    kube_objects.wait_available(api, ns, "web")
    deployed = _replica_set_created(api, ns, "web", "2")

    found = await cluster.incident({"deployment": "web"}, until=deployed + dt.timedelta(minutes=5), window=WINDOW)

    assert found.workload is not None and (found.workload.app, found.workload.via) == ("web", "deployment")
    newest = found.rollouts[0]
    assert (newest.revision, newest.previous_revision) == (2, 1)
    assert newest.changed_images == (("web", "nginx:1.25", "nginx:1.26"),)
    assert newest.created == deployed
    assert newest.manager  # the field manager that wrote the pod template (the python client's)


async def test_an_oom_killed_pod_is_named_with_its_exit_code(cluster, kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_namespace.kubelet.behave("api", Fate.OOM_KILLED)
    kube_objects.deployment(api, ns, "api", "ghcr.io/acme/api:1.0", replicas=1)
    pod = client.CoreV1Api(api).list_namespaced_pod(ns, label_selector="app=api").items[0]

    found = await cluster.incident({"pod": pod.metadata.name, "namespace": ns}, until=_soon(), window=WINDOW)

    assert found.workload is not None and (found.workload.app, found.workload.via) == ("api", "pod")
    assert [(t.pod, t.reason, t.exit_code, t.restarts) for t in found.troubles] == [
        (pod.metadata.name, "OOMKilled", 137, 1)
    ]


async def test_a_crash_looping_pod_is_found_through_its_service(cluster, kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_namespace.kubelet.behave("cart", Fate.CRASH_LOOP)
    kube_objects.deployment(api, ns, "cart", "ghcr.io/acme/cart:2", replicas=1, wait=False)
    client.CoreV1Api(api).create_namespaced_service(
        ns,
        {
            "metadata": {"name": "cart-svc"},
            "spec": {"selector": {"app": "cart"}, "ports": [{"port": 80}]},
        },
    )
    wait_until(lambda: len(kube_namespace.kubelet.reported) >= 1, what="the cart pod reported")

    found = await cluster.incident({"job": "cart-svc"}, until=_soon(), window=WINDOW)

    assert found.workload is not None and (found.workload.app, found.workload.via) == ("cart", "job")
    assert [(t.reason, t.exit_code) for t in found.troubles] == [("CrashLoopBackOff", 1)]


async def test_a_changed_secret_is_named_and_its_data_never_read(cluster, kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    core = client.CoreV1Api(api)
    core.create_namespaced_secret(ns, {"metadata": {"name": "db-password"}, "stringData": {"password": "hunter2"}})
    core.create_namespaced_config_map(ns, {"metadata": {"name": "unused"}, "data": {"a": "b"}})
    apps = client.AppsV1Api(api)
    kube_objects.deployment(api, ns, "pay", "ghcr.io/acme/pay:1", replicas=1, wait=False)
    apps.patch_namespaced_deployment(
        "pay",
        ns,
        {
            "spec": {
                "template": {
                    "spec": {"containers": [{"name": "pay", "envFrom": [{"secretRef": {"name": "db-password"}}]}]}
                }
            }
        },
    )

    found = await cluster.incident({"app": "pay", "namespace": ns}, until=_soon(), window=WINDOW)

    assert [(c.kind, c.name) for c in found.config_changes] == [("Secret", "db-password")]
    assert "hunter2" not in repr(found)


async def test_an_alert_with_nothing_changed_before_it_finds_nothing(cluster, kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)

    found = await cluster.incident({"deployment": "web"}, until=_soon() + dt.timedelta(hours=1), window=WINDOW)

    assert found.workload is not None and not found.found


async def test_labels_that_name_no_deployment_give_no_workload(cluster, kube_namespace):
    found = await cluster.incident({"alertname": "Watchdog", "job": "nothing"}, until=_soon(), window=WINDOW)

    assert found.workload is None and not found.found


def _soon() -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
