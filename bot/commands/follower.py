"""
The one rollout follower: a change's rollout followed by the generation its write produced, under
the lease of the row that records it, with its one message edited in place on every progress.

A confirmed change (bot/commands/rollout_watch.py), a CI deploy run (bot/deploying/following.py)
and a deploy made outside the bot (bot/deploying/announcements.py) are followed alike: through
`cluster.follow` (done, failed with Kubernetes' reason, superseded by someone else's change, timed
out), showing each unfinished progress, renewing the row's lease every third of its span while it
follows. A lease that could not be renewed stops the follow (`LeaseLost`): another replica holds the
row now and writes the result; this one writes nothing more. What the messages say, and the result
with its buttons, belongs to each caller.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cluster import RolloutProgress

if TYPE_CHECKING:  # NB: importing Cluster loads the kubernetes client; `klepaas serve` without a cluster must not
    from cluster import Cluster

__all__ = ["Follower", "LeaseLost"]


class LeaseLost(Exception):
    """Another replica holds the row now (our lease ran out): stop, and write nothing."""


@dataclass(frozen=True)
class Follower:
    cluster: Cluster
    poll: float  # seconds between reads of the Deployment

    async def follow(
        self,
        *,
        app: str,
        namespace: str,
        generation: int | None,
        timeout: float,
        show: Callable[[RolloutProgress], Awaitable[None]],
        renew: Callable[[], Awaitable[bool]] | None = None,
        every: float = 5.0,
    ) -> RolloutProgress | None:
        """Follow to the end; the last progress (None when the rollout said nothing).

        `show` gets every unfinished progress; with `renew` (the row's lease) it is called every
        `every` seconds, and False raises `LeaseLost`. A `ClusterError` leaves as itself.
        """
        try:
            async with asyncio.TaskGroup() as group:
                keeper = group.create_task(self._keep(renew, every)) if renew is not None else None
                last: RolloutProgress | None = None
                async for progress in self.cluster.follow(
                    app, namespace, generation=generation, timeout=timeout, poll=self.poll
                ):
                    last = progress
                    if not progress.finished:
                        await show(progress)
                if keeper is not None:
                    keeper.cancel()
            return last
        except BaseExceptionGroup as failed:
            lost, other = failed.split(LeaseLost)
            if other is not None:
                raise other.exceptions[0] from None
            assert lost is not None
            raise lost.exceptions[0] from None

    @staticmethod
    async def _keep(renew: Callable[[], Awaitable[bool]] | None, every: float) -> None:
        assert renew is not None
        while True:
            await asyncio.sleep(every)
            if not await renew():
                raise LeaseLost()
