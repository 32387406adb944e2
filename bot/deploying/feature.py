"""
The deploying part as one value: its routes, its Bolt listeners, the `history`
handler and its background loops (approval expiry, resuming interrupted deploy
runs, outside-deploy watches).

Built by `start_deploying(…)` from the runner and intake the composition root
(bot/app/features.py) made with the deploy rules, and handed to the web server and the Bolt app by
bot/app/features.py like every other part (the Approve/Reject listeners live in
bot/slack/listeners/deploys.py, the only room that reads Slack payloads).

Singleton work (resuming runs nobody holds, watching for outside deploys) runs
only while `leading()` says this replica is the leader: the composition root
hands the leader election's `is_leader` to `lead()` (bot/app/leader.py). Until
then, and with one replica and no election (tests, the playground), this
replica leads. The rows stay the fences either way: a run is claimed by one
UPDATE, an outside revision is announced by one INSERT.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import structlog
from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.deploying.announcements import OutsideDeploys
from bot.deploying.approvals import Approvals
from bot.deploying.history import History
from bot.deploying.intake import DeployIntake
from bot.deploying.runs import DeployRunner
from bot.infra.identity import replica_id
from bot.infra.tasks import BackgroundTasks
from bot.policy.access import Access

log = structlog.get_logger(__name__)

__all__ = ["Deploying", "History", "start_deploying"]

EXPIRY_SWEEP = 30.0  # seconds between sweeps for approvals whose time is up
RESUME_EVERY = 2.0  # seconds between the leader's sweeps for deploy runs nobody holds


@dataclass
class Leading:
    """Whether this replica does the singleton work now; replaced by the leader election's answer."""

    ask: Callable[[], bool] = field(default=lambda: True)

    def __call__(self) -> bool:
        return self.ask()


@dataclass(frozen=True)
class Deploying:
    runner: DeployRunner
    intake: DeployIntake
    approvals: Approvals
    outside: OutsideDeploys | None
    loops: BackgroundTasks  # its own task set: the app's holds work that ends, and tests wait for it to be empty
    leading: Leading = field(default_factory=Leading)

    def routes(self) -> list[web.RouteDef]:
        return self.intake.routes()

    def lead(self, is_leader: Callable[[], bool]) -> None:
        """From now on, do the singleton work only while `is_leader()` (LeaderElection.is_leader)."""
        self.leading.ask = is_leader

    async def resume_forever(self, every: float) -> None:
        """While leading: claim the deploy runs nobody holds and finish them, every `every` seconds."""
        while True:
            if self.leading() and not self.runner.tasks.stopping:
                try:
                    await self.runner.resume()
                except SQLAlchemyError as exc:
                    log.error("deploy.resume_failed", error=type(exc).__name__)
            await asyncio.sleep(every)

    async def close(self) -> None:
        await self.loops.close()


async def start_deploying(
    *,
    runner: DeployRunner,
    intake: DeployIntake,
    watch: Sequence[str],
    watch_poll: float,
    resume_every: float = RESUME_EVERY,
    access: Access | None = None,
) -> Deploying:
    """The part, with its loops started in a task set of their own (stopped by `Deploying.close`).

    `watch`: the namespaces whose outside deploys are announced (none without a cluster).
    """
    approvals = Approvals(runner, access=access)
    leading = Leading()
    loops = BackgroundTasks()
    sweep = min(EXPIRY_SWEEP, max(0.2, runner.approval_ttl.total_seconds() / 4))
    loops.spawn(approvals.expire_forever(sweep), name="deploys:expiry", resumable=True)
    outside = None
    if watch and runner.cluster is not None:
        outside = OutsideDeploys(runner, sorted(watch), replica_id(), poll=watch_poll, leading=leading)
        loops.spawn(outside.run(), name="deploys:outside", resumable=True)
    deploying = Deploying(
        runner=runner, intake=intake, approvals=approvals, outside=outside, loops=loops, leading=leading
    )
    loops.spawn(deploying.resume_forever(resume_every), name="deploys:resume", resumable=True)
    return deploying
