"""
A deploy interrupted by a restart is finished by the next bot; only the leader watches outside
deploys; metrics; apologies.

On the real control plane: the kubelet stand-in keeps the new Pods running but not ready, which holds
a rollout half-way while one bot stops and the next resumes it; the leader holds a coordination.k8s.io
Lease on the server.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json

from kubernetes import client
from sqlalchemy import update

from bot.app.leader import LEASE_NAME, KubernetesLease, LeaderElection
from bot.deploying.approvals import Approvals
from bot.storage.change_models import DeploymentRecord
from bot.storage.deploy_models import DeployRun
from tests.bot.deploying.conftest import SHA, eventually, fixture, post_ci, post_github, rows
from tests.bot.deploying.test_ci_deploys_on_a_real_server import CHANNEL, finished, image, start
from tests.support import kube_objects
from tests.support.kubelet import Fate


async def _run(bot, run_id: str) -> DeployRun:
    async with bot.clients.db.session() as session:
        return await session.get(DeployRun, run_id)


async def _stopped_mid_rollout(control_plane, kube_namespace, fake_slack, tmp_path):
    """A workflow_run deploy on a bot that is stopped (SIGTERM, in process) while its rollout is held half-way."""
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=2)
    kube_namespace.kubelet.behave("web", Fate.NOT_READY)  # the new Pods hold the rollout half-way
    first = await start(control_plane, ns, fake_slack, tmp_path)
    status, answer = await post_github(first, "workflow_run", fixture("workflow_run.completed"))
    assert status == 202
    run_id = answer["deploys"][0]

    async def rolling() -> bool:
        run = await _run(first, run_id)
        return run is not None and run.state == "rolling_out" and run.message_ts is not None

    await eventually(rolling, timeout=20)
    # NB: let the follower take its first step: a task cancelled before it ever ran cannot release its lease
    # (the run then waits for the lease to expire before another replica resumes it).

    async def following() -> bool:
        return f"deploy:{run_id}:rollout" in first.clients.tasks.names()

    await eventually(following, timeout=5)
    await asyncio.sleep(0.5)
    await first.clients.tasks.drain(grace=1)  # what SIGTERM does: the rollout's lease is released at once
    run = await _run(first, run_id)
    assert (run.state, run.lease_owner, run.history_id is not None) == ("rolling_out", None, True)
    return run_id, run, first


async def test_a_deploy_stopped_mid_rollout_is_followed_to_succeeded_by_the_next_bot(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    run_id, _, first = await _stopped_mid_rollout(control_plane, kube_namespace, fake_slack, tmp_path)
    second = None
    try:
        second = await start(control_plane, ns, fake_slack, tmp_path)  # the same database; resumes at start
        await asyncio.to_thread(kube_namespace.kubelet.heal, "web")
        run = await finished(second, run_id, "succeeded")
        final = json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)]["blocks"])
        assert "succeeded in" in final and "revision 2" in final
        assert len(fake_slack.posts(CHANNEL)) == 1  # the same message, edited; no second post
        (record,) = await rows(second, DeploymentRecord)
        assert (record.outcome, record.revision_after) == ("succeeded", 2) and record.finished_at is not None
        assert image(api, ns) == f"ghcr.io/acme/web:{SHA}"
        assert await second.features.deploying.runner.resume() == 0  # finished: nobody claims it again
    finally:
        await first.stop()
        if second is not None:
            await second.stop()


async def test_a_deploy_that_cannot_be_resumed_is_recorded_interrupted_and_its_message_says_so(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    run_id, run, first = await _stopped_mid_rollout(control_plane, kube_namespace, fake_slack, tmp_path)
    second = None
    try:
        async with first.clients.db.session() as session:  # the restart came too late: the rollout's deadline passed
            await session.execute(
                update(DeployRun).values(deadline_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
            )
        second = await start(control_plane, kube_namespace.name, fake_slack, tmp_path)
        await finished(second, run_id, "interrupted")
        final = json.dumps(fake_slack.messages[(CHANNEL, run.message_ts)]["blocks"])
        assert "the bot restarted and could not follow this deploy to the end" in final
        (record,) = await rows(second, DeploymentRecord)
        assert record.outcome == "interrupted" and record.finished_at is not None
    finally:
        await first.stop()
        if second is not None:
            await second.stop()


async def test_with_two_replicas_only_the_elected_leader_watches_for_outside_deploys(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    watch = {"KLEPAAS_WATCH_NAMESPACES": ns, "KLEPAAS_WATCH_POLL": 0.2}
    first = await start(control_plane, ns, fake_slack, tmp_path, **watch)
    second = await start(control_plane, ns, fake_slack, tmp_path, **watch)
    try:
        elections = [
            LeaderElection(lease, holder=name, duration=30, metrics=bot.clients.metrics)
            for bot, name in ((first, "replica-a"), (second, "replica-b"))
            for lease in [KubernetesLease(bot.clients.cluster, namespace=ns)]
        ]
        for bot, election in zip((first, second), elections, strict=True):
            bot.features.deploying.lead(lambda election=election: election.is_leader)
        before = second.features.deploying.outside.checks
        assert [await e.step() for e in elections] == [True, False]
        lease = client.CoordinationV1Api(api).read_namespaced_lease(LEASE_NAME, ns)
        assert (lease.spec.holder_identity, lease.spec.lease_duration_seconds) == ("replica-a", 30)
        await asyncio.sleep(0.5)  # the leader has its baseline
        await asyncio.to_thread(kube_objects.set_image, api, ns, "web", "nginx:1.27")

        async def announced() -> bool:
            return any("rolled to" in json.dumps(p.get("blocks")) for p in fake_slack.posts(CHANNEL))

        await eventually(announced, timeout=20)
        await asyncio.sleep(0.5)
        await first.settle()
        await second.settle()
        assert len([p for p in fake_slack.posts(CHANNEL) if "rolled to" in json.dumps(p.get("blocks"))]) == 1
        assert first.features.deploying.outside.checks > 0
        assert second.features.deploying.outside.checks == before  # the follower never listed the namespace
    finally:
        await first.stop()
        await second.stop()


async def test_a_webhook_deploy_counts_its_source_and_outcome_and_its_rollout_time(
    control_plane, kube_namespace, fake_slack, tmp_path
):
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    bot = await start(control_plane, ns, fake_slack, tmp_path)  # each bot has its own CollectorRegistry
    try:
        status, answer = await post_ci(bot, {"app": "web", "namespace": ns, "image": "nginx:1.27", "channel": CHANNEL})
        assert status == 202
        await finished(bot, answer["deploy"], "succeeded")
        registry = bot.clients.metrics.registry
        assert registry.get_sample_value("klepaas_deploys_total", {"source": "ci", "outcome": "succeeded"}) == 1
        assert registry.get_sample_value("klepaas_deploy_rollout_seconds_count", {"outcome": "succeeded"}) == 1
        assert registry.get_sample_value("klepaas_deploy_rollout_seconds_sum", {"outcome": "succeeded"}) > 0
        assert image(api, ns) == "nginx:1.27"
    finally:
        await bot.stop()


async def test_a_failure_after_an_approve_click_is_acked_gets_the_clicker_an_apology_with_an_error_id(
    control_plane, kube_namespace, fake_slack, tmp_path, monkeypatch
):
    async def broken(self, who, run_id):
        raise RuntimeError("a bug in approving")

    monkeypatch.setattr(Approvals, "approve", broken)
    bot = await start(control_plane, kube_namespace.name, fake_slack, tmp_path)
    try:
        status, _ = await bot.sender.click("approve", "d0123456789abcdef", response_url=fake_slack.hook_url())
        await bot.settle()
        assert status == 200
        (answer,) = [c.args for c in fake_slack.hooks]
        assert answer["text"].startswith("Something went wrong (error ") and "a bug" not in answer["text"]
    finally:
        await bot.stop()
