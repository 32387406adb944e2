"""Watching a rollout after a change: success, failure and giving up."""

from __future__ import annotations

import asyncio

from intents.command import Command, Intent
from playground.cluster import controller, emulator, objects, pods, resources


async def _collect(cluster, **options):
    return [p async for p in cluster.watch("web", "shop", poll=0.05, **options)]


async def test_watch_follows_a_rollout_to_success(kmock, cluster, web) -> None:
    applied = await cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="1.27"))
    assert applied.generation == 4

    async def deployment_controller() -> None:
        await asyncio.sleep(0.15)
        controller.roll(kmock, "web", "shop", outcome="progressing")
        await asyncio.sleep(0.15)
        controller.roll(kmock, "web", "shop", outcome="complete")

    seen, _ = await asyncio.gather(_collect(cluster, timeout=5), deployment_controller())
    assert [p.message for p in seen] == [
        "Waiting for deployment spec update to be observed",
        "1 out of 2 new replicas have been updated",
        'deployment "web" successfully rolled out',
    ]
    final = seen[-1]
    assert final.done and not final.failed and final.revision == 4 and final.finished
    reads = [r for r in emulator.requests_of(kmock) if r == "GET /apis/apps/v1/namespaces/shop/deployments/web"]
    assert len(reads) >= 4  # one per poll; pods are listed only while unfinished


async def test_watch_reports_a_progress_deadline_failure_with_crashing_pods(kmock, cluster, web) -> None:
    await cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="1.27"))
    controller.roll(kmock, "web", "shop", outcome="failed")
    new_rs = objects.current_replica_set(kmock, kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw)
    pods.pod(
        kmock,
        "web-new-1",
        "shop",
        labels=new_rs["spec"]["template"]["metadata"]["labels"],
        containers=new_rs["spec"]["template"]["spec"]["containers"],
        state="imagepull",
    )
    seen = await _collect(cluster, timeout=5)
    (final,) = seen
    assert final.failed and not final.done and final.reason == "ProgressDeadlineExceeded"
    assert final.message == 'deployment "web" exceeded its progress deadline'
    assert [(c.name, c.reason) for c in final.crashing] == [("web-new-1", "ImagePullBackOff")]


async def test_watch_gives_up_at_the_timeout(kmock, cluster, web) -> None:
    await cluster.apply(Command(intent=Intent.RESTART, app="web"))
    seen = await _collect(cluster, timeout=0.3)
    assert seen[-1].timed_out and not seen[-1].done and not seen[-1].failed and seen[-1].finished
    assert seen[-1].message == "Waiting for deployment spec update to be observed"
    assert all(not p.timed_out for p in seen[:-1])
