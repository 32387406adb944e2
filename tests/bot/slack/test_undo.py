"""A scale's result has Undo (the old replica count); a deploy's has Rollback (the revision before); a restart neither."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.storage.change_models import PendingChange
from playground.cluster import controller
from tests.bot.slack.test_refusals import POLICY

CHANNEL = "C0OPS0001"


def patches(kmock) -> list[Any]:
    return [r for r in kmock if r.method.value.upper() == "PATCH" and "dryRun" not in r.url.query]


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    blocks = message["blocks"] if isinstance(message["blocks"], list) else json.loads(message["blocks"])
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


async def pending(bot) -> list[PendingChange]:
    async with bot.deps.db.session() as session:
        return list((await session.execute(select(PendingChange).order_by(PendingChange.created_at))).scalars())


async def change_and_finish(bot, kmock, fake_slack, text: str) -> dict[str, Any]:
    """Ask for a change, confirm it, let the rollout complete; the result message."""
    posts = len(fake_slack.posts())
    await bot.sender.slash(text, response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.posts()) > posts)
    await bot.deps.tasks.join(timeout=5)
    change = (await pending(bot))[-1]
    await bot.sender.click("confirm", change.id, response_url=fake_slack.hook_url(), message_ts=change.message_ts)
    await fake_slack.wait_for(lambda s: len(s.called("chat.update")) >= 1)
    controller.roll(kmock, "web", "shop", outcome="complete")
    await fake_slack.wait_for(lambda s: "done" in json.dumps(s.messages[(CHANNEL, change.message_ts)]["blocks"]))
    return fake_slack.messages[(CHANNEL, change.message_ts)]


async def click_undo(bot, fake_slack, result: dict[str, Any]) -> dict[str, Any]:
    posts = len(fake_slack.posts())
    await bot.sender.click("undo", buttons(result)["undo"]["value"], response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.posts()) > posts)
    await bot.deps.tasks.join(timeout=5)
    return fake_slack.posts()[-1]


async def test_undo_after_a_scale_scales_back_to_the_old_count(start, shop, kmock, fake_slack) -> None:
    bot = await start(POLICY)
    result = await change_and_finish(bot, kmock, fake_slack, "scale web 5")
    assert "rollback" not in buttons(result)  # a scale makes no revision to roll back to

    confirmation = await click_undo(bot, fake_slack, result)
    assert confirmation["text"] == "Confirm scale shop/web; Replicas: 5 → 2"
    change = (await pending(bot))[-1]
    await bot.sender.click("confirm", change.id, response_url=fake_slack.hook_url(), message_ts=change.message_ts)
    await fake_slack.wait_for(lambda s: len(patches(kmock)) == 2)

    assert [(p.url.path, p.data) for p in patches(kmock)] == [
        ("/apis/apps/v1/namespaces/shop/deployments/web/scale", {"spec": {"replicas": 5}}),
        ("/apis/apps/v1/namespaces/shop/deployments/web/scale", {"spec": {"replicas": 2}}),
    ]


async def test_a_deploy_result_offers_rollback_to_the_revision_before_not_undo(start, shop, kmock, fake_slack) -> None:
    bot = await start(POLICY)
    result = await change_and_finish(bot, kmock, fake_slack, "deploy web nginx:1.27")
    assert "undo" not in buttons(result) and "Use Rollback below" in json.dumps(result["blocks"])

    posts = len(fake_slack.posts())
    await bot.sender.click("rollback:3", buttons(result)["rollback:3"]["value"], response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.posts()) > posts)
    await bot.deps.tasks.join(timeout=5)
    confirmation = fake_slack.posts()[-1]

    assert "nginx:1.27 → nginx:1.25" in confirmation["text"]
    assert "confirm" in buttons(confirmation)


async def test_a_restart_result_offers_nothing_to_undo(start, shop, kmock, fake_slack) -> None:
    bot = await start(POLICY)
    result = await change_and_finish(bot, kmock, fake_slack, "restart web")

    assert list(buttons(result)) == ["logs"]


async def test_a_tampered_undo_value_changes_nothing(start, shop, kmock, fake_slack) -> None:
    bot = await start(POLICY)
    for value in ['{"intent":"restart","app":"web","namespace":"shop"}', '{"intent":"scale","app":"web"}',
                  '{"intent":"scale","app":"web","namespace":"shop","replicas":-1}', "shop/web:3", "{"]:  # fmt: skip
        await bot.sender.click("undo", value, response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) == 5)
    await bot.deps.tasks.join(timeout=5)

    assert all("button" in hook.args["text"].lower() for hook in fake_slack.hooks)
    assert fake_slack.posts() == [] and [r for r in kmock if r.method.value.upper() == "PATCH"] == []
