"""Noticing new revisions made outside the bot on the real server, with the field manager that made them."""

from __future__ import annotations

import asyncio

from kubernetes import client

from intents.command import Command, Intent
from tests.support import kube_objects


async def _first(iterator, timeout=10.0):
    return await asyncio.wait_for(anext(iterator), timeout)


def _kubectl_set_image(api, name: str, ns: str, image: str) -> None:
    """What `kubectl set image` sends: a strategic merge patch with fieldManager=kubectl-set."""
    client.AppsV1Api(api).patch_namespaced_deployment(
        name,
        ns,
        {"spec": {"template": {"spec": {"containers": [{"name": name, "image": image}]}}}},
        field_manager="kubectl-set",
    )


async def test_a_new_revision_is_seen_once_with_its_field_manager(real_cluster, kube_namespace) -> None:
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    kube_objects.deployment(api, ns, "api", "api:1.0", replicas=1)
    seen = real_cluster.watch_revisions(ns, poll=0.05)
    first = asyncio.ensure_future(_first(seen))
    await asyncio.sleep(0.3)  # the baseline list: nothing is announced for what already is
    assert not first.done()
    await asyncio.to_thread(_kubectl_set_image, api, "web", ns, "nginx:1.27")
    found = await first
    assert (found.app, found.revision, found.image, found.manager, found.by_us) == (
        "web",
        2,
        "nginx:1.27",
        "kubectl-set",
        False,
    )
    later = asyncio.ensure_future(_first(seen, timeout=0.5))
    try:
        await later
        raise AssertionError("the same revision was yielded twice")
    except TimeoutError:
        pass
    await seen.aclose()


async def test_the_bots_own_change_is_marked_as_ours(real_cluster, kube_namespace) -> None:
    api, ns = kube_namespace.api, kube_namespace.name
    kube_objects.deployment(api, ns, "web", "nginx:1.25", replicas=1)
    seen = real_cluster.watch_revisions(ns, poll=0.05)
    first = asyncio.ensure_future(_first(seen))
    await asyncio.sleep(0.3)
    await real_cluster.apply(Command(intent=Intent.DEPLOY, app="web", image="nginx:1.27"))
    found = await first
    assert found.manager == "klepaas" and found.by_us
    await seen.aclose()
