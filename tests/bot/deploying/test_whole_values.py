"""A trailing newline in a CI deploy's image or a GitHub head_sha is a 400 with nothing stored or sent;
an accepted deploy stores, audits and shows exactly the image the cluster got.

On the real control plane: "nothing sent" is read from the Deployment itself (its generation and image
are what they were).
"""

from __future__ import annotations

import json

from kubernetes import client

from bot.storage import AuditEntry
from bot.storage.change_models import DeploymentRecord
from bot.storage.deploy_models import DeployRun, WebhookDelivery
from deploys import DeployRules
from tests.bot.deploying.conftest import CHANNEL, SECRET, TOKEN, eventually, fixture, post_ci, post_github, rows
from tests.support import kube_objects
from tests.support.real_bot import start_real_bot

RULES = """
channel: "C0DEPLOYS"
deploys:
  - {{repo: acme/web, events: [workflow_run], app: web, namespace: {namespace}, image: "ghcr.io/acme/web:{{sha}}"}}
"""


def body(namespace: str, **changed: str) -> dict[str, str]:
    values = {"app": "web", "namespace": namespace, "image": "nginx:1.27", "commit": "0123abc", "author": "alice"}
    return {**values, **changed}


async def _start(control_plane, kube_namespace, fake_slack, tmp_path):
    """`web` at nginx:1.25, and a bot whose deploy rules map acme/web's CI runs onto it."""
    kube_objects.deployment(kube_namespace.api, kube_namespace.name, "web", "nginx:1.25", replicas=1)
    return await start_real_bot(
        control_plane,
        kube_namespace.name,
        fake_slack,
        tmp_path,
        deploy_rules=DeployRules.from_yaml(RULES.format(namespace=kube_namespace.name)),
        GITHUB_WEBHOOK_SECRET=SECRET,
        KLEPAAS_DEPLOY_TOKEN=TOKEN,
        KLEPAAS_ROLLOUT_TIMEOUT=30,
    )


def _web(kube_namespace) -> client.V1Deployment:
    return client.AppsV1Api(kube_namespace.api).read_namespaced_deployment("web", kube_namespace.name)


async def _nothing_stored_or_sent(bot, kube_namespace, fake_slack, generation: int) -> None:
    await bot.settle()
    assert await rows(bot, DeployRun) == [] and await rows(bot, WebhookDelivery) == []
    assert await rows(bot, AuditEntry) == []
    web = _web(kube_namespace)
    assert (web.metadata.generation, web.spec.template.spec.containers[0].image) == (generation, "nginx:1.25")
    assert fake_slack.calls == [] or all(c.method == "auth.test" for c in fake_slack.calls)


async def test_an_image_with_a_trailing_newline_is_refused(control_plane, kube_namespace, fake_slack, tmp_path):
    bot = await _start(control_plane, kube_namespace, fake_slack, tmp_path)
    try:
        generation = _web(kube_namespace).metadata.generation
        status, answer = await post_ci(bot, body(kube_namespace.name, image="nginx:1.27\n"))
        assert status == 400 and answer["problems"][0].startswith("image:")
        status, answer = await post_ci(bot, body(kube_namespace.name, commit="0123abc\n"))
        assert status == 400 and answer["problems"][0].startswith("commit:")
        await _nothing_stored_or_sent(bot, kube_namespace, fake_slack, generation)
    finally:
        await bot.stop()


async def test_a_head_sha_with_a_trailing_newline_is_refused(control_plane, kube_namespace, fake_slack, tmp_path):
    bot = await _start(control_plane, kube_namespace, fake_slack, tmp_path)
    try:
        generation = _web(kube_namespace).metadata.generation
        event = json.loads(fixture("workflow_run.completed"))
        event["workflow_run"]["head_sha"] = "0123abc\n"
        status, answer = await post_github(bot, "workflow_run", json.dumps(event).encode())
        assert status == 400 and any("head_sha" in p for p in answer["problems"])
        await _nothing_stored_or_sent(bot, kube_namespace, fake_slack, generation)
    finally:
        await bot.stop()


async def test_the_image_stored_audited_and_shown_is_the_image_applied(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    bot = await _start(control_plane, kube_namespace, fake_slack, tmp_path)
    try:
        status, answer = await post_ci(bot, body(kube_namespace.name))
        assert status == 202

        async def applied() -> bool:
            async with bot.clients.db.session() as session:
                return (await session.get(DeployRun, answer["deploy"])).state not in ("queued", "approving")

        await eventually(applied, timeout=20)
        await bot.settle(timeout=30)
        applied_image = _web(kube_namespace).spec.template.spec.containers[0].image
        (run,) = await rows(bot, DeployRun)
        (record,) = await rows(bot, DeploymentRecord)
        audited = {a.detail.get("image") for a in await rows(bot, AuditEntry) if a.action == "deploy"}
        shown = json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)])
        assert applied_image == run.image == record.image_after == "nginx:1.27" and audited == {"nginx:1.27"}
        assert run.commit == "0123abc" and "`0123abc`" in shown  # the message names the build by its commit
    finally:
        await bot.stop()
