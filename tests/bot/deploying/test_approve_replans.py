"""Approve is audited in every outcome, and plans the deploy again at the click, as Confirm does."""

from __future__ import annotations

import json

from bot.storage import AuditEntry
from bot.storage.change_models import DeploymentRecord
from bot.storage.deploy_models import DeployRun
from intents import Command, Intent
from playground.cluster import emulator
from tests.bot.deploying.conftest import CHANNEL, eventually, image_of, rows, writes
from tests.bot.deploying.test_approvals import _click, _release, _state

HOTFIX = "nginx:1.25-hotfix"


async def _hotfix(kmock: emulator.KubeEmulator) -> None:
    """Someone runs `kubectl set image deployment/web web=nginx:1.25-hotfix -n staging` meanwhile."""
    cluster = emulator.cluster_for(kmock, default_namespace="staging")
    try:
        await cluster.apply(await cluster.plan(Command(intent=Intent.DEPLOY, app="web", image=HOTFIX)))
    finally:
        await cluster.close()


async def test_approve_with_a_deploy_id_that_does_not_exist_is_audited_as_missing(start, kmock, fake_slack, staging):
    bot = await start()
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
    assert writes(kmock) == [] and await rows(bot, DeployRun) == []
    assert any("can't find this deploy" in c.args["text"] for c in fake_slack.called("chat.postEphemeral"))


async def test_approve_after_a_hotfix_shows_the_new_difference_and_applies_nothing(start, kmock, fake_slack, staging):
    bot = await start()
    run = await _release(bot)
    await _hotfix(kmock)
    hotfixes = len(writes(kmock))
    assert image_of(kmock) == HOTFIX

    await _click(bot, fake_slack, "approve", run, "U0BOB0001")
    assert len(writes(kmock)) == hotfixes and image_of(kmock) == HOTFIX  # the old plan was not put over it
    assert await _state(bot, run.id) == "awaiting_approval"
    shown = json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)], ensure_ascii=False)
    assert "changed since this deploy was requested" in shown and f"image nginx:1.25 → {HOTFIX}" in shown
    assert f"`{HOTFIX}` → `ghcr.io/acme/web:v1.4.2`" in shown and '"action_id": "approve"' in shown
    audit = [(a.user_id, a.action, a.outcome) for a in await rows(bot, AuditEntry)]
    assert ("U0BOB0001", "approve", "changed") in audit and ("U0BOB0001", "approve", "ok") not in audit

    # Approving the difference now shown applies it: from the hotfix, recorded as such.
    await _click(bot, fake_slack, "approve", run, "U0BOB0001")
    await eventually(lambda: _applied(bot, run.id))
    assert image_of(kmock) == "ghcr.io/acme/web:v1.4.2" and len(writes(kmock)) == hotfixes + 1
    records = [(r.image_before, r.image_after) for r in await rows(bot, DeploymentRecord)]
    assert records == [(HOTFIX, "ghcr.io/acme/web:v1.4.2")]
    assert ("U0BOB0001", "approve", "ok") in [(a.user_id, a.action, a.outcome) for a in await rows(bot, AuditEntry)]


async def test_approve_when_the_image_is_already_running_changes_nothing(start, kmock, fake_slack, staging):
    bot = await start()
    run = await _release(bot)
    cluster = emulator.cluster_for(kmock, default_namespace="staging")
    try:
        await cluster.apply(
            await cluster.plan(Command(intent=Intent.DEPLOY, app="web", image="ghcr.io/acme/web:v1.4.2"))
        )
    finally:
        await cluster.close()
    before = len(writes(kmock))
    await _click(bot, fake_slack, "approve", run, "U0BOB0001")
    assert await _state(bot, run.id) == "noop" and len(writes(kmock)) == before
    assert "nothing to change" in json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)]["blocks"])
    assert ("U0BOB0001", "approve", "noop") in [(a.user_id, a.action, a.outcome) for a in await rows(bot, AuditEntry)]


async def _applied(bot, run_id: str) -> bool:
    return await _state(bot, run_id) not in ("awaiting_approval", "approving")
