"""Mutating intents: a dry-run plan first, then exactly that change."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cluster import ChangeApplied, ChangePlan, errors, images
from intents.command import Command, Intent
from playground.cluster import controller, emulator, objects, resources

WEB = "/apis/apps/v1/namespaces/shop/deployments/web"
RS_LIST = "/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dweb"
SMP = "application/strategic-merge-patch+json"
JSON_PATCH = "application/json-patch+json"


def patches(kmock) -> list:
    return [r for r in kmock if r.method.value.upper() == "PATCH"]


def image_of(kmock, name: str = "web") -> list[str]:
    return [
        c["image"]
        for c in kmock.objects[resources.DEPLOYMENTS, "shop", name].raw["spec"]["template"]["spec"]["containers"]
    ]


# --- scale -------------------------------------------------------------------------------------


async def test_scale_plan_is_a_dry_run_on_the_scale_subresource(kmock, cluster, web) -> None:
    plan = await cluster.plan(Command(intent=Intent.SCALE, app="web", replicas=5))
    assert plan == ChangePlan(
        intent=Intent.SCALE, app="web", namespace="shop", revision_from=3, replicas_from=2, replicas_to=5
    )
    assert emulator.requests_of(kmock) == [f"GET {WEB}", f"PATCH {WEB}/scale?dryRun=All&fieldManager=klepaas"]
    (patch,) = patches(kmock)
    assert patch.data == {"spec": {"replicas": 5}}
    assert patch.headers["Content-Type"] == SMP
    assert kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw["spec"]["replicas"] == 2  # dry run stored nothing


async def test_scale_apply_patches_the_scale_subresource_once(kmock, cluster, web) -> None:
    plan = await cluster.plan(Command(intent=Intent.SCALE, app="web", replicas=5))
    applied = await cluster.apply(plan)
    assert applied == ChangeApplied(plan=plan, revision_before=3, replicas_before=2, generation=4)
    assert emulator.requests_of(kmock)[2:] == [f"GET {WEB}", f"PATCH {WEB}/scale?fieldManager=klepaas"]
    assert patches(kmock)[-1].data == {"spec": {"replicas": 5}}
    assert kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw["spec"]["replicas"] == 5


async def test_scale_without_replicas_is_a_missing_argument(cluster, web) -> None:
    with pytest.raises(errors.MissingArgument) as caught:
        await cluster.plan(Command(intent=Intent.SCALE, app="web"))
    assert caught.value.argument == "replicas"


# --- restart -----------------------------------------------------------------------------------


async def test_restart_patches_the_restarted_at_annotation(kmock, web) -> None:
    moment = datetime(2026, 11, 22, 1, 49, 50, tzinfo=UTC)
    cluster = emulator.cluster_for(kmock, default_namespace="shop", clock=lambda: moment)
    plan = await cluster.plan(Command(intent=Intent.RESTART, app="web"))
    applied = await cluster.apply(plan)
    body = {
        "spec": {
            "template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": "2026-11-22T01:49:50Z"}}}
        }
    }
    assert [p.url.path_qs for p in patches(kmock)] == [
        f"{WEB}?dryRun=All&fieldManager=klepaas",
        f"{WEB}?fieldManager=klepaas",
    ]
    assert [p.data for p in patches(kmock)] == [body, body]
    assert {p.headers["Content-Type"] for p in patches(kmock)} == {SMP}
    assert applied.restarted_at == "2026-11-22T01:49:50Z" and applied.revision_before == 3
    template = kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw["spec"]["template"]
    assert template["metadata"]["annotations"] == {"kubectl.kubernetes.io/restartedAt": "2026-11-22T01:49:50Z"}
    assert template["spec"]["containers"][0]["image"] == "nginx:1.25"
    await cluster.close()


async def test_restart_refuses_a_paused_deployment_without_patching(kmock, cluster) -> None:
    objects.deployment(kmock, "web", "shop", paused=True)
    with pytest.raises(errors.Paused) as caught:
        await cluster.plan(Command(intent=Intent.RESTART, app="web"))
    assert (caught.value.app, caught.value.namespace) == ("web", "shop")
    assert patches(kmock) == []


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
async def test_deploy_with_a_bare_tag_keeps_the_repository(kmock, cluster, given, expected) -> None:
    objects.deployment(kmock, "web", "shop", image="registry.local:5000/team/web:1.25")
    plan = await cluster.plan(Command(intent=Intent.DEPLOY, app="web", image=given))
    assert (plan.container, plan.image_from, plan.image_to) == ("web", "registry.local:5000/team/web:1.25", expected)
    (dry,) = patches(kmock)
    assert dry.url.query["dryRun"] == "All"
    assert dry.data == {"spec": {"template": {"spec": {"containers": [{"name": "web", "image": expected}]}}}}
    assert image_of(kmock) == ["registry.local:5000/team/web:1.25"]


async def test_deploy_apply_merges_the_container_by_name(kmock, cluster, web) -> None:
    applied = await cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="1.27"))
    assert applied.image_before == "nginx:1.25" and applied.plan.image_to == "nginx:1.27"
    assert [p.url.query.get("dryRun") for p in patches(kmock)] == ["All", None]
    container = kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw["spec"]["template"]["spec"]["containers"][0]
    assert container == {"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}


async def test_deploy_to_several_containers_is_ambiguous_unless_one_is_named(kmock, cluster) -> None:
    objects.deployment(
        kmock,
        "web",
        "shop",
        containers=[{"name": "web", "image": "acme/web:1.0"}, {"name": "proxy", "image": "envoyproxy/envoy:v1.30"}],
    )
    with pytest.raises(errors.AmbiguousContainer) as caught:
        await cluster.plan(Command(intent=Intent.DEPLOY, app="web", image="1.1"))
    assert caught.value.containers == ("web", "proxy")
    assert patches(kmock) == []
    named = await cluster.plan(Command(intent=Intent.DEPLOY, app="web", image="v1.31"), container="proxy")
    assert (named.container, named.image_to) == ("proxy", "envoyproxy/envoy:v1.31")
    by_repository = await cluster.plan(Command(intent=Intent.DEPLOY, app="web", image="acme/web:1.1"))
    assert by_repository.container == "web"


async def test_deploy_of_the_running_image_is_a_noop_without_dry_run(kmock, cluster, web) -> None:
    plan = await cluster.plan(Command(intent=Intent.DEPLOY, app="web", image="nginx:1.25"))
    assert plan.noop and patches(kmock) == []


# --- rollback ----------------------------------------------------------------------------------


def undo_body(kmock, image: str) -> list:
    return [
        {
            "op": "replace",
            "path": "/spec/template",
            "value": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "web", "image": image, "ports": [{"containerPort": 80}]}]},
            },
        },
        {
            "op": "replace",
            "path": "/metadata/annotations",
            "value": {"deployment.kubernetes.io/revision": "3", "owner": "team-a"},
        },
    ]


async def test_rollback_to_the_previous_revision_json_patches_its_template(kmock, cluster) -> None:
    objects.deployment(
        kmock, "web", "shop", revisions=["nginx:1.23", "nginx:1.24", "nginx:1.25"], annotations={"owner": "team-a"}
    )
    for rs in objects.replica_sets_of(
        kmock, {"metadata": kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw["metadata"]}
    ):
        kmock.objects[resources.REPLICASETS, "shop", rs["metadata"]["name"]].patch(
            {"metadata": {"annotations": {"owner": "team-a"}}}
        )
    plan = await cluster.plan(Command(intent=Intent.ROLLBACK, app="web"))
    assert (plan.revision_from, plan.revision_to, plan.image_from, plan.image_to) == (3, 2, "nginx:1.25", "nginx:1.24")
    applied = await cluster.apply(plan)
    assert emulator.requests_of(kmock) == [
        f"GET {WEB}",
        f"GET {RS_LIST}",
        f"PATCH {WEB}?dryRun=All&fieldManager=klepaas",
        f"GET {WEB}",
        f"GET {RS_LIST}",
        f"PATCH {WEB}?fieldManager=klepaas",
    ]
    assert [p.data for p in patches(kmock)] == [undo_body(kmock, "nginx:1.24")] * 2
    assert {p.headers["Content-Type"] for p in patches(kmock)} == {JSON_PATCH}
    assert applied.revision_before == 3 and applied.image_before == "nginx:1.25"
    assert image_of(kmock) == ["nginx:1.24"]


async def test_rollback_to_a_given_revision_uses_that_revision(kmock, cluster, web) -> None:
    plan = await cluster.plan(Command(intent=Intent.ROLLBACK, app="web", revision=1))
    assert (plan.revision_to, plan.image_to) == (1, "nginx:1.23")
    await cluster.apply(plan)
    assert patches(kmock)[-1].data[0]["value"]["spec"]["containers"][0]["image"] == "nginx:1.23"
    # The controller reuses revision 1's ReplicaSet as revision 4, which undo then sees as current.
    controller.roll(kmock, "web", "shop")
    assert kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw["metadata"]["annotations"][resources.REVISION] == "4"
    again = await cluster.plan(Command(intent=Intent.ROLLBACK, app="web"))
    assert (again.revision_from, again.revision_to, again.image_to) == (4, 3, "nginx:1.25")


async def test_rollback_to_a_missing_revision_names_the_available_ones(kmock, cluster, web) -> None:
    with pytest.raises(errors.NoRevision) as caught:
        await cluster.plan(Command(intent=Intent.ROLLBACK, app="web", revision=7))
    assert (caught.value.revision, caught.value.available) == (7, (1, 2, 3))
    assert patches(kmock) == []


async def test_rollback_without_history_is_no_revision(kmock, cluster) -> None:
    objects.deployment(kmock, "web", "shop")
    with pytest.raises(errors.NoRevision) as caught:
        await cluster.plan(Command(intent=Intent.ROLLBACK, app="web"))
    assert (caught.value.revision, caught.value.available) == (None, (1,))


async def test_rollback_ignores_replica_sets_another_deployment_controls(kmock, cluster, web) -> None:
    stranger = {"metadata": {"name": "web", "namespace": "shop", "uid": "someone-else"}}
    template = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "evil:1"}]}}
    objects.replica_set(kmock, stranger, template, revision=9, replicas=0)
    plan = await cluster.plan(Command(intent=Intent.ROLLBACK, app="web"))
    assert (plan.revision_to, plan.image_to) == (2, "nginx:1.24")


async def test_rollback_to_the_current_revision_is_a_noop(kmock, cluster, web) -> None:
    plan = await cluster.plan(Command(intent=Intent.ROLLBACK, app="web", revision=3))
    assert plan.noop and plan.revision_to == 3
    assert patches(kmock) == []


async def test_rollback_refuses_a_paused_deployment(kmock, cluster) -> None:
    objects.deployment(kmock, "web", "shop", paused=True, revisions=["a:1", "a:2"])
    with pytest.raises(errors.Paused):
        await cluster.plan(Command(intent=Intent.ROLLBACK, app="web"))
    assert patches(kmock) == []
