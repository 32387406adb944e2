"""Watching a rollout on the real server (kubectl's `rollout status`): success, failure and giving up."""

from __future__ import annotations

from kubernetes import client

from intents.command import Command, Intent
from tests.support import kube_objects
from tests.support.kubelet import Fate


async def _collect(cluster, ns, **options):
    return [p async for p in cluster.watch("web", ns, poll=0.05, **options)]


async def test_watch_follows_a_rollout_to_success(real_cluster, kube_namespace) -> None:
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=2)
    await real_cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="1.27"))
    seen = await _collect(real_cluster, ns, timeout=20)
    final = seen[-1]
    assert final.done and not final.failed and final.revision == 2 and final.finished
    assert final.message == 'deployment "web" successfully rolled out'
    assert all(not p.done for p in seen[:-1])


async def test_watch_reports_a_progress_deadline_failure_with_crashing_pods(real_cluster, kube_namespace) -> None:
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    client.AppsV1Api(api).patch_namespaced_deployment("web", ns, {"spec": {"progressDeadlineSeconds": 1}})
    kube_objects.wait_available(api, ns, "web")
    kube_namespace.kubelet.behave("web", Fate.IMAGE_PULL)
    await real_cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="nginx:nope"))
    final = (await _collect(real_cluster, ns, timeout=30))[-1]
    assert final.failed and not final.done and final.reason == "ProgressDeadlineExceeded"
    assert final.message == 'deployment "web" exceeded its progress deadline'
    assert [c.reason for c in final.crashing] == ["ImagePullBackOff"]


async def test_watch_gives_up_at_the_timeout(real_cluster, kube_namespace) -> None:
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    kube_namespace.kubelet.behave("web", Fate.NOT_READY)
    await real_cluster.apply(Command(intent=Intent.RESTART, app="web"))
    seen = await _collect(real_cluster, ns, timeout=1.0)
    assert seen[-1].timed_out and not seen[-1].done and not seen[-1].failed and seen[-1].finished
    assert all(not p.timed_out for p in seen[:-1])
