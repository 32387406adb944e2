"""
Following one change's rollout on a real API server and controller manager.

The Deployment controller makes the ReplicaSets and counts; the kubelet stand-in reports the Pods'
states as a kubelet would (tests/support/kubelet.py). Each failure is made to happen as it would
in a cluster: an image that cannot be pulled, a container that keeps exiting, a progress deadline
that passes, a ResourceQuota that refuses the new Pods, and a change by someone else.
"""

from __future__ import annotations

from kubernetes import client

from intents.command import Command, Intent
from tests.support import kube_objects
from tests.support.kubelet import Fate, wait_until

POLL = 0.05


async def _follow(cluster, namespace: str, generation: int | None, *, app: str = "web", timeout: float = 20.0):
    return [p async for p in cluster.follow(app, namespace, generation=generation, poll=POLL, timeout=timeout)]


async def test_a_confirmed_scale_is_followed_to_done_not_as_someone_elses_change(real_cluster, kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    before = kube_objects.deployment(api, ns, "web", replicas=2)
    applied = await real_cluster.apply(Command(intent=Intent.SCALE, app="web", namespace=ns, replicas=4))
    # The scale subresource increments the generation; the follow waits for exactly that one.
    assert applied.generation == before.metadata.generation + 1
    seen = await _follow(real_cluster, ns, applied.generation)
    final = seen[-1]
    assert final.done and not final.superseded and not final.failed, final
    assert (final.ready, final.desired) == (4, 4)


async def test_a_deploy_to_an_image_that_cannot_be_pulled_fails_with_image_pull_back_off_and_the_image(
    real_cluster, kube_namespace
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", replicas=2)
    kube_namespace.kubelet.behave("web", Fate.IMAGE_PULL)
    applied = await real_cluster.apply(
        Command(intent=Intent.DEPLOY, app="web", namespace=ns, image="registry.example/missing:0")
    )
    final = (await _follow(real_cluster, ns, applied.generation))[-1]
    assert final.failed and not final.done and not final.timed_out
    assert final.reason == "ImagePullBackOff"
    assert final.cause is not None and final.cause.startswith(
        "ImagePullBackOff (image registry.example/missing:0, pod web-"
    )


async def test_a_container_that_keeps_exiting_fails_with_crash_loop_back_off_and_its_exit_code(
    real_cluster, kube_namespace
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", replicas=1)
    kube_namespace.kubelet.behave("web", Fate.CRASH_LOOP)
    applied = await real_cluster.apply(Command(intent=Intent.DEPLOY, app="web", namespace=ns, image="nginx:1.27"))
    final = (await _follow(real_cluster, ns, applied.generation))[-1]
    assert final.failed and final.reason == "CrashLoopBackOff"
    assert final.cause is not None and final.cause.startswith("CrashLoopBackOff (last exit code 1, pod web-")
    assert final.crashing[0].restarts == 4 and final.crashing[0].exit_code == 1


async def test_a_rollout_past_its_progress_deadline_fails_with_progress_deadline_exceeded(real_cluster, kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", replicas=1)
    apps = client.AppsV1Api(api)
    apps.patch_namespaced_deployment("web", ns, {"spec": {"progressDeadlineSeconds": 1}})
    kube_objects.wait_available(api, ns, "web")
    kube_namespace.kubelet.behave("web", Fate.NOT_READY)  # running, never ready: only the deadline ends it
    applied = await real_cluster.apply(Command(intent=Intent.DEPLOY, app="web", namespace=ns, image="nginx:1.27"))
    final = (await _follow(real_cluster, ns, applied.generation, timeout=30))[-1]
    assert final.failed and not final.timed_out and final.reason == "ProgressDeadlineExceeded"
    assert final.cause is not None and final.cause.startswith("ProgressDeadlineExceeded (ReplicaSet")


async def test_new_pods_refused_by_a_resource_quota_fail_the_rollout_with_the_quota(real_cluster, kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    core = client.CoreV1Api(api)
    core.create_namespaced_resource_quota(ns, {"metadata": {"name": "pods"}, "spec": {"hard": {"pods": "2"}}})
    wait_until(
        lambda: (core.read_namespaced_resource_quota("pods", ns).status.hard or {}).get("pods") == "2",
        what="the quota controller to count the namespace",
    )
    kube_objects.deployment(api, ns, "web", replicas=2)
    applied = await real_cluster.apply(Command(intent=Intent.DEPLOY, app="web", namespace=ns, image="nginx:1.27"))
    final = (await _follow(real_cluster, ns, applied.generation, timeout=30))[-1]
    assert final.failed and final.reason == "FailedCreate"
    assert final.cause is not None and "exceeded quota: pods" in final.cause, final.cause


async def test_a_change_by_someone_else_supersedes_ours_and_says_who(real_cluster, kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", replicas=1)
    kube_namespace.kubelet.behave("web", Fate.NOT_READY)  # ours does not finish before theirs
    ours = await real_cluster.apply(Command(intent=Intent.DEPLOY, app="web", namespace=ns, image="nginx:1.27"))
    client.AppsV1Api(api).patch_namespaced_deployment(
        "web",
        ns,
        {
            "metadata": {"annotations": {"kubernetes.io/change-cause": "hotfix by hand"}},
            "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.28"}]}}},
        },
        field_manager="kubectl-set",
    )
    final = (await _follow(real_cluster, ns, ours.generation))[-1]
    assert final.superseded and not final.done and not final.failed
    assert final.superseded_by == 'kubectl-set "hotfix by hand"'
    assert final.message.endswith('(by kubectl-set "hotfix by hand")')


async def test_old_pods_in_trouble_do_not_fail_the_new_rollout(real_cluster, kube_namespace):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_namespace.kubelet.behave("web", Fate.CRASH_LOOP)
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1, wait=False)
    wait_until(lambda: "crash-loop" in kube_namespace.kubelet.reported.values(), what="the old pod crash-looping")
    kube_namespace.kubelet.behave("web", Fate.READY)
    applied = await real_cluster.apply(Command(intent=Intent.DEPLOY, app="web", namespace=ns, image="nginx:1.27"))
    seen = await _follow(real_cluster, ns, applied.generation)
    assert seen[-1].done and not any(p.failed for p in seen)
