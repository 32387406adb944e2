"""
Following one change's rollout, where the test must hold the controller or the kubelet in a state
a real control plane does not stay in: on the emulator.

- pods becoming Ready one at a time, each step held long enough for a poll to see it;
- a new generation the controller has not observed yet (the real controller manager observes it
  within milliseconds, so "waiting for the spec update to be observed" cannot be held there);
- a pull that stays at its first ErrImagePull until the follow times out.

Everything else about following (done, ImagePullBackOff, CrashLoopBackOff, ProgressDeadlineExceeded,
a quota, someone else's change) is tested on the real server: tests/cluster/test_follow_on_a_real_server.py.
"""

from __future__ import annotations

import asyncio

from intents.command import Command, Intent
from playground.cluster import controller, objects, pods, resources, stepping


async def _follow(cluster, generation, **options):
    return [p async for p in cluster.follow("web", "shop", generation=generation, poll=0.02, **options)]


async def _steps(kmock, *, never_ready=(), every=0.08) -> None:
    await asyncio.sleep(every)
    for _ in range(6):
        stepping.advance(kmock, "web", "shop", never_ready=never_ready)
        await asyncio.sleep(every)


async def test_a_follow_counts_new_pods_ready_one_by_one_to_success_with_elapsed(kmock, cluster, web) -> None:
    web_dep = kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw
    kmock.objects[resources.DEPLOYMENTS, "shop", "web"] = {**web_dep, "spec": {**web_dep["spec"], "replicas": 3}}
    applied = await cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="nginx:1.27"))
    # NB: one pod every 0.25 s, so a poll (every 0.02 s) sees each step even on a busy machine.
    seen, _ = await asyncio.gather(_follow(cluster, applied.generation, timeout=5), _steps(kmock, every=0.25))
    # A progress is also reported when only other fields moved (updated, available): count the readiness steps.
    readiness = list(dict.fromkeys((p.ready, p.desired) for p in seen if p.observed))
    assert readiness[:3] == [(1, 3), (2, 3), (3, 3)]
    final = seen[-1]
    assert final.done and not final.failed and final.revision == 4
    assert all(p.elapsed is not None for p in seen) and seen[-1].elapsed >= seen[0].elapsed
    assert [p.elapsed for p in seen] == sorted(p.elapsed for p in seen)


async def test_the_follow_waits_for_our_generation_to_be_observed(kmock, cluster, web) -> None:
    applied = await cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="nginx:1.27"))
    seen = await _follow(cluster, applied.generation, timeout=0.2)
    assert seen[-1].timed_out and not seen[-1].observed and not seen[-1].failed


async def test_pods_still_failing_to_pull_at_the_timeout_turn_it_into_a_failure(kmock, cluster, web) -> None:
    applied = await cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="nginx:1.27"))
    controller.roll(kmock, "web", "shop", outcome="progressing")
    dep = kmock.objects[resources.DEPLOYMENTS, "shop", "web"].raw
    rs = objects.current_replica_set(kmock, dep)
    pod = pods.pod(
        kmock,
        "web-new-0",
        "shop",
        labels=rs["spec"]["template"]["metadata"]["labels"],
        owner=rs,
        containers=rs["spec"]["template"]["spec"]["containers"],
        state="imagepull",
    )
    pod["status"]["containerStatuses"][0]["state"] = {"waiting": {"reason": "ErrImagePull", "message": "not found"}}
    kmock.objects[resources.PODS, "shop", "web-new-0"] = pod
    seen = await _follow(cluster, applied.generation, timeout=0.2)
    assert seen[-1].failed and seen[-1].timed_out and seen[-1].reason == "ErrImagePull"
