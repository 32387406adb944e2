"""From Slack to the real control plane: a person's command acts with their own RBAC, refusals are explained first."""

from __future__ import annotations

import json

import pytest
from kubernetes import client
from sqlalchemy import select

from bot.policy.rules import Policy
from bot.storage import AuditEntry
from bot.storage.change_models import PendingChange
from cluster import Cluster
from tests.support import kube_objects, rbac
from tests.support.bot import make_clients, make_settings, start_bot
from tests.support.control_plane import create_namespace, delete_namespace, fresh_namespace_name

POLICY = """
roles:
  deployer:
    groups: [S0DEPLOYS]
    allow: [restart, scale, rollback, deploy]
    namespaces: [{production}]
impersonation:
  users:
    U0ALICE01: "slack:alice@example.com"
  groups:
    S0PLATFORM: ["slack:platform"]
"""


@pytest.fixture
def production(kube_admin):
    name = fresh_namespace_name("prod")
    create_namespace(kube_admin, name)
    yield name
    delete_namespace(kube_admin, name)


@pytest.fixture
async def bot(kube_namespace, production, control_plane, fake_slack, tmp_path):
    account = rbac.service_account(kube_namespace.api, control_plane, kube_namespace.name, tmp_path)
    rbac.allow_impersonation(kube_namespace.api, account, users=["slack:alice@example.com"], groups=["slack:platform"])
    rbac.team_role(kube_namespace.api, kube_namespace.name, group="slack:platform")
    fake_slack.usergroups["S0PLATFORM"] = ["U0ALICE01"]
    cluster = Cluster.from_config(kubeconfig=account.kubeconfig, default_namespace=kube_namespace.name)
    settings = make_settings(fake_slack, str(tmp_path / "klepaas.db"))
    clients = await make_clients(settings, cluster=cluster, policy=Policy.parse(POLICY.format(production=production)))
    clients.closers.append(cluster.close)
    running = await start_bot(clients, rollout_poll=0.1)
    yield running
    await running.stop()


async def audits(bot) -> list[tuple[str, str | None, str, dict | None]]:
    async with bot.clients.db.session() as session:
        found = (await session.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars()
        return [(a.action, a.user_id, a.outcome, a.detail) for a in found]


async def test_a_mapped_person_scales_where_their_group_may_and_is_told_why_not_elsewhere(
    bot, kube_namespace, production, fake_slack
):
    staging = kube_namespace.name
    kube_objects.deployment(kube_namespace.api, staging, "web", replicas=1)
    kube_objects.deployment(kube_namespace.api, production, "web", replicas=1, wait=False)

    await bot.sender.slash(f"scale web 3 -n {production}", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 1, timeout=15)
    assert fake_slack.hooks[-1].args["text"] == (
        f"you (slack:alice@example.com) may not patch deployments/scale in {production}: ask for the `deployer` role"
    )
    korean = "web 파드 3개로 늘려줘 -n " + production
    await bot.sender.slash(korean, response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 2, timeout=15)
    assert fake_slack.hooks[-1].args["text"].startswith("당신(slack:alice@example.com)은")

    await bot.sender.slash(f"scale web 3 -n {staging}", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.posts()) >= 1, timeout=15)
    async with bot.clients.db.session() as session:
        (pending,) = (await session.execute(select(PendingChange))).scalars()
    await bot.sender.click("confirm", pending.id, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
    await bot.settle(timeout=30)

    apps = client.AppsV1Api(kube_namespace.api)
    assert apps.read_namespaced_deployment("web", staging).spec.replicas == 3
    assert apps.read_namespaced_deployment("web", production).spec.replicas == 1
    rows = await audits(bot)
    denied = [d for action, _, outcome, d in rows if (action, outcome) == ("scale", "denied")]
    assert [d["identity"] for d in denied] == ["slack:alice@example.com"] * 2
    assert ("confirm", "U0ALICE01", "ok", {"pending_id": pending.id, "identity": "slack:alice@example.com"}) in rows


async def test_a_person_without_a_kubernetes_identity_gets_nothing_from_the_cluster(bot, kube_namespace, fake_slack):
    kube_objects.deployment(kube_namespace.api, kube_namespace.name, "web", replicas=1, wait=False)
    await bot.sender.slash("status web", response_url=fake_slack.hook_url(), user="U0MALLORY")
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 1, timeout=15)
    assert "has no Kubernetes identity" in fake_slack.hooks[-1].args["text"]


async def test_a_tampered_group_in_a_button_value_changes_nothing(bot, kube_namespace, production, fake_slack):
    kube_objects.deployment(kube_namespace.api, production, "web", replicas=1, wait=False)
    staging = kube_namespace.name
    kube_objects.deployment(kube_namespace.api, staging, "web", replicas=1, wait=False)
    await bot.sender.slash(f"scale web 4 -n {staging}", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.posts()) >= 1, timeout=15)
    async with bot.clients.db.session() as session:
        (pending,) = (await session.execute(select(PendingChange))).scalars()
    tampered = [
        json.dumps({"id": pending.id, "groups": ["system:masters"]}),
        f"{pending.id}|Impersonate-Group: system:masters",
        pending.id.replace(pending.id[-1], "0" if pending.id[-1] != "0" else "1"),
    ]
    for value in tampered:
        await bot.sender.click("confirm", value, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
    await bot.sender.click(  # a real id, from someone the policy does not map
        "confirm", pending.id, response_url=fake_slack.hook_url(), user="U0MALLORY", message_ts=pending.message_ts
    )
    await bot.settle(timeout=30)
    apps = client.AppsV1Api(kube_namespace.api)
    assert apps.read_namespaced_deployment("web", staging).spec.replicas == 1
    assert apps.read_namespaced_deployment("web", production).spec.replicas == 1
    outcomes = [(a, u, o) for a, u, o, _ in await audits(bot) if a == "confirm"]
    # NB: each click is answered at its ack and worked on after it: the rows of clicks sent one after another
    # may be written in any order
    assert sorted(outcomes) == [("confirm", "U0ALICE01", "missing")] * 3 + [("confirm", "U0MALLORY", "denied")]
