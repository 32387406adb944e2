"""
The deploying part as one value: its routes, its Bolt listeners, the `history`
handler and its background loops (approval expiry, outside-deploy watches).

Built by `start_deploying(deps)` from the typed Deps (the deploy rules come from
the composition root), and handed to the web server and the Bolt app by
bot/app/features.py like every other part (the Approve/Reject listeners live in
bot/slack/listeners/deploys.py, the only room that reads Slack payloads).
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from bot.app.deps import Deps
from bot.deploying.announcements import OutsideDeploys
from bot.deploying.approvals import Approvals
from bot.deploying.deliveries import Deliveries
from bot.deploying.history import show_history
from bot.deploying.intake import DeployIntake
from bot.deploying.runs import DEFAULT_POLL, DeployRunner
from bot.infra.identity import replica_id
from bot.infra.tasks import BackgroundTasks

__all__ = ["Deploying", "show_history", "start_deploying"]

EXPIRY_SWEEP = 30.0  # seconds between sweeps for approvals whose time is up


@dataclass(frozen=True)
class Deploying:
    runner: DeployRunner
    intake: DeployIntake
    approvals: Approvals
    outside: OutsideDeploys | None

    def routes(self) -> list[web.RouteDef]:
        return self.intake.routes()


async def start_deploying(deps: Deps, *, poll: float = DEFAULT_POLL) -> Deploying:
    """The part, with its loops started in a task set of their own (cancelled on shutdown)."""
    runner = DeployRunner(deps, deps.deploy_rules, poll=poll)
    approvals = Approvals(runner)
    intake = DeployIntake(runner, Deliveries(deps.db, deps.cache))
    # NB: the loops live in a task set of their own, like the alert outbox's worker: the app's set
    # (deps.tasks) holds work that ends, and tests wait for it to be empty.
    loops = BackgroundTasks()
    deps.closers.append(loops.close)
    sweep = min(EXPIRY_SWEEP, max(0.2, deps.settings.approval_ttl_seconds / 4))
    loops.spawn(approvals.expire_forever(sweep), name="deploys:expiry", resumable=True)
    namespaces = sorted({*deps.settings.watch_namespaces, *deps.deploy_rules.watch})
    outside = None
    if namespaces and deps.cluster is not None:
        outside = OutsideDeploys(runner, namespaces, replica_id(), poll=deps.settings.watch_poll_seconds)
        loops.spawn(outside.run(), name="deploys:outside", resumable=True)
    return Deploying(runner=runner, intake=intake, approvals=approvals, outside=outside)
