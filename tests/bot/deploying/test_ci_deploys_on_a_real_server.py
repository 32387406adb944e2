"""
Deploys from CI and deploys made outside the bot, on a real API server and controller manager.

A GitHub workflow_run (signed as GitHub signs it) or any CI's bearer-token request deploys the mapped
image; the run's one message ends with Kubernetes' reason and a Rollback that, once confirmed, brings
the old image back. A `kubectl set image` outside the bot is announced once, with Rollback; the bot's
own deploy is not. The kubelet stand-in reports the Pods (tests/support/kubelet.py).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from kubernetes import client
from sqlalchemy import select

from bot.storage.change_models import PendingChange
from bot.storage.deploy_models import DeployAnnouncement, DeployRun
from deploys import DeployRules
from tests.bot.deploying.conftest import SECRET, SHA, TOKEN, buttons, eventually, fixture, post_ci, post_github, rows
from tests.support import kube_objects
from tests.support.kubelet import Fate
from tests.support.real_bot import start_real_bot

CHANNEL = "C0DEPLOYS"


def rules_for(namespace: str) -> DeployRules:
    return DeployRules.from_yaml(
        f"""
channel: "{CHANNEL}"
people: {{alice: U0ALICE01}}
deploys:
  - {{repo: acme/web, events: [workflow_run], branch: main, app: web, namespace: {namespace},
     image: "ghcr.io/acme/web:{{sha}}"}}
