"""
A deploy interrupted by a restart is finished by the next bot; only the leader watches outside
deploys; metrics; apologies.

Still on the emulator (not moved yet): the same hold-and-resume runs on the real server for confirmed
changes in tests/bot/commands/test_durable_watches.py (the kubelet stand-in keeps new Pods not ready).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

from sqlalchemy import update

from bot.app.leader import DatabaseLease, LeaderElection
from bot.deploying.approvals import Approvals
from bot.storage.change_models import DeploymentRecord
from bot.storage.deploy_models import DeployRun
from tests.bot.deploying.conftest import CHANNEL, SHA, eventually, fixture, image_of, post_ci, post_github, rows
from tests.bot.deploying.test_outside_and_ci import NO_APPROVAL, _kubectl_set_image


async def _run(bot, run_id: str) -> DeployRun:
    async with bot.clients.db.session() as session:
        return await session.get(DeployRun, run_id)


async def _stopped_mid_rollout(start, fake_slack, controller) -> tuple[str, DeployRun, Any]:
    """A workflow_run deploy on a bot that is stopped (SIGTERM, in process) while its rollout is under way."""
    first = await start(db="shared.db", KLEPAAS_ROLLOUT_TIMEOUT=20)
    controller(every=0.3)
    status, answer = await post_github(first, "workflow_run", fixture("workflow_run.completed"))
    assert status == 202
    run_id = answer["deploys"][0]

    async def rolling() -> bool:
        run = await _run(first, run_id)
        return run.message_ts is not None and any(
            "ready (" in json.dumps(c.args.get("blocks")) for c in fake_slack.called("chat.update")
        )

    await eventually(rolling)
    await first.clients.tasks.drain(grace=1)  # what SIGTERM does: the rollout's lease is released at once
    run = await _run(first, run_id)
    assert (run.state, run.lease_owner, run.history_id is not None) == ("rolling_out", None, True)
    return run_id, run, first


async def test_a_deploy_stopped_mid_rollout_is_followed_to_succeeded_by_the_next_bot(
    start, kmock, fake_slack, staging, controller
):
    run_id, _, _ = await _stopped_mid_rollout(start, fake_slack, controller)

    second = await start(db="shared.db", KLEPAAS_ROLLOUT_TIMEOUT=20)  # it resumes what nobody holds, at start

    async def finished() -> bool:
        return (await _run(second, run_id)).state == "succeeded"

    await eventually(finished, timeout=15)
    await second.settle()
    run = await _run(second, run_id)
    final = json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)]["blocks"])
    assert "succeeded in" in final and "revision 4" in final
    assert len(fake_slack.posts(CHANNEL)) == 1  # the same message, edited; no second post
    (record,) = await rows(second, DeploymentRecord)
    assert (record.outcome, record.revision_after) == ("succeeded", 4) and record.finished_at is not None
    assert image_of(kmock) == f"ghcr.io/acme/web:{SHA}"
    assert await second.features.deploying.runner.resume() == 0  # finished: nobody claims it again


async def test_a_deploy_that_cannot_be_resumed_is_recorded_interrupted_and_its_message_says_so(
    start, kmock, fake_slack, staging, controller
):
    run_id, run, first = await _stopped_mid_rollout(start, fake_slack, controller)
    async with first.clients.db.session() as session:  # the restart came too late: the rollout's deadline passed
        await session.execute(update(DeployRun).values(deadline_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    second = await start(db="shared.db", KLEPAAS_ROLLOUT_TIMEOUT=20)

    async def finished() -> bool:
        return (await _run(second, run_id)).state == "interrupted"

    await eventually(finished, timeout=10)
    await second.settle()
    final = json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)]["blocks"])
    assert "the bot restarted and could not follow this deploy to the end" in final
    (record,) = await rows(second, DeploymentRecord)
    assert record.outcome == "interrupted" and record.finished_at is not None


async def test_with_two_replicas_only_the_elected_leader_watches_for_outside_deploys(
    start, kmock, fake_slack, staging, controller
):
    watch = {"KLEPAAS_WATCH_NAMESPACES": "staging", "KLEPAAS_WATCH_POLL": 0.2, "db": "shared.db"}
    first = await start(**watch)
    second = await start(**watch)
    elections = [
        LeaderElection(DatabaseLease(bot.clients.db), holder=name, duration=30, metrics=bot.clients.metrics)
        for bot, name in ((first, "replica-a"), (second, "replica-b"))
    ]
    for bot, election in zip((first, second), elections, strict=True):
        bot.features.deploying.lead(lambda election=election: election.is_leader)
    before = second.features.deploying.outside.checks
    assert [await e.step() for e in elections] == [True, False]
    await asyncio.sleep(0.5)  # the leader has its baseline
    controller()
    await asyncio.to_thread(_kubectl_set_image, kmock, "nginx:1.27")

    async def announced() -> bool:
        return any("rolled to" in json.dumps(p.get("blocks")) for p in fake_slack.posts(CHANNEL))

    await eventually(announced)
    await asyncio.sleep(0.5)
    await first.settle()
    await second.settle()
    assert len([p for p in fake_slack.posts(CHANNEL) if "rolled to" in json.dumps(p.get("blocks"))]) == 1
    assert first.features.deploying.outside.checks > 0
    assert second.features.deploying.outside.checks == before  # the follower never listed the namespace


async def test_a_webhook_deploy_counts_its_source_and_outcome_and_its_rollout_time(
    start, kmock, fake_slack, staging, controller
):
    bot = await start(rules=NO_APPROVAL)  # each bot has its own CollectorRegistry (tests/support/bot.py)
    controller()
    payload = {"app": "web", "namespace": "staging", "image": "nginx:1.27", "channel": CHANNEL}
    status, answer = await post_ci(bot, payload)
    assert status == 202

    async def finished() -> bool:
        return (await _run(bot, answer["deploy"])).state == "succeeded"

    await eventually(finished)
    await bot.settle()
    registry = bot.clients.metrics.registry
    assert registry.get_sample_value("klepaas_deploys_total", {"source": "ci", "outcome": "succeeded"}) == 1
    assert registry.get_sample_value("klepaas_deploy_rollout_seconds_count", {"outcome": "succeeded"}) == 1
    assert registry.get_sample_value("klepaas_deploy_rollout_seconds_sum", {"outcome": "succeeded"}) > 0


async def test_a_failure_after_an_approve_click_is_acked_gets_the_clicker_an_apology_with_an_error_id(
    start, kmock, fake_slack, staging, monkeypatch
):
    async def broken(self, who, run_id):
        raise RuntimeError("a bug in approving")

    monkeypatch.setattr(Approvals, "approve", broken)
    bot = await start()
    status, _ = await bot.sender.click("approve", "d0123456789abcdef", response_url=fake_slack.hook_url())
    await bot.settle()
    assert status == 200
    (answer,) = [c.args for c in fake_slack.hooks]
    assert answer["text"].startswith("Something went wrong (error ") and "a bug" not in answer["text"]
