"""
Rollout watches are rows: a stopped replica releases its watch and another one finishes it; one that
cannot resume says so.

On the real control plane: the kubelet stand-in keeps the new Pods running but not ready, which holds
the rollout half-way while one bot stops and another resumes it, then reports them Ready.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json

from sqlalchemy import select, update

from bot.storage.change_models import DeploymentRecord, PendingChange, RolloutWatchRow
from tests.support import kube_objects
from tests.support.kubelet import Fate
from tests.support.real_bot import CHANNEL, start_real_bot


async def rows(bot, model) -> list:
    async with bot.clients.db.session() as session:
        return list((await session.execute(select(model))).scalars())


async def _confirmed(bot, fake_slack, text: str) -> PendingChange:
    posts = len(fake_slack.posts())
    await bot.sender.slash(text, response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.posts()) > posts)
    await bot.settle()
    (pending,) = await rows(bot, PendingChange)
    await bot.sender.click("confirm", pending.id, response_url=fake_slack.hook_url(), message_ts=pending.message_ts)
    await fake_slack.wait_for(lambda s: len(s.called("chat.update")) >= 1)
    return pending


def _final(fake_slack, pending) -> str:
    return json.dumps(fake_slack.messages[(CHANNEL, pending.message_ts)]["blocks"])


async def test_a_watch_released_on_shutdown_is_finished_by_the_other_replica(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    created = kube_objects.deployment(api, ns, "web", replicas=2)
    kube_namespace.kubelet.behave("web", Fate.NOT_READY)  # the new Pods hold the rollout half-way
    first = await start_real_bot(control_plane, ns, fake_slack, tmp_path)
    second = await start_real_bot(control_plane, ns, fake_slack, tmp_path)  # the same database
    try:
        pending = await _confirmed(first, fake_slack, "scale web 5")
        (watch,) = await rows(first, RolloutWatchRow)
        # The generation the scale produced: the subresource increments it, and it is ours.
        assert (watch.state, watch.lease_owner) == ("watching", first.features.rollouts.owner)
        assert watch.generation == created.metadata.generation + 1

        await first.clients.tasks.drain(grace=1)  # SIGTERM: the watch is released at once, not waited for
        (watch,) = await rows(second, RolloutWatchRow)
        assert (watch.state, watch.lease_owner) == ("watching", None)

        assert await second.features.rollouts.resume() == 1
        assert await second.features.rollouts.resume() == 0  # exactly one replica follows it
        kube_namespace.kubelet.heal("web")
        await second.settle(timeout=30)
        assert f":white_check_mark: scale `{ns}/web` done" in _final(fake_slack, pending)
        (record,) = await rows(second, DeploymentRecord)
        assert record.outcome == "succeeded" and record.finished_at is not None
        (watch,) = await rows(second, RolloutWatchRow)
        assert (watch.state, watch.lease_owner) == ("finished", second.features.rollouts.owner)
    finally:
        await first.stop()
        await second.stop()


async def test_a_watch_that_cannot_be_resumed_is_recorded_interrupted_and_says_so(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", replicas=1)
    kube_namespace.kubelet.behave("web", Fate.NOT_READY)
    first = await start_real_bot(control_plane, ns, fake_slack, tmp_path)
    second = None
    try:
        pending = await _confirmed(first, fake_slack, "restart web")
        await first.clients.tasks.drain(grace=1)
        async with first.clients.db.session() as session:  # the restart came too late: the watch's deadline passed
            await session.execute(
                update(RolloutWatchRow).values(deadline_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
            )
        second = await start_real_bot(control_plane, ns, fake_slack, tmp_path)
        assert await second.features.rollouts.resume() == 1
        await second.settle()
        assert f"I could not follow restart `{ns}/web` to the end" in _final(fake_slack, pending)
        (record,) = await rows(second, DeploymentRecord)
        assert record.outcome == "interrupted" and record.finished_at is not None
        (watch,) = await rows(second, RolloutWatchRow)
        assert watch.state == "interrupted"
    finally:
        await first.stop()
        if second is not None:
            await second.stop()


async def test_a_holder_that_lost_its_lease_writes_no_result(control_plane, kube_namespace, fake_slack, tmp_path):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", replicas=2)
    kube_namespace.kubelet.behave("web", Fate.NOT_READY)
    bot = await start_real_bot(control_plane, ns, fake_slack, tmp_path)
    try:
        pending = await _confirmed(bot, fake_slack, "scale web 5")
        async with bot.clients.db.session() as session:  # another replica took the watch over
            await session.execute(update(RolloutWatchRow).values(lease_owner="other-replica"))
        kube_namespace.kubelet.heal("web")
        await asyncio.wait_for(bot.settle(timeout=30), 35)
        assert "done" not in _final(fake_slack, pending)
        lost = bot.clients.metrics.registry.get_sample_value("klepaas_leases_lost_total", {"kind": "rollout_watch"})
        assert lost == 1
    finally:
        await bot.stop()
