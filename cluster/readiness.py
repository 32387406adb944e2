"""
The readiness probe: GET /version, one request at a time however often it is asked.

`/readyz` may be polled while the API server hangs. Concurrent pings share one request on a
thread of its own (`Kube.probe`), so at most one probe waits and commands keep their threads.
"""

from __future__ import annotations

import asyncio

from cluster._kube import Kube

__all__ = ["PING_TIMEOUT", "VersionProbe"]

PING_TIMEOUT = 3.0  # seconds a readiness probe waits for GET /version


class VersionProbe:
    """Pings of one cluster (or one person's view of it): the server's gitVersion, or its error."""

    def __init__(self, kube: Kube) -> None:
        self._kube = kube
        self._pending: asyncio.Future[str] | None = None

    async def ping(self, *, timeout: float = PING_TIMEOUT) -> str:
        if self._pending is None:
            self._pending = asyncio.ensure_future(self._probe(timeout))
            self._pending.add_done_callback(self._done)
        return await asyncio.shield(self._pending)

    async def _probe(self, timeout: float) -> str:
        info = await self._kube.probe(self._kube.version.get_code, timeout=timeout)
        return str(info.git_version)

    def _done(self, done: asyncio.Future[str]) -> None:
        self._pending = None
        if not done.cancelled():
            done.exception()  # NB: retrieved here, so a ping nobody waits for any more logs no warning
