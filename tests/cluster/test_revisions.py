"""`history`: an app's revisions from its ReplicaSets, newest first."""

from __future__ import annotations

from intents.command import Command, Intent
from playground.cluster import objects, resources


async def test_revisions_are_newest_first_with_image_time_and_current(kmock, cluster, web) -> None:
    found = await cluster.revisions(Command(intent=Intent.STATUS, app="web"))
    assert [(r.revision, r.image, r.current) for r in found] == [
        (3, "nginx:1.25", True),
        (2, "nginx:1.24", False),
        (1, "nginx:1.23", False),
    ]
    assert all(r.created is not None for r in found) and found[0].created > found[-1].created


async def test_the_change_cause_annotation_is_read(kmock, cluster, web) -> None:
    rs = objects.current_replica_set(kmock, web)
    kmock.objects[resources.REPLICASETS, "shop", rs["metadata"]["name"]].patch(
        {"metadata": {"annotations": {"kubernetes.io/change-cause": "kubectl set image deploy/web web=nginx:1.25"}}}
    )
    (newest, *_) = await cluster.revisions(Command(intent=Intent.STATUS, app="web"))
    assert newest.change_cause == "kubectl set image deploy/web web=nginx:1.25"


async def test_the_limit_keeps_the_newest(kmock, cluster, web) -> None:
    found = await cluster.revisions(Command(intent=Intent.STATUS, app="web"), limit=2)
    assert [r.revision for r in found] == [3, 2]
