"""
Mutating intents on the real API server: a dry-run plan first (nothing stored), then exactly that change.

The Deployment controller makes the ReplicaSets and revisions; `web` has three (nginx 1.23, 1.24,
1.25), rolled out as `kubectl set image` would. Every assertion reads the server back.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from kubernetes import client

from cluster import ChangeApplied, ChangePlan, Cluster, errors, images
from intents.command import Command, Intent
from tests.support import kube_objects
from tests.support.kubelet import wait_until


@pytest.fixture
def web(kube_namespace):
    return kube_objects.with_revisions(
        kube_namespace.api, kube_namespace.name, "web", ["nginx:1.23", "nginx:1.24", "nginx:1.25"]
    )


def read(kube_namespace, name: str = "web"):
    return client.AppsV1Api(kube_namespace.api).read_namespaced_deployment(name, kube_namespace.name)


def managers(kube_namespace, name: str = "web") -> set[str]:
    return {m.manager for m in read(kube_namespace, name).metadata.managed_fields or []}


# --- scale -------------------------------------------------------------------------------------


async def test_scale_plan_is_a_dry_run_on_the_scale_subresource(real_cluster, kube_namespace, web) -> None:
    ns = kube_namespace.name
    plan = await real_cluster.plan(Command(intent=Intent.SCALE, app="web", replicas=5))
    assert plan == ChangePlan(
        intent=Intent.SCALE, app="web", namespace=ns, revision_from=3, replicas_from=2, replicas_to=5
    )
    after = read(kube_namespace)
    assert after.spec.replicas == 2 and after.metadata.generation == web.metadata.generation  # nothing stored
    assert "klepaas" not in managers(kube_namespace)


async def test_scale_apply_sets_the_replicas_through_the_scale_subresource_once(
    real_cluster, kube_namespace, web
) -> None:
    plan = await real_cluster.plan(Command(intent=Intent.SCALE, app="web", replicas=5))
    applied = await real_cluster.apply(plan)
    after = read(kube_namespace)
    assert applied == ChangeApplied(
        plan=plan, revision_before=3, replicas_before=2, generation=web.metadata.generation + 1
    )
    assert after.spec.replicas == 5 and after.metadata.generation == web.metadata.generation + 1
    ours = [m for m in after.metadata.managed_fields if m.manager == "klepaas"]
    assert [(m.operation, m.subresource) for m in ours] == [("Update", "scale")]


async def test_scale_without_replicas_is_a_missing_argument(real_cluster, web) -> None:
    with pytest.raises(errors.MissingArgument) as caught:
        await real_cluster.plan(Command(intent=Intent.SCALE, app="web"))
    assert caught.value.argument == "replicas"


# --- restart -----------------------------------------------------------------------------------


async def test_restart_sets_the_restarted_at_annotation(control_plane, kube_namespace, web) -> None:
    moment = datetime(2026, 11, 22, 1, 49, 50, tzinfo=UTC)
    cluster = Cluster(control_plane.api_client(), default_namespace=kube_namespace.name, clock=lambda: moment)
    try:
        plan = await cluster.plan(Command(intent=Intent.RESTART, app="web"))
        assert read(kube_namespace).spec.template.metadata.annotations is None  # the plan was a dry run
        applied = await cluster.apply(plan)
    finally:
        await cluster.close()
    assert applied.restarted_at == "2026-11-22T01:49:50Z" and applied.revision_before == 3
    template = read(kube_namespace).spec.template
    assert template.metadata.annotations == {"kubectl.kubernetes.io/restartedAt": "2026-11-22T01:49:50Z"}
    assert template.spec.containers[0].image == "nginx:1.25"
    kube_objects.wait_available(kube_namespace.api, kube_namespace.name, "web")
    assert read(kube_namespace).metadata.annotations["deployment.kubernetes.io/revision"] == "4"


async def test_restart_refuses_a_paused_deployment_without_changing_it(real_cluster, kube_namespace) -> None:
    kube_objects.paused(kube_namespace.api, kube_namespace.name, "web")
    with pytest.raises(errors.Paused) as caught:
        await real_cluster.plan(Command(intent=Intent.RESTART, app="web"))
    assert (caught.value.app, caught.value.namespace) == ("web", kube_namespace.name)
    assert "klepaas" not in managers(kube_namespace)


# --- deploy ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "given", "expected"),
    [
        ("registry.local:5000/team/web:1.25", "1.27", "registry.local:5000/team/web:1.27"),
        ("registry.local:5000/team/web:1.25", ":1.27", "registry.local:5000/team/web:1.27"),
        ("registry.local:5000/team/web", "canary", "registry.local:5000/team/web:canary"),
        ("web@sha256:" + "b" * 64, "@sha256:" + "a" * 64, "web@sha256:" + "a" * 64),
        ("nginx:1.25", "nginx", "nginx"),
        ("nginx:1.25", "ghcr.io/acme/web:2.0", "ghcr.io/acme/web:2.0"),
    ],
    ids=["bare-tag", "colon-tag", "untagged-current", "digest", "repository-name", "full-reference"],
)
def test_image_reference_keeps_the_repository_for_a_tag(current, given, expected) -> None:
    assert images.reference(current, given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [("1.27", "registry.local:5000/team/web:1.27"), ("ghcr.io/acme/web:2.0", "ghcr.io/acme/web:2.0")],
    ids=["bare-tag", "full-reference"],
)
async def test_deploy_with_a_bare_tag_keeps_the_repository(real_cluster, kube_namespace, given, expected) -> None:
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "registry.local:5000/team/web:1.25", replicas=1)
    plan = await real_cluster.plan(Command(intent=Intent.DEPLOY, app="web", image=given))
    assert (plan.container, plan.image_from, plan.image_to) == ("web", "registry.local:5000/team/web:1.25", expected)
    assert kube_objects.image_of(api, ns, "web") == ["registry.local:5000/team/web:1.25"]  # a dry run


async def test_deploy_apply_merges_the_container_by_name(real_cluster, kube_namespace, web) -> None:
    applied = await real_cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="1.27"))
    assert applied.image_before == "nginx:1.25" and applied.plan.image_to == "nginx:1.27"
    (container,) = read(kube_namespace).spec.template.spec.containers
    assert (container.name, container.image) == ("web", "nginx:1.27")
    assert applied.generation == read(kube_namespace).metadata.generation


async def test_deploy_to_several_containers_is_ambiguous_unless_one_is_named(real_cluster, kube_namespace) -> None:
    api, ns = kube_namespace.api, kube_namespace.name
    body = {
        "metadata": {"name": "web"},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {
                    "containers": [
                        {"name": "web", "image": "acme/web:1.0"},
                        {"name": "proxy", "image": "envoyproxy/envoy:v1.30"},
                    ]
                },
            },
        },
    }
    client.AppsV1Api(api).create_namespaced_deployment(ns, body)
    with pytest.raises(errors.AmbiguousContainer) as caught:
        await real_cluster.plan(Command(intent=Intent.DEPLOY, app="web", image="1.1"))
    assert caught.value.containers == ("web", "proxy")
    named = await real_cluster.plan(Command(intent=Intent.DEPLOY, app="web", image="v1.31"), container="proxy")
    assert (named.container, named.image_to) == ("proxy", "envoyproxy/envoy:v1.31")
    by_repository = await real_cluster.plan(Command(intent=Intent.DEPLOY, app="web", image="acme/web:1.1"))
    assert by_repository.container == "web"
    assert kube_objects.image_of(api, ns, "web") == ["acme/web:1.0", "envoyproxy/envoy:v1.30"]


async def test_deploy_of_the_running_image_is_a_noop(real_cluster, kube_namespace, web) -> None:
    plan = await real_cluster.plan(Command(intent=Intent.DEPLOY, app="web", image="nginx:1.25"))
    assert plan.noop and "klepaas" not in managers(kube_namespace)


# --- rollback ----------------------------------------------------------------------------------


async def test_rollback_to_the_previous_revision_brings_its_template_back(real_cluster, kube_namespace, web) -> None:
    api, ns = kube_namespace.api, kube_namespace.name
    # Added after revision 2 was made: as with `kubectl rollout undo`, the revision's annotations replace it.
    client.AppsV1Api(api).patch_namespaced_deployment("web", ns, {"metadata": {"annotations": {"owner": "team-a"}}})
    plan = await real_cluster.plan(Command(intent=Intent.ROLLBACK, app="web"))
    assert (plan.revision_from, plan.revision_to, plan.image_from, plan.image_to) == (3, 2, "nginx:1.25", "nginx:1.24")
    assert kube_objects.image_of(api, ns, "web") == ["nginx:1.25"]  # a dry run
    applied = await real_cluster.apply(plan)
    assert applied.revision_before == 3 and applied.image_before == "nginx:1.25"
    kube_objects.wait_available(api, ns, "web")
    after = read(kube_namespace)
    assert [c.image for c in after.spec.template.spec.containers] == ["nginx:1.24"]
    # kubectl's undo: revision 2's ReplicaSet becomes revision 4, and its annotations become the Deployment's.
    assert after.metadata.annotations["deployment.kubernetes.io/revision"] == "4"
    assert "owner" not in after.metadata.annotations


async def test_rollback_to_a_given_revision_uses_that_revision(real_cluster, kube_namespace, web) -> None:
    api, ns = kube_namespace.api, kube_namespace.name
    plan = await real_cluster.plan(Command(intent=Intent.ROLLBACK, app="web", revision=1))
    assert (plan.revision_to, plan.image_to) == (1, "nginx:1.23")
    await real_cluster.apply(plan)
    kube_objects.wait_available(api, ns, "web")
    assert kube_objects.image_of(api, ns, "web") == ["nginx:1.23"]
    # The controller reuses revision 1's ReplicaSet as revision 4, which undo then sees as current.
    assert read(kube_namespace).metadata.annotations["deployment.kubernetes.io/revision"] == "4"
    again = await real_cluster.plan(Command(intent=Intent.ROLLBACK, app="web"))
    assert (again.revision_from, again.revision_to, again.image_to) == (4, 3, "nginx:1.25")


async def test_rollback_to_a_missing_revision_names_the_available_ones(real_cluster, kube_namespace, web) -> None:
    with pytest.raises(errors.NoRevision) as caught:
        await real_cluster.plan(Command(intent=Intent.ROLLBACK, app="web", revision=7))
    assert (caught.value.revision, caught.value.available) == (7, (1, 2, 3))
    assert "klepaas" not in managers(kube_namespace)


async def test_rollback_without_history_is_no_revision(real_cluster, kube_namespace) -> None:
    kube_objects.deployment(kube_namespace.api, kube_namespace.name, "web", replicas=1)
    with pytest.raises(errors.NoRevision) as caught:
        await real_cluster.plan(Command(intent=Intent.ROLLBACK, app="web"))
    assert (caught.value.revision, caught.value.available) == (None, (1,))


async def test_rollback_ignores_replica_sets_another_deployment_controls(real_cluster, kube_namespace, web) -> None:
    api, ns = kube_namespace.api, kube_namespace.name
    # A canary Deployment whose pods also carry app=web: its ReplicaSet matches web's selector, but the
    # canary controls it (an orphan would be adopted by web's controller). Its revision is made the highest.
    labels = {"app": "web", "track": "canary"}
    apps = client.AppsV1Api(api)
    apps.create_namespaced_deployment(
        ns,
        {
            "metadata": {"name": "web-canary"},
            "spec": {
                "replicas": 1,
                "selector": {"matchLabels": labels},
                "template": {
                    "metadata": {"labels": labels},
                    "spec": {"containers": [{"name": "web", "image": "evil:1"}]},
                },
            },
        },
    )
    wait_until(lambda: bool(apps.list_namespaced_replica_set(ns, label_selector="track=canary").items))
    (canary,) = apps.list_namespaced_replica_set(ns, label_selector="track=canary").items
    apps.patch_namespaced_replica_set(
        canary.metadata.name, ns, {"metadata": {"annotations": {"deployment.kubernetes.io/revision": "9"}}}
    )
    plan = await real_cluster.plan(Command(intent=Intent.ROLLBACK, app="web"))
    assert (plan.revision_to, plan.image_to) == (2, "nginx:1.24")


async def test_rollback_to_the_current_revision_is_a_noop(real_cluster, kube_namespace, web) -> None:
    plan = await real_cluster.plan(Command(intent=Intent.ROLLBACK, app="web", revision=3))
    assert plan.noop and plan.revision_to == 3
    assert "klepaas" not in managers(kube_namespace)


async def test_rollback_refuses_a_paused_deployment(real_cluster, kube_namespace) -> None:
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "a:1", replicas=1)
    kube_objects.set_image(api, ns, "web", "a:2")
    kube_objects.wait_available(api, ns, "web")
    client.AppsV1Api(api).patch_namespaced_deployment("web", ns, {"spec": {"paused": True}})
    with pytest.raises(errors.Paused):
        await real_cluster.plan(Command(intent=Intent.ROLLBACK, app="web"))
    assert kube_objects.image_of(api, ns, "web") == ["a:2"]
