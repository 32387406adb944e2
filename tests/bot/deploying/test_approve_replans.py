"""Approve is audited in every outcome, and plans the deploy again at the click, as Confirm does.

On the real control plane: the hotfix is a `kubectl set image` made meanwhile, and "applies nothing"
is read from the Deployment itself (its generation and image are what they were).
"""

from __future__ import annotations

import asyncio
import json

from kubernetes import client

from bot.policy.rules import Policy
from bot.storage import AuditEntry
from bot.storage.change_models import DeploymentRecord
from bot.storage.deploy_models import DeployRun
from deploys import DeployRules
from tests.bot.deploying.conftest import CHANNEL, POLICY, RULES, SECRET, TOKEN, eventually, rows
from tests.bot.deploying.test_approvals import _click, _release, _state
from tests.support import kube_objects
from tests.support.real_bot import start_real_bot

HOTFIX = "nginx:1.25-hotfix"


async def _start(control_plane, kube_namespace, fake_slack, tmp_path):
    """`web` at nginx:1.25, and a bot whose rules want releases of acme/web approved by a second person."""
    ns = kube_namespace.name
    kube_objects.deployment(kube_namespace.api, ns, "web", "nginx:1.25", replicas=1)
    return await start_real_bot(
        control_plane,
        ns,
        fake_slack,
        tmp_path,
        policy=Policy.parse(POLICY.replace("staging", ns)),
        deploy_rules=DeployRules.from_yaml(RULES.replace("staging", ns)),
        GITHUB_WEBHOOK_SECRET=SECRET,
        KLEPAAS_DEPLOY_TOKEN=TOKEN,
        KLEPAAS_ROLLOUT_TIMEOUT=30,
    )


def _web(kube_namespace) -> tuple[int, str]:
    """The Deployment's generation and image now."""
    web = client.AppsV1Api(kube_namespace.api).read_namespaced_deployment("web", kube_namespace.name)
    return web.metadata.generation, web.spec.template.spec.containers[0].image


async def _set_image(kube_namespace, image: str) -> None:
    """Someone runs `kubectl set image deployment/web web=<image>` meanwhile."""
    await asyncio.to_thread(kube_objects.set_image, kube_namespace.api, kube_namespace.name, "web", image)


async def test_approve_with_a_deploy_id_that_does_not_exist_is_audited_as_missing(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    bot = await _start(control_plane, kube_namespace, fake_slack, tmp_path)
    try:
        before = _web(kube_namespace)
        await bot.sender.click(
            "approve", "dpl-no-such-run", response_url=fake_slack.hook_url(), user="U0BOB0001", channel=CHANNEL
        )
        await bot.sender.click(
            "reject", "dpl-no-such-run", response_url=fake_slack.hook_url(), user="U0BOB0001", channel=CHANNEL
        )
        await bot.settle()
        audit = [(a.user_id, a.action, a.outcome, a.target, a.detail) for a in await rows(bot, AuditEntry)]
        assert ("U0BOB0001", "approve", "missing", None, {"deploy_id": "dpl-no-such-run"}) in audit
        assert ("U0BOB0001", "reject", "missing", None, {"deploy_id": "dpl-no-such-run"}) in audit
        assert _web(kube_namespace) == before and await rows(bot, DeployRun) == []
        assert any("can't find this deploy" in c.args["text"] for c in fake_slack.called("chat.postEphemeral"))
    finally:
        await bot.stop()


async def test_approve_after_a_hotfix_shows_the_new_difference_and_applies_nothing(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    bot = await _start(control_plane, kube_namespace, fake_slack, tmp_path)
    try:
        run = await _release(bot)
        await _set_image(kube_namespace, HOTFIX)
        hotfixed, image = _web(kube_namespace)
        assert image == HOTFIX

        await _click(bot, fake_slack, "approve", run, "U0BOB0001")
        assert _web(kube_namespace) == (hotfixed, HOTFIX)  # the old plan was not put over it
        assert await _state(bot, run.id) == "awaiting_approval"
        shown = json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)], ensure_ascii=False)
        assert "changed since this deploy was requested" in shown and f"image nginx:1.25 → {HOTFIX}" in shown
        assert f"`{HOTFIX}` → `ghcr.io/acme/web:v1.4.2`" in shown and '"action_id": "approve"' in shown
        audit = [(a.user_id, a.action, a.outcome) for a in await rows(bot, AuditEntry)]
        assert ("U0BOB0001", "approve", "changed") in audit and ("U0BOB0001", "approve", "ok") not in audit

        # Approving the difference now shown applies it: from the hotfix, recorded as such.
        await _click(bot, fake_slack, "approve", run, "U0BOB0001")
        await eventually(lambda: _applied(bot, run.id), timeout=20)
        assert _web(kube_namespace) == (hotfixed + 1, "ghcr.io/acme/web:v1.4.2")  # applied once
        records = [(r.image_before, r.image_after) for r in await rows(bot, DeploymentRecord)]
        assert records == [(HOTFIX, "ghcr.io/acme/web:v1.4.2")]
        audit = [(a.user_id, a.action, a.outcome) for a in await rows(bot, AuditEntry)]
        assert ("U0BOB0001", "approve", "ok") in audit
        await bot.settle(timeout=30)
    finally:
        await bot.stop()


async def test_approve_when_the_image_is_already_running_changes_nothing(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    bot = await _start(control_plane, kube_namespace, fake_slack, tmp_path)
    try:
        run = await _release(bot)
        await _set_image(kube_namespace, "ghcr.io/acme/web:v1.4.2")
        before = _web(kube_namespace)
        await _click(bot, fake_slack, "approve", run, "U0BOB0001")
        assert await _state(bot, run.id) == "noop" and _web(kube_namespace) == before
        assert "nothing to change" in json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)]["blocks"])
        audit = [(a.user_id, a.action, a.outcome) for a in await rows(bot, AuditEntry)]
        assert ("U0BOB0001", "approve", "noop") in audit
    finally:
        await bot.stop()


async def _applied(bot, run_id: str) -> bool:
    return await _state(bot, run_id) not in ("awaiting_approval", "approving")
