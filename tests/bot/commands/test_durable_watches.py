"""Rollout watches are rows: a stopped replica releases its watch and another one finishes it; one that cannot resume says so.

Why the emulator: the rollout is held half-way while one bot stops and another resumes it; the real
controller manager finishes a rollout as soon as the kubelet stand-in reports, so it cannot be held there.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json

from sqlalchemy import update

from bot.storage.change_models import DeploymentRecord, PendingChange, RolloutWatchRow
from playground.cluster import controller
from tests.bot.commands.test_changes_from_slack import request, rows


async def _confirmed(bot, fake_slack, text: str) -> PendingChange:
    await request(bot, fake_slack, text)
    (pending,) = await rows(bot, PendingChange)
    await bot.sender.click("confirm", pending.id, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
    await fake_slack.wait_for(lambda s: len(s.called("chat.update")) >= 1)
    return pending


async def test_a_watch_released_on_shutdown_is_finished_by_the_other_replica(
    start, kmock, fake_slack, shop, policy, tmp_path
):
    shared = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"}
    first = await start(policy, **shared)
    second = await start(policy, **shared)
    pending = await _confirmed(first, fake_slack, "scale web 5")
    (watch,) = await rows(first, RolloutWatchRow)
    # generation 4: what the scale returned (the fixture's three revisions made 3)
    assert (watch.state, watch.lease_owner, watch.generation) == ("watching", first.features.rollouts.owner, 4)

    await first.deps.tasks.drain(grace=1)  # SIGTERM: the watch is released at once, not waited for
    (watch,) = await rows(second, RolloutWatchRow)
    assert (watch.state, watch.lease_owner) == ("watching", None)

    assert await second.features.rollouts.resume() == 1
    assert await second.features.rollouts.resume() == 0  # exactly one replica follows it
    controller.roll(kmock, "web", "shop", outcome="complete")
    await second.settle()
    final = json.dumps(fake_slack.messages[("C0OPS0001", pending.message_ts)]["blocks"])
    assert ":white_check_mark: scale `shop/web` done" in final
    (record,) = await rows(second, DeploymentRecord)
    assert record.outcome == "succeeded" and record.finished_at is not None
    (watch,) = await rows(second, RolloutWatchRow)
    assert (watch.state, watch.lease_owner) == ("finished", second.features.rollouts.owner)


async def test_a_watch_that_cannot_be_resumed_is_recorded_interrupted_and_says_so(
    start, kmock, fake_slack, shop, policy, tmp_path
):
    shared = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"}
    first = await start(policy, **shared)
    pending = await _confirmed(first, fake_slack, "restart web")
    await first.deps.tasks.drain(grace=1)
    async with first.deps.db.session() as session:  # the restart came too late: the watch's deadline passed
        await session.execute(
            update(RolloutWatchRow).values(deadline_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    second = await start(policy, **shared)
    assert await second.features.rollouts.resume() == 1
    await second.settle()
    final = json.dumps(fake_slack.messages[("C0OPS0001", pending.message_ts)]["blocks"])
    assert "I could not follow restart `shop/web` to the end" in final
    (record,) = await rows(second, DeploymentRecord)
    assert record.outcome == "interrupted" and record.finished_at is not None
    (watch,) = await rows(second, RolloutWatchRow)
    assert watch.state == "interrupted"


async def test_a_holder_that_lost_its_lease_writes_no_result(start, kmock, fake_slack, shop, policy, tmp_path):
    bot = await start(policy)
    pending = await _confirmed(bot, fake_slack, "scale web 5")
    async with bot.deps.db.session() as session:  # another replica took the watch over
        await session.execute(update(RolloutWatchRow).values(lease_owner="other-replica"))
    controller.roll(kmock, "web", "shop", outcome="complete")
    await asyncio.wait_for(bot.settle(), 10)
    assert "done" not in json.dumps(fake_slack.messages[("C0OPS0001", pending.message_ts)]["blocks"])
    lost = bot.deps.metrics.registry.get_sample_value("klepaas_leases_lost_total", {"kind": "rollout_watch"})
    assert lost == 1