"""
    )


async def start(control_plane, namespace: str, fake_slack, tmp_path: Path, **overrides: Any):
    values = {"GITHUB_WEBHOOK_SECRET": SECRET, "KLEPAAS_DEPLOY_TOKEN": TOKEN, "KLEPAAS_ROLLOUT_TIMEOUT": 30}
    return await start_real_bot(
        control_plane, namespace, fake_slack, tmp_path, deploy_rules=rules_for(namespace), **values, **overrides
    )


async def finished(bot, run_id: str, *states: str) -> DeployRun:
    async def done() -> bool:
        async with bot.clients.db.session() as session:
            run = await session.get(DeployRun, run_id)
        return run is not None and run.state in states

    await eventually(done, timeout=30)
    await bot.settle(timeout=30)
    async with bot.clients.db.session() as session:
        return await session.get(DeployRun, run_id)


def image(api, ns: str) -> str:
    return kube_objects.image_of(api, ns, "web")[0]


async def test_a_workflow_run_deploys_and_its_rollback_brings_the_old_image_back(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.with_revisions(api, ns, "web", ["nginx:1.24", "nginx:1.25"], replicas=2)
    bot = await start(control_plane, ns, fake_slack, tmp_path)
    try:
        status, answer = await post_github(bot, "workflow_run", fixture("workflow_run.completed"))
        assert status == 202 and len(answer["deploys"]) == 1
        run = await finished(bot, answer["deploys"][0], "succeeded")
        assert image(api, ns) == f"ghcr.io/acme/web:{SHA}"
        final = fake_slack.messages[(CHANNEL, run.message_ts)]
        text = json.dumps(final["blocks"], ensure_ascii=False)
        assert "succeeded in" in text and "revision 3" in text and "Use Rollback below" in text
        assert [(b["action_id"], b["value"]) for b in buttons(final)] == [
            ("rollback:2", f"{ns}/web:2"),
            ("logs", f"{ns}/web"),
        ]

        await bot.sender.click(
            "rollback:2", f"{ns}/web:2", response_url=fake_slack.hook_url(), channel=CHANNEL, message_ts=run.message_ts
        )
        await eventually(lambda: _pending(bot))
        (pending,) = await rows(bot, PendingChange)
        await bot.sender.click(
            "confirm", pending.id, response_url=fake_slack.hook_url(), channel=CHANNEL, message_ts=pending.message_ts
        )
        await eventually(lambda: _image_is(api, ns, "nginx:1.25"), timeout=30)
        await bot.settle(timeout=30)
        kube_objects.wait_available(api, ns, "web")
    finally:
        await bot.stop()


async def _pending(bot) -> bool:
    return bool(await rows(bot, PendingChange))


async def _image_is(api, ns: str, wanted: str) -> bool:
    return await asyncio.to_thread(image, api, ns) == wanted


async def test_a_ci_deploy_of_an_image_that_cannot_be_pulled_fails_with_image_pull_back_off(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=2)
    kube_namespace.kubelet.behave("web", Fate.IMAGE_PULL)
    bot = await start(control_plane, ns, fake_slack, tmp_path)
    try:
        body = {"app": "web", "namespace": ns, "image": "ghcr.io/acme/web:missing", "commit": SHA}
        assert await post_ci(bot, body, token="wrong") == (401, {"error": "unauthorized"})
        status, answer = await post_ci(bot, body)
        assert status == 202
        run = await finished(bot, answer["deploy"], "failed")
        text = json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)]["blocks"], ensure_ascii=False)
        assert "failed: ImagePullBackOff (image ghcr.io/acme/web:missing, pod web-" in text, text
        assert "Use Rollback below to put the previous revision back, or check the logs." in text
    finally:
        await bot.stop()


async def test_a_set_image_outside_the_bot_is_announced_once_with_rollback_and_the_bots_own_is_not(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    bot = await start(control_plane, ns, fake_slack, tmp_path, KLEPAAS_WATCH_NAMESPACES=ns, KLEPAAS_WATCH_POLL=0.05)
    try:
        # the baseline list (nothing is announced for what already is) is in before the change: waiting a fixed half
        # second, a loaded machine's first list came back after the patch, and the change was part of the baseline
        outside = bot.features.deploying.outside

        async def listed() -> bool:
            return outside.checks > 0

        await eventually(listed, timeout=20)
        await asyncio.to_thread(
            client.AppsV1Api(api).patch_namespaced_deployment,
            "web",
            ns,
            {"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}},
            field_manager="kubectl-set",
        )

        async def announced() -> bool:
            return any("rolled to" in json.dumps(p.get("blocks")) for p in fake_slack.posts(CHANNEL))

        await eventually(announced, timeout=20)
        posts = [p for p in fake_slack.posts(CHANNEL) if "rolled to" in json.dumps(p.get("blocks"))]
        assert len(posts) == 1
        text = json.dumps(posts[0]["blocks"])
        assert f"*web* in `{ns}` rolled to `nginx:1.27` (revision 2) by kubectl-set" in text
        assert [(b["action_id"], b["value"]) for b in buttons(posts[0])] == [
            ("rollback:1", f"{ns}/web:1"),
            ("logs", f"{ns}/web"),
        ]
        (row,) = await rows(bot, DeployAnnouncement)
        assert (row.app, row.namespace, row.revision, row.manager) == ("web", ns, 2, "kubectl-set")

        status, answer = await post_ci(bot, {"app": "web", "namespace": ns, "image": "ghcr.io/acme/web:1.4.2"})
        assert status == 202
        await finished(bot, answer["deploy"], "succeeded")
        await asyncio.sleep(0.5)
        assert len(await rows(bot, DeployAnnouncement)) == 1  # the bot's own deploy is not announced
        assert len([p for p in fake_slack.posts(CHANNEL) if "rolled to" in json.dumps(p.get("blocks"))]) == 1
    finally:
        await bot.stop()


async def test_the_run_records_its_history_and_history_lists_it(control_plane, kube_namespace, fake_slack, tmp_path):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    bot = await start(control_plane, ns, fake_slack, tmp_path)
    try:
        status, answer = await post_ci(bot, {"app": "web", "namespace": ns, "image": "ghcr.io/acme/web:1.4.2"})
        assert status == 202
        await finished(bot, answer["deploy"], "succeeded")
        async with bot.clients.db.session() as session:
            (run,) = (await session.execute(select(DeployRun))).scalars()
        assert (run.app, run.namespace, run.image) == ("web", ns, "ghcr.io/acme/web:1.4.2")
        posts = len(fake_slack.posts())
        await bot.sender.slash("history web", response_url=fake_slack.hook_url())
        await fake_slack.wait_for(lambda s: len(s.posts()) > posts or len(s.hooks) > 0)
        await bot.settle()
        answer_msg = fake_slack.posts()[-1] if len(fake_slack.posts()) > posts else fake_slack.hooks[-1].args
        text = json.dumps(answer_msg["blocks"], ensure_ascii=False)
        assert text.index("ghcr.io/acme/web:1.4.2") < text.index("nginx:1.25")
    finally:
        await bot.stop()
