"""
Two `klepaas serve` processes, one PostgreSQL, one Redis, requests spread across both:
retries and repeated clicks do things once, and stopping or killing a replica loses nothing.

On the real control plane: "applied once" is read from the Deployment itself (its generation, its
revision, its replicas), and the kubelet stand-in holds a rollout half-way where a test needs it to.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from kubernetes import client
from sqlalchemy import func, select

from bot.storage import AuditEntry, Database
from bot.storage.change_models import DeploymentRecord, PendingChange, RolloutWatchRow
from playground.slack_api import SlackWebApi
from tests.support.kubelet import Fate
from tests.support.replicas import Replica

CHANNEL = "C0OPS0001"


async def web(shop) -> Any:
    """The `web` Deployment as the API server has it now."""
    return await asyncio.to_thread(client.AppsV1Api(shop.api).read_namespaced_deployment, "web", shop.name)


def revision(deployment) -> int:
    return int(deployment.metadata.annotations["deployment.kubernetes.io/revision"])


async def rows(db: Database, model: Any) -> list[Any]:
    async with db.session() as session:
        return list((await session.execute(select(model))).scalars())


async def count(db: Database, model: Any) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def eventually(check, *, timeout: float = 15.0, what: str) -> None:
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.05)


async def confirmation(replica: Replica, fake_slack: SlackWebApi, database: Database, text: str) -> PendingChange:
    """Ask for a change on `replica`; the pending change once its message is posted."""
    before = {c.id for c in await rows(database, PendingChange)}
    await replica.sender.slash(text, response_url=fake_slack.hook_url())

    async def posted() -> list[PendingChange]:
        return [c for c in await rows(database, PendingChange) if c.id not in before and c.message_ts]

    await eventually(posted, what="the confirmation")
    (change,) = await posted()
    return change


async def test_retries_and_ten_confirm_clicks_across_both_replicas_do_everything_once_and_nothing_blindly(
    replicas, fake_slack, shop, database
):
    a, b = await asyncio.gather(replicas("a"), replicas("b"))
    before = await web(shop)
    # An @mention delivered once and retried three times by Slack, to either replica.
    sends = [
        r.sender.mention("status web", event_id="Ev0RETRY0001", retry=n or None) for n, r in enumerate((a, b, a, b))
    ]
    assert {status for status, _ in await asyncio.gather(*sends)} == {200}
    change = await confirmation(a, fake_slack, database, "scale web 5")
    clicks = [
        r.sender.click(
            "confirm", change.id, response_url=fake_slack.hook_url(), message_ts=change.message_ts, channel=CHANNEL
        )
        for r in (a, b) * 5
    ]
    assert {status for status, _ in await asyncio.gather(*clicks)} == {200}

    async def rolled_out() -> bool:
        return "done" in json.dumps(fake_slack.messages.get((CHANNEL, change.message_ts), {}))

    await eventually(rolled_out, what="the rollout result")
    await asyncio.sleep(0.5)  # anything doubled would show by now
    after = await web(shop)
    # One scale: one more generation, the same revision (a scale makes no new ReplicaSet).
    assert after.spec.replicas == 5 and after.metadata.generation == before.metadata.generation + 1
    assert revision(after) == revision(before) == 3
    assert len(await rows(database, RolloutWatchRow)) == 1  # followed once
    status_replies = [
        m
        for (ch, _), m in fake_slack.messages.items()
        if "web" in m.get("text", "") and m.get("thread_ts") == "1732240000.000100"
    ]
    assert len(status_replies) == 1  # the mention answered once, not four times
    audit = [(e.action, e.outcome) for e in await rows(database, AuditEntry)]
    assert audit.count(("confirm", "ok")) == 1 and audit.count(("status", "ok")) == 1
    assert len([o for act, o in audit if act == "confirm"]) == 10  # every click audited, one applied
    (record,) = await rows(database, DeploymentRecord)
    assert record.outcome == "succeeded"

    # The Deployment changes between the next Confirm message and its click: the other replica applies nothing.
    change = await confirmation(a, fake_slack, database, "scale web 7")
    await asyncio.to_thread(  # someone scaled it meanwhile (kubectl, an HPA)
        client.AppsV1Api(shop.api).patch_namespaced_deployment_scale, "web", shop.name, {"spec": {"replicas": 3}}
    )
    outside = await web(shop)
    await b.sender.click(
        "confirm", change.id, response_url=fake_slack.hook_url(), message_ts=change.message_ts, channel=CHANNEL
    )

    async def asked_again() -> bool:
        return "changed after this was shown" in json.dumps(fake_slack.messages.get((CHANNEL, change.message_ts)))

    await eventually(asked_again, what="the new difference")
    now = await web(shop)  # nothing applied: still what the outside scale left
    assert (now.spec.replicas, now.metadata.generation) == (3, outside.metadata.generation)
    (fresh,) = [c for c in await rows(database, PendingChange) if c.state == "pending"]
    assert (fresh.plan["replicas_from"], fresh.plan["replicas_to"]) == (3, 7)


async def test_sigterm_during_a_burst_of_slash_commands_keeps_every_reply_and_audit_row(replicas, fake_slack, database):
    a, b = await asyncio.gather(replicas("a"), replicas("b"))
    burst = 60
    acks = await asyncio.gather(
        *(a.sender.slash("list_apps", response_url=fake_slack.hook_url(f"T/1/{n}")) for n in range(burst))
    )
    assert {status for status, _ in acks} == {200}
    a.sigterm()  # every command is acked; most of the work after the acks is still running
    assert await a.exited() == 0
    assert len(fake_slack.hooks) == burst
    assert await count(database, AuditEntry) == burst
    print(f"SIGTERM after {burst} acks: {burst} replies, {burst} audit rows")


async def test_a_rollout_watched_by_a_stopped_replica_is_finished_by_the_other(replicas, fake_slack, shop, database):
    a, b = await asyncio.gather(replicas("a"), replicas("b"))
    before = await web(shop)
    shop.kubelet.behave("web", Fate.NOT_READY)  # the new Pods hold the rollout half-way
    change = await confirmation(a, fake_slack, database, "restart web")
    await a.sender.click("confirm", change.id, response_url=fake_slack.hook_url(), message_ts=change.message_ts)

    async def watched() -> bool:
        return len(await rows(database, RolloutWatchRow)) == 1

    await eventually(watched, what="the watch row")
    a.sigterm()
    assert await a.exited() == 0
    assert [w.state for w in await rows(database, RolloutWatchRow)] == ["watching"]  # not finished yet
    await asyncio.to_thread(shop.kubelet.heal, "web")  # the probes pass: the rollout can end

    async def finished() -> bool:
        # NB: the survivor edits the message, then settles the history row, then the watch row.
        posted = "done" in json.dumps(fake_slack.messages.get((CHANNEL, change.message_ts), {}))
        return posted and [w.state for w in await rows(database, RolloutWatchRow)] == ["finished"]

    await eventually(finished, timeout=20, what="the result from the survivor")
    (record,) = await rows(database, DeploymentRecord)
    assert record.outcome == "succeeded" and record.finished_at is not None
    after = await web(shop)  # one restart: one more generation and one new revision
    assert (after.metadata.generation, revision(after)) == (before.metadata.generation + 1, revision(before) + 1)


async def test_a_confirm_whose_replica_is_killed_is_applied_once_or_stays_clickable(
    replicas, fake_slack, shop, database
):
    a, b = await asyncio.gather(replicas("a", KLEPAAS_CONFIRM_LEASE="1.5"), replicas("b", KLEPAAS_CONFIRM_LEASE="1.5"))
    before = await web(shop)
    change = await confirmation(a, fake_slack, database, "scale web 4")
    await a.sender.click(
        "confirm", change.id, response_url=fake_slack.hook_url(), message_ts=change.message_ts, channel=CHANNEL
    )
    a.sigkill()  # right after the ack, wherever the click's work was
    await a.exited()
    killed = await web(shop)
    patched = killed.metadata.generation - before.metadata.generation
    assert patched <= 1
    # Either way a click on the survivor ends with the change applied once and reported, never "done" for nothing.
    await asyncio.sleep(1.6)  # KLEPAAS_CONFIRM_LEASE: a claim the dead replica held runs out
    await b.sender.click(
        "confirm", change.id, response_url=fake_slack.hook_url(), message_ts=change.message_ts, channel=CHANNEL
    )

    async def reported() -> bool:
        return "done" in json.dumps(fake_slack.messages.get((CHANNEL, change.message_ts), {}))

    await eventually(reported, timeout=20, what="the result")
    after = await web(shop)  # applied once: one more generation, 4 replicas, the same revision
    assert (after.spec.replicas, after.metadata.generation) == (4, before.metadata.generation + 1)
    assert revision(after) == revision(before)
    print(
        f"SIGKILL after the click: {'applied before the kill' if patched else 'not applied'}; applied once in the end"
    )
