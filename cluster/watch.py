"""
Watching a rollout until it is done, failed, or we stop waiting.

We poll `read_namespaced_deployment` (RBAC `get` on deployments, nothing more)
every `poll` seconds and evaluate it with kubectl's rules; while the rollout
is unfinished we also list the app's pods to name the ones crash-looping.
A progress value is yielded whenever it changes, and the last one is final:
`done`, `failed`, or `timed_out`.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

from cluster import ages, pods, progress
from cluster._kube import Kube
from cluster.changes import RolloutProgress
from cluster.status import crashing

__all__ = ["DEFAULT_POLL", "DEFAULT_TIMEOUT", "watch_rollout"]

DEFAULT_TIMEOUT = 300.0  # seconds
DEFAULT_POLL = 2.0  # seconds between reads


async def _evaluate(kube: Kube, app: str, namespace: str) -> RolloutProgress:
    deployment = await kube.call(kube.apps.read_namespaced_deployment, app, namespace)
    found = progress.evaluate(deployment)
    if found.done:
        return found
    at = ages.now()
    infos = [pods.info(p, at=at) for p in await pods.list_for(kube, deployment)]
    return progress.evaluate(deployment, crashing=crashing(infos))


async def watch_rollout(
    kube: Kube,
    app: str,
    namespace: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    poll: float = DEFAULT_POLL,
) -> AsyncIterator[RolloutProgress]:
    """Yield the rollout's progress on each change until it is done, failed or timed out."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last: RolloutProgress | None = None
    while True:
        current = await _evaluate(kube, app, namespace)
        if current.done or current.failed:
            yield current
            return
        if loop.time() >= deadline:
            yield dataclasses.replace(current, timed_out=True)
            return
        if current != last:
            yield current
            last = current
        await asyncio.sleep(max(0.0, min(poll, deadline - loop.time())))
