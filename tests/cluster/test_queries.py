"""Read-only intents: status, logs, endpoint, overview and the listings.

Why the emulator: logs need a kubelet to serve `pods/log` (the control plane has none), and pod states
are set field by field to compare the reason column with kubectl's. Status and the listings under the
chart's RBAC on the real server: tests/chart/test_chart_on_a_real_server.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from cluster import DeploymentStatus, Endpoint, Health, Listing, LogsResult, Overview, errors
from cluster.logs import tail
from intents.command import Command, Intent
from playground.cluster import emulator, network, objects, pods

PODS = "/api/v1/namespaces/shop/pods"


async def test_status_reports_readiness_images_revision_and_troubled_pods(kmock, cluster) -> None:
    dep = objects.deployment(kmock, "api", "shop", replicas=3, ready=1, revisions=["acme/api:1.0", "acme/api:1.1"])
    ok, crashing, oom = pods.pods_for(kmock, dep, count=3)
    pods.pod(
        kmock,
        crashing["metadata"]["name"],
        "shop",
        labels=crashing["metadata"]["labels"],
        containers=crashing["spec"]["containers"],
        state="crashloop",
        restarts=7,
        ago=timedelta(minutes=2),
    )
    pods.pod(
        kmock,
        oom["metadata"]["name"],
        "shop",
        labels=oom["metadata"]["labels"],
        containers=oom["spec"]["containers"],
        state="oomkilled",
        restarts=2,
        ago=timedelta(minutes=1),
    )
    pods.pod(kmock, "unrelated", "shop", labels={"app": "other"}, state="imagepull")

    status = await cluster.query(Command(intent=Intent.STATUS, app="api"))

    assert isinstance(status, DeploymentStatus)
    assert emulator.requests_of(kmock) == [
        "GET /apis/apps/v1/namespaces/shop/deployments/api",
        f"GET {PODS}?labelSelector=app%3Dapi",
        "GET /apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dapi",
    ]
    assert (status.desired, status.ready, status.updated, status.available) == (3, 1, 3, 1)
    assert [(i.container, i.image) for i in status.images] == [("api", "acme/api:1.1")]
    assert status.revision == 2 and not status.paused
    assert [p.name for p in status.pods] == [
        oom["metadata"]["name"],
        crashing["metadata"]["name"],
        ok["metadata"]["name"],
    ]
    assert [(p.reason, p.last_termination, p.restarts, p.ready) for p in status.pods] == [
        ("CrashLoopBackOff", "OOMKilled", 2, False),
        ("CrashLoopBackOff", "Error", 7, False),
        (None, None, 0, True),
    ]
    assert status.restarts == 9
    assert [c.type for c in status.conditions] == ["Available", "Progressing"]
    assert status.rollout.done is False and status.rollout.message == "1 of 3 updated replicas are available"
    assert [(c.name, c.reason) for c in status.rollout.crashing] == [
        (oom["metadata"]["name"], "CrashLoopBackOff"),
        (crashing["metadata"]["name"], "CrashLoopBackOff"),
    ]
    assert status.rolled_out_at is not None


@pytest.mark.parametrize(
    ("state", "reason", "phase"),
    [
        ("imagepull", "ImagePullBackOff", "Running"),
        ("pending", "Unschedulable", "Pending"),
        ("creating", "ContainerCreating", "Pending"),
    ],
)
async def test_pod_reasons_follow_kubectl(kmock, cluster, state, reason, phase) -> None:
    dep = objects.deployment(kmock, "api", "shop", replicas=1)
    pods.pods_for(kmock, dep, state=state)
    status = await cluster.query(Command(intent=Intent.STATUS, app="api"))
    assert [(p.reason, p.phase, p.ready) for p in status.pods] == [(reason, phase, False)]


# --- logs --------------------------------------------------------------------------------------


async def test_logs_read_the_newest_pod_with_the_default_tail(kmock, cluster, web) -> None:
    older, newest = pods.pods_for(kmock, web)
    pods.logs(kmock, newest, "".join(f"line {i}\n" for i in range(80)))
    pods.logs(kmock, older, "old pod\n")
    result = await cluster.query(Command(intent=Intent.LOGS, app="web"))
    assert isinstance(result, LogsResult)
    name = newest["metadata"]["name"]
    assert emulator.requests_of(kmock)[-1] == (f"GET {PODS}/{name}/log?container=web&limitBytes=524288&tailLines=50")
    assert (result.pod, result.container, result.containers, result.previous) == (name, "web", ("web",), False)
    assert result.text.splitlines() == [f"line {i}" for i in range(30, 80)]
    assert not result.truncated and result.pods == (name, older["metadata"]["name"])


async def test_logs_of_a_crash_looping_container_are_the_previous_ones(kmock, cluster) -> None:
    dep = objects.deployment(kmock, "api", "shop", replicas=1)
    (crashing,) = pods.pods_for(kmock, dep, state="crashloop", restarts=4)
    pods.logs(kmock, crashing, "panic: boom\n", previous=True)
    result = await cluster.query(Command(intent=Intent.LOGS, app="api", lines=900 // 9))
    assert emulator.requests_of(kmock)[-1].endswith("/log?container=api&limitBytes=524288&previous=true&tailLines=100")
    assert result.previous and result.text == "panic: boom\n" and result.lines == 100


async def test_logs_pick_the_container_named_like_the_app_or_the_named_one(kmock, cluster) -> None:
    dep = objects.deployment(
        kmock,
        "api",
        "shop",
        replicas=1,
        containers=[{"name": "istio-proxy", "image": "istio/proxyv2:1.22"}, {"name": "api", "image": "acme/api:1"}],
    )
    (pod,) = pods.pods_for(kmock, dep)
    pods.logs(kmock, pod, "app says hi\n", container="api")
    pods.logs(kmock, pod, "proxy says hi\n", container="istio-proxy")
    default = await cluster.query(Command(intent=Intent.LOGS, app="api"))
    named = await cluster.query(Command(intent=Intent.LOGS, app="api"), container="istio-proxy")
    assert (default.container, default.text) == ("api", "app says hi\n")
    assert (named.container, named.text, named.containers) == ("istio-proxy", "proxy says hi\n", ("istio-proxy", "api"))
    with pytest.raises(errors.ContainerNotFound):
        await cluster.query(Command(intent=Intent.LOGS, app="api"), container="nope")


async def test_long_logs_keep_the_tail_within_the_budget_and_the_full_text(kmock, cluster, web) -> None:
    _, newest = pods.pods_for(kmock, web)
    text = "".join(f"{i:04d} " + "x" * 95 + "\n" for i in range(500))
    pods.logs(kmock, newest, text)
    result = await cluster.query(Command(intent=Intent.LOGS, app="web", lines=500))
    assert result.truncated and result.full_text == text
    assert len(result.text) <= 2800 and result.text.endswith("0499 " + "x" * 95 + "\n")
    assert result.text.startswith("0473 ")  # whole lines only


def test_tail_keeps_short_text_whole() -> None:
    assert tail("a\nb\n", 10) == ("a\nb\n", False)
    assert tail("aaaa\nbbbb\ncccc\n", 11) == ("bbbb\ncccc\n", True)
    assert tail("aaaa\nbbbb\ncccc\n", 9) == ("cccc\n", True)


async def test_logs_of_an_app_without_pods_is_no_pods(kmock, cluster) -> None:
    objects.deployment(kmock, "api", "shop", replicas=0)
    with pytest.raises(errors.NoPods):
        await cluster.query(Command(intent=Intent.LOGS, app="api"))


# --- endpoint ----------------------------------------------------------------------------------


async def test_endpoint_lists_services_of_each_type_and_ingress_urls(kmock, cluster, web) -> None:
    network.service(kmock, "web", "shop")
    network.service(kmock, "web-nodeport", "shop", type="NodePort", selector={"app": "web"})
    network.service(
        kmock,
        "web-public",
        "shop",
        type="LoadBalancer",
        selector={"app": "web"},
        lb_ingress=[{"ip": "203.0.113.10"}, {"hostname": "lb.example.com"}],
    )
    network.service(kmock, "web", "other")
    network.service(kmock, "db", "shop", selector={"app": "db"})
    network.ingress(
        kmock,
        "web",
        "shop",
        rules=[
            ("shop.example.com", "/", "web", 80),
            ("api.example.com", "/v1", "web-public", "http"),
            ("shop.example.com", "/db", "db", 5432),
        ],
        tls_hosts=["shop.example.com"],
        lb_ingress=[{"ip": "198.51.100.7"}],
    )
    network.ingress(kmock, "db-only", "shop", rules=[(None, "/", "db", 5432)])

    result = await cluster.query(Command(intent=Intent.ENDPOINT, app="web"))

    assert isinstance(result, Endpoint)
    assert emulator.requests_of(kmock)[1:] == [
        "GET /api/v1/namespaces/shop/services",
        "GET /apis/networking.k8s.io/v1/namespaces/shop/ingresses",
    ]
    by_name = {s.name: s for s in result.services}
    assert list(by_name) == ["web", "web-nodeport", "web-public"]
    assert (by_name["web"].type, by_name["web"].cluster_ip, by_name["web"].ports[0].target_port) == (
        "ClusterIP",
        "10.96.12.34",
        "8080",
    )
    assert by_name["web-nodeport"].ports[0].node_port == 30080
    assert by_name["web-public"].load_balancer == ("203.0.113.10", "lb.example.com")
    (ingress,) = result.ingresses
    assert ingress.urls == ("https://shop.example.com/", "http://api.example.com/v1")
    assert ingress.addresses == ("198.51.100.7",) and ingress.class_name == "nginx"
    assert [(r.service, r.port) for r in ingress.routes] == [("web", "80"), ("web-public", "http")]


async def test_endpoint_of_an_external_name_service(kmock, cluster) -> None:
    objects.deployment(kmock, "db", "shop")
    network.service(kmock, "db", "shop", type="ExternalName", external_name="db.internal.example.com")
    result = await cluster.query(Command(intent=Intent.ENDPOINT, app="db"))
    (svc,) = result.services
    assert (svc.type, svc.external_name, svc.cluster_ip, svc.ports) == (
        "ExternalName",
        "db.internal.example.com",
        None,
        (),
    )


# --- overview ----------------------------------------------------------------------------------


async def test_overview_shows_health_unready_pods_and_recent_warnings(kmock, cluster) -> None:
    web = objects.deployment(kmock, "web", "shop")
    pods.pods_for(kmock, web)
    api = objects.deployment(kmock, "api", "shop", replicas=2, ready=1)
    pods.pods_for(kmock, api, count=1, state="crashloop", restarts=3)
    objects.deployment(kmock, "batch", "shop", replicas=0)
    objects.deployment(kmock, "frozen", "shop", paused=True)
    objects.deployment(kmock, "elsewhere", "staging")
    pods.event(
        kmock,
        "shop",
        reason="BackOff",
        message="Back-off restarting failed container",
        name="api-1",
        ago=timedelta(minutes=1),
        count=12,
    )
    pods.event(kmock, "shop", reason="FailedScheduling", message="0/3 nodes are available", ago=timedelta(minutes=9))
    pods.event(kmock, "shop", reason="Scheduled", message="assigned", type="Normal")

    result = await cluster.query(Command(intent=Intent.OVERVIEW))

    assert isinstance(result, Overview) and result.namespace == "shop"
    assert emulator.requests_of(kmock) == [
        "GET /apis/apps/v1/namespaces/shop/deployments",
        f"GET {PODS}",
        "GET /api/v1/namespaces/shop/events?fieldSelector=type%3DWarning",
    ]
    assert [(d.name, d.health, d.ready, d.desired) for d in result.deployments] == [
        ("api", Health.DEGRADED, 1, 2),
        ("batch", Health.SCALED_DOWN, 0, 0),
        ("frozen", Health.PAUSED, 2, 2),
        ("web", Health.HEALTHY, 2, 2),
    ]
    assert [(p.reason, p.restarts) for p in result.unready_pods] == [("CrashLoopBackOff", 3)]
    assert [(w.reason, w.name, w.count) for w in result.warnings] == [
        ("BackOff", "api-1", 12),
        ("FailedScheduling", "web", 1),
    ]
    assert result.pods_total == 3 and not result.healthy


# --- listings ----------------------------------------------------------------------------------


async def test_list_pods_returns_every_row_sorted_with_the_total(kmock, cluster) -> None:
    for i in (3, 1, 2):
        pods.pod(kmock, f"pod-{i}", "shop", state="running" if i != 2 else "crashloop", restarts=i)
    pods.pod(kmock, "pod-other", "staging")
    result = await cluster.query(Command(intent=Intent.LIST_PODS))
    assert isinstance(result, Listing) and emulator.requests_of(kmock) == [f"GET {PODS}"]
    assert result.columns == ("NAME", "READY", "STATUS", "RESTARTS", "AGE")
    assert result.rows == (
        ("pod-1", "1/1", "Running", "1", "60m"),
        ("pod-2", "0/1", "CrashLoopBackOff", "2", "60m"),
        ("pod-3", "1/1", "Running", "3", "60m"),
    )
    assert result.total == 3


async def test_list_deployments_and_apps(kmock, cluster) -> None:
    objects.deployment(kmock, "web", "shop", replicas=3, ready=2)
    objects.deployment(kmock, "api", "shop", image="acme/api:2")
    deployments = await cluster.query(Command(intent=Intent.LIST_DEPLOYMENTS))
    apps = await cluster.query(Command(intent=Intent.LIST_APPS, namespace="shop"))
    assert deployments.rows == (("api", "2/2", "2", "2", "3d"), ("web", "2/3", "3", "2", "3d"))
    assert apps.rows == (("api", "2/2", "acme/api:2"), ("web", "2/3", "nginx:1.25"))
    assert apps.kind == "apps" and apps.total == 2


async def test_list_services_ingresses_and_namespaces(kmock, cluster) -> None:
    network.service(kmock, "web", "shop", type="LoadBalancer", lb_ingress=[{"ip": "203.0.113.10"}])
    network.service(kmock, "api", "shop")
    network.ingress(
        kmock, "web", "shop", rules=[("shop.example.com", "/", "web", 80)], lb_ingress=[{"ip": "198.51.100.7"}]
    )
    for ns in ("staging", "shop"):
        objects.namespace(kmock, ns)
    services = await cluster.query(Command(intent=Intent.LIST_SERVICES))
    ingresses = await cluster.query(Command(intent=Intent.LIST_INGRESSES))
    namespaces = await cluster.query(Command(intent=Intent.LIST_NAMESPACES))
    assert services.rows == (
        ("api", "ClusterIP", "10.96.12.34", "<none>", "80/TCP", "2d"),
        ("web", "LoadBalancer", "10.96.12.34", "203.0.113.10", "80:30080/TCP", "2d"),
    )
    assert ingresses.rows == (("web", "nginx", "shop.example.com", "198.51.100.7", "24h"),)
    assert namespaces.rows == (("shop", "Active", "30d"), ("staging", "Active", "30d"))
    assert namespaces.namespace is None
    assert emulator.requests_of(kmock)[-1] == "GET /api/v1/namespaces"


async def test_help_is_not_a_cluster_query(cluster) -> None:
    with pytest.raises(ValueError):
        await cluster.query(Command(intent=Intent.HELP))
