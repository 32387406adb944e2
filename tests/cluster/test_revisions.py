"""`history` on the real server: an app's revisions from the ReplicaSets the controller made, newest first."""

from __future__ import annotations

import pytest
from kubernetes import client

from intents.command import Command, Intent
from tests.support import kube_objects


@pytest.fixture
def web(kube_namespace):
    return kube_objects.with_revisions(
        kube_namespace.api, kube_namespace.name, "web", ["nginx:1.23", "nginx:1.24", "nginx:1.25"], replicas=1
    )


async def test_revisions_are_newest_first_with_image_time_and_current(real_cluster, web) -> None:
    found = await real_cluster.revisions(Command(intent=Intent.STATUS, app="web"))
    assert [(r.revision, r.image, r.current) for r in found] == [
        (3, "nginx:1.25", True),
        (2, "nginx:1.24", False),
        (1, "nginx:1.23", False),
    ]
    assert all(r.created is not None for r in found) and found[0].created >= found[-1].created


async def test_the_change_cause_annotation_is_read(real_cluster, kube_namespace) -> None:
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.24", replicas=1)
    # What `kubectl annotate deployment/web kubernetes.io/change-cause=...` before a change leaves behind:
    # the controller copies it onto the new revision's ReplicaSet.
    client.AppsV1Api(api).patch_namespaced_deployment(
        "web", ns, {"metadata": {"annotations": {"kubernetes.io/change-cause": "kubectl set image web=nginx:1.25"}}}
    )
    kube_objects.set_image(api, ns, "web", "nginx:1.25")
    kube_objects.wait_available(api, ns, "web")
    (newest, *_) = await real_cluster.revisions(Command(intent=Intent.STATUS, app="web"))
    assert (newest.revision, newest.change_cause) == (2, "kubectl set image web=nginx:1.25")


async def test_the_limit_keeps_the_newest(real_cluster, web) -> None:
    found = await real_cluster.revisions(Command(intent=Intent.STATUS, app="web"), limit=2)
    assert [r.revision for r in found] == [3, 2]
