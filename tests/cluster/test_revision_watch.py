"""Noticing new revisions made outside the bot, with the field manager that made them."""

from __future__ import annotations

import asyncio

from kubernetes import client

from intents.command import Command, Intent
from playground.cluster import controller, objects


async def _first(iterator, timeout=3.0):
    return await asyncio.wait_for(anext(iterator), timeout)


def _kubectl_set_image(kmock, name: str, ns: str, image: str) -> None:
    """What `kubectl set image` sends: a strategic merge patch with fieldManager=kubectl-set."""
    configuration = client.Configuration(host=str(kmock.url).rstrip("/"))
    with client.ApiClient(configuration) as api:
        client.AppsV1Api(api).patch_namespaced_deployment(
            name,
            ns,
            {"spec": {"template": {"spec": {"containers": [{"name": name, "image": image}]}}}},
            field_manager="kubectl-set",
        )


async def test_a_new_revision_is_seen_once_with_its_field_manager(kmock, cluster, web) -> None:
    objects.deployment(kmock, "api", "shop", image="api:1.0")
    seen = cluster.watch_revisions("shop", poll=0.02)
    first = asyncio.ensure_future(_first(seen))
    await asyncio.sleep(0.1)  # the baseline list: nothing is announced for what already is
    assert not first.done()
    await asyncio.to_thread(_kubectl_set_image, kmock, "web", "shop", "nginx:1.27")
    controller.roll(kmock, "web", "shop", outcome="complete")
    found = await first
    assert (found.app, found.revision, found.image, found.manager, found.by_us) == (
        "web",
        4,
        "nginx:1.27",
        "kubectl-set",
        False,
    )
    later = asyncio.ensure_future(_first(seen, timeout=0.2))
    try:
        await later
        raise AssertionError("the same revision was yielded twice")
    except TimeoutError:
        pass
    await seen.aclose()


async def test_the_bots_own_change_is_marked_as_ours(kmock, cluster, web) -> None:
    seen = cluster.watch_revisions("shop", poll=0.02)
    first = asyncio.ensure_future(_first(seen))
    await asyncio.sleep(0.1)
    await cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="nginx:1.27"))
    controller.roll(kmock, "web", "shop", outcome="complete")
    found = await first
    assert found.manager == "klepaas" and found.by_us
    await seen.aclose()
