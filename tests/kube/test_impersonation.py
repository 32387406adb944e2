"""The cluster acting for a person: every call impersonates them, and the cluster's own RBAC decides."""

from __future__ import annotations

import pytest
from kubernetes import client

from cluster import Cluster, Identity, Permission, errors
from intents import Command, Intent
from tests.support import kube_objects, rbac
from tests.support.control_plane import create_namespace, delete_namespace, fresh_namespace_name

ALICE = Identity(user="slack:alice@example.com", groups=("slack:platform",))


@pytest.fixture
def other_namespace(kube_admin):
    name = fresh_namespace_name("prod")
    create_namespace(kube_admin, name)
    yield name
    delete_namespace(kube_admin, name)


@pytest.fixture
async def bot_cluster(kube_namespace, control_plane, tmp_path):
    """The bot as its ServiceAccount, allowed to impersonate only alice, slack:platform and slack:oncall."""
    account = rbac.service_account(kube_namespace.api, control_plane, kube_namespace.name, tmp_path)
    rbac.allow_impersonation(kube_namespace.api, account, users=[ALICE.user], groups=["slack:platform", "slack:oncall"])
    cluster = Cluster.from_config(kubeconfig=account.kubeconfig, default_namespace=kube_namespace.name)
    yield cluster
    await cluster.close()


async def test_a_person_scales_where_their_group_may_and_is_refused_elsewhere(
    kube_namespace, other_namespace, bot_cluster
):
    staging, production = kube_namespace.name, other_namespace
    for ns in (staging, production):
        kube_objects.deployment(kube_namespace.api, ns, "web", replicas=1, wait=False)
    rbac.team_role(kube_namespace.api, staging, group="slack:platform")
    alice = bot_cluster.acting_as(ALICE)

    assert await alice.missing(Intent.SCALE, staging) is None
    applied = await alice.apply(Command(intent=Intent.SCALE, app="web", namespace=staging, replicas=3))
    assert applied.plan.replicas_to == 3
    dep = client.AppsV1Api(kube_namespace.api).read_namespaced_deployment("web", staging)
    assert dep.spec.replicas == 3
    # The change is on record as alice's, not the bot's: the API server saw the impersonated user.
    managers = {m.manager for m in dep.metadata.managed_fields or []}
    assert "klepaas" in managers

    missing = await alice.missing(Intent.SCALE, production)
    assert missing == Permission(
        verb="patch", resource="deployments", namespace=production, group="apps", subresource="scale"
    )
    assert missing.what == "patch deployments/scale"
    with pytest.raises(errors.ClusterError):
        await alice.apply(Command(intent=Intent.SCALE, app="web", namespace=production, replicas=3))
    prod = client.AppsV1Api(kube_namespace.api).read_namespaced_deployment("web", production)
    assert prod.spec.replicas == 1


async def test_the_bots_account_cannot_be_made_to_act_as_anyone_else(kube_namespace, bot_cluster):
    kube_objects.deployment(kube_namespace.api, kube_namespace.name, "web", replicas=1, wait=False)
    rbac.team_role(kube_namespace.api, kube_namespace.name, group="system:masters-lookalike")
    command = Command(intent=Intent.SCALE, app="web", namespace=kube_namespace.name, replicas=4)
    for someone in (
        Identity(user="slack:mallory@example.com", groups=("slack:platform",)),  # a user not mapped
        Identity(user=ALICE.user, groups=("system:masters",)),  # a group not mapped
        Identity(user=ALICE.user, groups=("slack:platform", "system:masters-lookalike")),
        Identity(user="system:admin"),
    ):
        with pytest.raises(errors.Forbidden):
            await bot_cluster.acting_as(someone).apply(command)
    dep = client.AppsV1Api(kube_namespace.api).read_namespaced_deployment("web", kube_namespace.name)
    assert dep.spec.replicas == 1


async def test_every_group_is_its_own_header_and_the_bot_itself_stays_the_service_account(kube_namespace, bot_cluster):
    ns = kube_namespace.name
    kube_objects.deployment(kube_namespace.api, ns, "web", replicas=1, wait=False)
    rbac.team_role(kube_namespace.api, ns, group="slack:platform")
    # Only through the second group: a comma-joined header would have made one group "slack:x, slack:platform".
    two = Identity(user=ALICE.user, groups=("slack:oncall", "slack:platform"))
    assert await bot_cluster.acting_as(two).query(Command(intent=Intent.STATUS, app="web", namespace=ns))
    # The ServiceAccount itself has no Role here: the bot's own reads are refused, as RBAC says.
    with pytest.raises(errors.Forbidden):
        await bot_cluster.query(Command(intent=Intent.STATUS, app="web", namespace=ns))
    assert bot_cluster.acting_as(None) is bot_cluster
    assert bot_cluster.acting_as(two) is bot_cluster.acting_as(
        Identity(user=ALICE.user, groups=("slack:oncall", "slack:platform"))
    )
