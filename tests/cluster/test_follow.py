"""Following one change's rollout: ready/desired and elapsed, our generation only, Kubernetes' reasons."""

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


async def test_an_image_that_cannot_be_pulled_fails_with_image_pull_back_off(kmock, cluster, web) -> None:
    applied = await cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="nginx:nope"))
    seen, _ = await asyncio.gather(
        _follow(cluster, applied.generation, timeout=5), _steps(kmock, never_ready={"nginx:nope"})
    )
    final = seen[-1]
    assert final.failed and not final.done and not final.timed_out
    assert final.reason == "ImagePullBackOff" and final.message.endswith(": ImagePullBackOff")
    assert final.crashing and final.crashing[0].name.startswith("web-")  # a pod of the new ReplicaSet


async def test_old_pods_in_trouble_do_not_fail_the_new_rollout(kmock, cluster, web) -> None:
    pods.pod(kmock, "web-old-crashing", "shop", labels={"app": "web"}, state="crashloop")
    applied = await cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="nginx:1.27"))
    seen, _ = await asyncio.gather(_follow(cluster, applied.generation, timeout=5), _steps(kmock))
    assert seen[-1].done and not any(p.failed for p in seen)


async def test_a_progress_deadline_is_a_failure_with_that_reason(kmock, cluster, web) -> None:
    applied = await cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="nginx:1.27"))
    controller.roll(kmock, "web", "shop", outcome="failed")
    (final,) = await _follow(cluster, applied.generation, timeout=5)
    assert final.failed and final.reason == "ProgressDeadlineExceeded"


async def test_a_later_change_by_someone_else_supersedes_the_followed_one(kmock, cluster, web) -> None:
    ours = await cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="nginx:1.27"))
    await cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="nginx:1.28"))
    controller.roll(kmock, "web", "shop", outcome="complete")  # the later change completes
    (final,) = await _follow(cluster, ours.generation, timeout=5)
    assert final.superseded and final.finished and not final.done
    assert "newer change" in final.message


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
